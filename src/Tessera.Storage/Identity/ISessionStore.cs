namespace Tessera.Storage.Identity;

/// <summary>Browser sessions, stored by the hash of their token so a database leak yields no usable cookie.</summary>
public interface ISessionStore
{
    /// <summary>Saves a session.</summary>
    Task CreateAsync(StoredSession session, CancellationToken cancellationToken);

    /// <summary>The session with this token hash, or null (expired sessions are returned; the caller checks).</summary>
    Task<StoredSession?> FindAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Ends a session. False when there was none.</summary>
    Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Ends every session of a user (password change, removal).</summary>
    Task<int> DeleteForUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Deletes sessions that expired before <paramref name="now"/>.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A session.</summary>
/// <param name="TokenHash">The SHA-256 hash of the cookie's token.</param>
/// <param name="UserId">Who signed in.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record StoredSession(string TokenHash, string UserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
