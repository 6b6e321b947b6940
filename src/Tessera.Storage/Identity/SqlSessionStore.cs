using Tessera.Storage.Sql;

namespace Tessera.Storage.Identity;

/// <summary>Sessions over portable SQL.</summary>
internal sealed class SqlSessionStore(SqlDatabase db) : ISessionStore
{
    public async Task CreateAsync(StoredSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (@token_hash, @user_id, @created_at, @expires_at)",
            null,
            cancellationToken,
            ("token_hash", session.TokenHash),
            ("user_id", session.UserId),
            ("created_at", db.TimeValue(session.CreatedAt)),
            ("expires_at", db.TimeValue(session.ExpiresAt))).ConfigureAwait(false);
    }

    public async Task<StoredSession?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE token_hash = @token_hash").With("token_hash", tokenHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredSession(reader.GetString(0), reader.GetString(1), db.ReadTime(reader, 2), db.ReadTime(reader, 3))
            : null;
    }

    public async Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM sessions WHERE token_hash = @token_hash", null, cancellationToken, ("token_hash", tokenHash)).ConfigureAwait(false) > 0;
    }

    public async Task<int> DeleteForUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM sessions WHERE user_id = @user_id", null, cancellationToken, ("user_id", userId)).ConfigureAwait(false);
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM sessions WHERE expires_at < @now", null, cancellationToken, ("now", db.TimeValue(now))).ConfigureAwait(false);
    }
}
