namespace Tessera.Storage.Identity;

/// <summary>People who sign in. Emails are unique, compared case-insensitively (stored lower-case).</summary>
public interface IUserStore
{
    /// <summary>Creates a user; fails with <see cref="IdentityConflictException"/> when the email is taken.</summary>
    Task<StoredUser> CreateAsync(NewUser user, CancellationToken cancellationToken);

    /// <summary>Creates the first user only while there is none (first-run set-up); null when a user already exists.</summary>
    Task<StoredUser?> CreateFirstAsync(NewUser user, CancellationToken cancellationToken);

    /// <summary>The user, or null.</summary>
    Task<StoredUser?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The user with this email (any case), or null.</summary>
    Task<StoredUser?> FindByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>Every user, by email.</summary>
    Task<IReadOnlyList<StoredUser>> ListAsync(CancellationToken cancellationToken);

    /// <summary>How many users exist.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);

    /// <summary>Changes the fields the update sets; null when there is no such user. Fails with <see cref="IdentityConflictException"/> when the new email is taken.</summary>
    Task<StoredUser?> UpdateAsync(string id, UserUpdate update, CancellationToken cancellationToken);

    /// <summary>Records a failed sign-in; locks the account until <paramref name="lockUntil"/> when given.</summary>
    Task RecordFailedLoginAsync(string id, DateTimeOffset? lockUntil, CancellationToken cancellationToken);

    /// <summary>Clears the failed sign-in count and any lock.</summary>
    Task ResetFailedLoginsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes the user with their memberships and sessions. False when there was no such user.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

/// <summary>A user to create.</summary>
public sealed record NewUser
{
    /// <summary>The id; null generates one.</summary>
    public string? Id { get; init; }

    /// <summary>The sign-in email.</summary>
    public required string Email { get; init; }

    /// <summary>The display name.</summary>
    public required string Name { get; init; }

    /// <summary>The password hash (never the password).</summary>
    public required string PasswordHash { get; init; }

    /// <summary>True for the instance owner.</summary>
    public bool IsOwner { get; init; }
}

/// <summary>Changes to a user; null leaves a field as it is.</summary>
public sealed record UserUpdate
{
    /// <summary>A new email.</summary>
    public string? Email { get; init; }

    /// <summary>A new name.</summary>
    public string? Name { get; init; }

    /// <summary>A new password hash.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>Makes the user owner or not.</summary>
    public bool? IsOwner { get; init; }
}

/// <summary>A stored user.</summary>
public sealed record StoredUser
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The sign-in email, lower-case.</summary>
    public required string Email { get; init; }

    /// <summary>The display name.</summary>
    public required string Name { get; init; }

    /// <summary>The password hash.</summary>
    public required string PasswordHash { get; init; }

    /// <summary>True for the instance owner.</summary>
    public bool IsOwner { get; init; }

    /// <summary>Failed sign-ins since the last success.</summary>
    public int FailedLogins { get; init; }

    /// <summary>Sign-in is refused until then.</summary>
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>When the user was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the user was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>An identity write collided with existing data (an email taken, a duplicate id).</summary>
public sealed class IdentityConflictException(string message) : Exception(message);
