namespace Tessera.Storage.Identity;

/// <summary>API keys for automation: each is scoped to one project and role, and stored only as a hash.</summary>
public interface IApiKeyStore
{
    /// <summary>Saves a key (its hash, never the key).</summary>
    Task<StoredApiKey> CreateAsync(NewApiKey key, CancellationToken cancellationToken);

    /// <summary>The key with this hash, or null.</summary>
    Task<StoredApiKey?> FindByHashAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>The key, or null.</summary>
    Task<StoredApiKey?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Keys, newest first; only one project's when <paramref name="projectId"/> is given.</summary>
    Task<IReadOnlyList<StoredApiKey>> ListAsync(string? projectId, CancellationToken cancellationToken);

    /// <summary>Stamps the key's last use.</summary>
    Task TouchAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes (revokes) the key. False when there was no such key.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

/// <summary>A key to save.</summary>
public sealed record NewApiKey
{
    /// <summary>A label for people.</summary>
    public required string Name { get; init; }

    /// <summary>The project it acts in.</summary>
    public required string ProjectId { get; init; }

    /// <summary>Its role in that project.</summary>
    public required ProjectRole Role { get; init; }

    /// <summary>The SHA-256 hash of the key.</summary>
    public required string KeyHash { get; init; }

    /// <summary>The first characters of the key, so people can tell keys apart.</summary>
    public required string Prefix { get; init; }

    /// <summary>The user who created it.</summary>
    public string? CreatedBy { get; init; }
}

/// <summary>A stored API key (without the key).</summary>
public sealed record StoredApiKey
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The label.</summary>
    public required string Name { get; init; }

    /// <summary>The project it acts in.</summary>
    public required string ProjectId { get; init; }

    /// <summary>Its role in that project.</summary>
    public ProjectRole Role { get; init; }

    /// <summary>The SHA-256 hash of the key.</summary>
    public required string KeyHash { get; init; }

    /// <summary>The first characters of the key.</summary>
    public required string Prefix { get; init; }

    /// <summary>The user who created it (null once that user is deleted).</summary>
    public string? CreatedBy { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last used.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }
}
