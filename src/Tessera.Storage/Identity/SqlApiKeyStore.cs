using System.Data.Common;
using Tessera.Storage.Sql;
using Tessera.Storage.Workflows;

namespace Tessera.Storage.Identity;

/// <summary>API keys over portable SQL.</summary>
internal sealed class SqlApiKeyStore(SqlDatabase db) : IApiKeyStore
{
    private const string Columns = "id, name, project_id, role, key_hash, prefix, created_by, created_at, last_used_at";

    public async Task<StoredApiKey> CreateAsync(NewApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(key.KeyHash);
        var stored = new StoredApiKey
        {
            Id = SqlWorkflowStore.NewId(),
            Name = key.Name,
            ProjectId = key.ProjectId,
            Role = key.Role,
            KeyHash = key.KeyHash,
            Prefix = key.Prefix,
            CreatedBy = key.CreatedBy,
            CreatedAt = db.Now(),
        };
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                $"INSERT INTO api_keys ({Columns}) VALUES (@id, @name, @project_id, @role, @key_hash, @prefix, @created_by, @created_at, NULL)",
                null,
                cancellationToken,
                ("id", stored.Id),
                ("name", stored.Name),
                ("project_id", stored.ProjectId),
                ("role", stored.Role.ToName()),
                ("key_hash", stored.KeyHash),
                ("prefix", stored.Prefix),
                ("created_by", stored.CreatedBy),
                ("created_at", db.TimeValue(stored.CreatedAt))).ConfigureAwait(false);
        }
        catch (DbException e) when (db.IsForeignKeyViolation(e))
        {
            throw new IdentityConflictException($"Project '{key.ProjectId}' or user '{key.CreatedBy}' does not exist; create the key in an existing project.");
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            throw new IdentityConflictException("An API key with the same hash already exists; generate a new key.");
        }

        return stored;
    }

    public Task<StoredApiKey?> FindByHashAsync(string keyHash, CancellationToken cancellationToken) => ReadOneAsync("key_hash", keyHash, cancellationToken);

    public Task<StoredApiKey?> GetAsync(string id, CancellationToken cancellationToken) => ReadOneAsync("id", id, cancellationToken);

    public async Task<IReadOnlyList<StoredApiKey>> ListAsync(string? projectId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM api_keys" + (projectId is null ? string.Empty : " WHERE project_id = @project_id") + " ORDER BY created_at DESC, id");
        if (projectId is not null)
        {
            command.With("project_id", projectId);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<StoredApiKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    public async Task TouchAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE api_keys SET last_used_at = @at WHERE id = @id", null, cancellationToken, ("id", id), ("at", db.TimeValue(at))).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM api_keys WHERE id = @id", null, cancellationToken, ("id", id)).ConfigureAwait(false) > 0;
    }

    private async Task<StoredApiKey?> ReadOneAsync(string column, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM api_keys WHERE {column} = @value").With("value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private StoredApiKey Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        ProjectId = reader.GetString(2),
        Role = ProjectRoles.Parse(reader.GetString(3)),
        KeyHash = reader.GetString(4),
        Prefix = reader.GetString(5),
        CreatedBy = reader.GetNullableString(6),
        CreatedAt = db.ReadTime(reader, 7),
        LastUsedAt = db.ReadNullableTime(reader, 8),
    };
}
