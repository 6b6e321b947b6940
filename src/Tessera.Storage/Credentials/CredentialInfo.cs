namespace Tessera.Storage.Credentials;

/// <summary>What may be shown about a credential: never its secrets, only the names of the fields that are set.</summary>
public sealed record CredentialInfo
{
    /// <summary>The credential id (opaque).</summary>
    public required string Id { get; init; }

    /// <summary>The project that owns it; only that project's workflows may use it.</summary>
    public required string ProjectId { get; init; }

    /// <summary>The display name (unique per project and type).</summary>
    public required string Name { get; init; }

    /// <summary>The credential type (e.g. <c>httpBasicAuth</c>).</summary>
    public required string Type { get; init; }

    /// <summary>The names of the fields that hold a value.</summary>
    public IReadOnlyList<string> FieldNames { get; init; } = [];

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its name or data last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A credential row as stored: its public part and the sealed data (see <c>Security/CredentialCipher</c>).</summary>
/// <param name="Info">The public part.</param>
/// <param name="Data">The AES-GCM blob.</param>
/// <param name="KeyId">The id of the key that sealed <paramref name="Data"/>.</param>
public sealed record EncryptedCredential(CredentialInfo Info, byte[] Data, string KeyId);

/// <summary>Which credentials to list, oldest first. Filters combine with AND.</summary>
public sealed record CredentialQuery
{
    /// <summary>Only this project's credentials.</summary>
    public string? ProjectId { get; init; }

    /// <summary>Only this type.</summary>
    public string? Type { get; init; }

    /// <summary>Page size (1–1000). Default 100.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>The <see cref="CredentialPage.NextCursor"/> of the previous page.</summary>
    public string? Cursor { get; init; }
}

/// <summary>A page of credentials; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record CredentialPage(IReadOnlyList<CredentialInfo> Items, string? NextCursor);

/// <summary>A credential with the same name and type already exists in the project.</summary>
public sealed class CredentialConflictException(string projectId, string type, string name)
    : Exception($"Project {projectId} already has a {type} credential named '{name}'; choose another name or update that credential.")
{
    /// <summary>The project.</summary>
    public string ProjectId { get; } = projectId;

    /// <summary>The type.</summary>
    public string Type { get; } = type;

    /// <summary>The name.</summary>
    public string Name { get; } = name;
}
