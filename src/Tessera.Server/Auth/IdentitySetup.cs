using Tessera.Storage;
using Tessera.Storage.Identity;

namespace Tessera.Server.Auth;

/// <summary>First-run identity: the "Default" project and the owner account.</summary>
public static class IdentitySetup
{
    /// <summary>The name of the project every new instance starts with.</summary>
    public const string DefaultProjectName = "Default";

    /// <summary>The project that exists from the first start: the oldest one named "Default", created when there is none.</summary>
    public static async Task<StoredProject> EnsureDefaultProjectAsync(TesseraStorage storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var projects = await storage.Projects.ListAsync(cancellationToken).ConfigureAwait(false);
        return projects.Where(p => p.Name == DefaultProjectName).OrderBy(p => p.CreatedAt).FirstOrDefault()
            ?? await storage.Projects.CreateAsync(DefaultProjectName, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the owner while no user exists and makes them admin of the Default project; null when a user already exists.</summary>
    public static async Task<StoredUser?> CreateOwnerAsync(TesseraStorage storage, string email, string name, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var user = await storage.Users.CreateFirstAsync(
            new NewUser { Email = email, Name = name.Trim(), PasswordHash = PasswordHasher.Hash(password), IsOwner = true },
            cancellationToken).ConfigureAwait(false);
        if (user is not null)
        {
            var project = await EnsureDefaultProjectAsync(storage, cancellationToken).ConfigureAwait(false);
            await storage.Projects.SetMemberAsync(project.Id, user.Id, ProjectRole.Admin, cancellationToken).ConfigureAwait(false);
        }

        return user;
    }

    /// <summary>Why a password is refused (the API's rule: 8–1024 characters), or null when it is acceptable.</summary>
    /// <summary>The email address trimmed when it looks like one (an @ with text either side, no spaces, ≤ 254 characters); else null.</summary>
    public static string? NormalizedEmail(string? email)
    {
        var trimmed = email?.Trim() ?? string.Empty;
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        return at < 1 || at == trimmed.Length - 1 || trimmed.Contains(' ', StringComparison.Ordinal) || trimmed.Length > 254 ? null : trimmed;
    }

    public static string? PasswordProblem(string? password) =>
        string.IsNullOrEmpty(password) ? "the password is empty"
        : password.Length < PasswordHasher.MinimumLength ? $"the password must have at least {PasswordHasher.MinimumLength} characters"
        : password.Length > 1024 ? "the password must have at most 1024 characters"
        : null;

    /// <summary>Creates an API key scoped to one project and role; the key itself is returned once and stored only as a hash.</summary>
    public static async Task<CreatedApiKey> CreateApiKeyAsync(TesseraStorage storage, string name, string projectId, ProjectRole role, string? createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var key = SecretTokens.NewApiKey();
        var stored = await storage.ApiKeys.CreateAsync(
            new NewApiKey { Name = name.Trim(), ProjectId = projectId, Role = role, KeyHash = SecretTokens.Hash(key), Prefix = SecretTokens.DisplayPrefix(key), CreatedBy = createdBy },
            cancellationToken).ConfigureAwait(false);
        return new CreatedApiKey(stored, key);
    }
}

/// <summary>A new API key: what is stored, and the key to hand over once.</summary>
/// <param name="Stored">The stored record (hash and prefix only).</param>
/// <param name="Key">The key; it cannot be shown again.</param>
public sealed record CreatedApiKey(StoredApiKey Stored, string Key);
