using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Credentials;

/// <summary>Credential rows over portable SQL; the <c>(project_id, type, name)</c> unique index enforces names.</summary>
internal abstract class SqlCredentialStore(SqlDatabase db) : ICredentialStore
{
    private const string Columns = "id, project_id, name, type, field_names, created_at, updated_at, data, key_id, ordinal";

    public async Task CreateAsync(EncryptedCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var info = credential.Info;
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO credentials (id, project_id, name, type, field_names, data, key_id, created_at, updated_at)
                VALUES (@id, @project_id, @name, @type, @field_names, @data, @key_id, @created_at, @updated_at)
                """,
                null,
                cancellationToken,
                ("id", info.Id),
                ("project_id", info.ProjectId),
                ("name", info.Name),
                ("type", info.Type),
                ("field_names", JsonSerializer.Serialize(info.FieldNames)),
                ("data", credential.Data),
                ("key_id", credential.KeyId),
                ("created_at", db.TimeValue(info.CreatedAt)),
                ("updated_at", db.TimeValue(info.UpdatedAt))).ConfigureAwait(false);
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            throw new CredentialConflictException(info.ProjectId, info.Type, info.Name);
        }
    }

    public async Task<EncryptedCredential?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM credentials WHERE id = @id").With("id", id);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<EncryptedCredential?> FindByNameAsync(string projectId, string type, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM credentials WHERE project_id = @project_id AND type = @type AND name = @name")
            .With("project_id", projectId)
            .With("type", type)
            .With("name", name);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CredentialPage> ListAsync(CredentialQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "CredentialQuery.Limit must be between 1 and 1000.");
        }

        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.ProjectId is not null)
        {
            where.Add("project_id = @project_id");
            command.With("project_id", query.ProjectId);
        }

        if (query.Type is not null)
        {
            where.Add("type = @type");
            command.With("type", query.Type);
        }

        if (query.Cursor is not null)
        {
            if (!long.TryParse(query.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
            {
                throw new ArgumentException($"Credential list cursor '{query.Cursor}' is not valid; pass the nextCursor of a previous page.", nameof(query));
            }

            where.Add("ordinal > @cursor");
            command.With("cursor", cursor);
        }

        // The blob is not selected: listing never touches secrets, not even encrypted ones.
        command.CommandText = "SELECT id, project_id, name, type, field_names, created_at, updated_at, NULL, NULL, ordinal FROM credentials"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty)
            + " ORDER BY ordinal LIMIT @limit";
        command.With("limit", query.Limit + 1);
        var items = new List<CredentialInfo>();
        long lastOrdinal = 0;
        var more = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (items.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                items.Add(ReadInfo(reader));
                lastOrdinal = reader.GetInt64(9);
            }
        }

        return new CredentialPage(items, more ? lastOrdinal.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<bool> UpdateAsync(EncryptedCredential credential, byte[] expectedData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(expectedData);
        var info = credential.Info;
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await connection.ExecuteAsync(
                "UPDATE credentials SET name = @name, field_names = @field_names, data = @data, key_id = @key_id, updated_at = @updated_at WHERE id = @id AND data = @expected",
                null,
                cancellationToken,
                ("id", info.Id),
                ("name", info.Name),
                ("field_names", JsonSerializer.Serialize(info.FieldNames)),
                ("data", credential.Data),
                ("key_id", credential.KeyId),
                ("updated_at", db.TimeValue(info.UpdatedAt)),
                ("expected", expectedData)).ConfigureAwait(false) > 0;
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            throw new CredentialConflictException(info.ProjectId, info.Type, info.Name);
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM credentials WHERE id = @id", null, cancellationToken, ("id", id)).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyCollection<string>> ListKeyIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT DISTINCT key_id FROM credentials ORDER BY key_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<int> ResealAllAsync(Func<EncryptedCredential, (byte[] Data, string KeyId)> reseal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reseal);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var rows = new List<EncryptedCredential>();
        await using (var command = connection.Command($"SELECT {Columns} FROM credentials ORDER BY ordinal{db.ForUpdate}", transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(ReadFull(reader));
            }
        }

        foreach (var row in rows)
        {
            var (data, keyId) = reseal(row);
            await connection.ExecuteAsync(
                "UPDATE credentials SET data = @data, key_id = @key_id WHERE id = @id",
                transaction,
                cancellationToken,
                ("id", row.Info.Id),
                ("data", data),
                ("key_id", keyId)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }

    private async Task<EncryptedCredential?> ReadOneAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadFull(reader) : null;
    }

    private EncryptedCredential ReadFull(DbDataReader reader) =>
        new(ReadInfo(reader), reader.GetFieldValue<byte[]>(7), reader.GetString(8));

    private CredentialInfo ReadInfo(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        ProjectId = reader.GetString(1),
        Name = reader.GetString(2),
        Type = reader.GetString(3),
        FieldNames = JsonSerializer.Deserialize<string[]>(reader.GetString(4)) ?? [],
        CreatedAt = db.ReadTime(reader, 5),
        UpdatedAt = db.ReadTime(reader, 6),
    };
}

/// <summary>SQLite credentials.</summary>
internal sealed class SqliteCredentialStore(SqliteDatabase db) : SqlCredentialStore(db);

/// <summary>PostgreSQL credentials.</summary>
internal sealed class PostgresCredentialStore(PostgresDatabase db) : SqlCredentialStore(db);
