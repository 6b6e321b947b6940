using System.Data.Common;
using System.Security.Cryptography;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Binary;

/// <summary>Blob metadata and references over portable SQL; where the bytes live is up to the backend.</summary>
internal abstract class SqlBinaryDataStore(SqlDatabase db) : IBinaryDataStore
{
    protected SqlDatabase Db { get; } = db;

    public abstract Task<string> PutAsync(Stream content, CancellationToken cancellationToken);

    public abstract Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken);

    public abstract Task<int> DeleteUnreferencedAsync(DateTimeOffset storedBefore, CancellationToken cancellationToken);

    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        ValidateId(id);
        await using var connection = await Db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT 1 FROM binary_blobs WHERE id = @id").With("id", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    public async Task AddReferenceAsync(string id, string ownerId, CancellationToken cancellationToken)
    {
        ValidateId(id);
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        await using var connection = await Db.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                "INSERT INTO binary_refs (blob_id, owner_id) VALUES (@id, @owner) ON CONFLICT (blob_id, owner_id) DO NOTHING",
                null,
                cancellationToken,
                ("id", id),
                ("owner", ownerId)).ConfigureAwait(false);
        }
        catch (DbException e) when (Db.IsForeignKeyViolation(e))
        {
            throw new InvalidOperationException($"Binary data {id} is not stored (it may have been deleted as unreferenced); store it again before referencing it.", e);
        }
    }

    public async Task<int> RemoveReferencesAsync(string ownerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        await using var connection = await Db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM binary_refs WHERE owner_id = @owner", null, cancellationToken, ("owner", ownerId)).ConfigureAwait(false);
    }

    /// <summary>Ids are SHA-256 hex; checking them also keeps file paths built from ids inside the blob folder.</summary>
    protected static void ValidateId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 64 || !id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            throw new ArgumentException($"'{id}' is not a binary data id (64 lowercase hex digits of SHA-256).", nameof(id));
        }
    }

    protected static string ToId(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>Records the blob (or refreshes its stored-at time, restarting its grace period) inside the caller's transaction.</summary>
    protected async Task UpsertBlobRowAsync(DbConnection connection, DbTransaction transaction, string id, long size, string extraColumn, object? extraValue, CancellationToken cancellationToken)
    {
        var extraNames = extraColumn.Length > 0 ? ", " + extraColumn : string.Empty;
        var extraValues = extraColumn.Length > 0 ? ", @" + extraColumn : string.Empty;
        await using var command = connection.Command(
            $"INSERT INTO binary_blobs (id, size, created_at{extraNames}) VALUES (@id, @size, @created_at{extraValues}) ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at",
            transaction)
            .With("id", id)
            .With("size", size)
            .With("created_at", Db.TimeValue(Db.Now()));
        if (extraColumn.Length > 0)
        {
            command.With(extraColumn, extraValue);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Selects and deletes unreferenced blob rows inside the caller's transaction; returns their ids.</summary>
    protected async Task<List<string>> DeleteUnreferencedRowsAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset storedBefore, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            """
            DELETE FROM binary_blobs
            WHERE created_at < @before AND NOT EXISTS (SELECT 1 FROM binary_refs r WHERE r.blob_id = binary_blobs.id)
            RETURNING id
            """,
            transaction).With("before", Db.TimeValue(storedBefore));
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Copies the stream into <paramref name="target"/> while hashing it.</summary>
    protected static async Task<(string Id, long Size)> CopyHashingAsync(Stream content, Stream target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            size += read;
        }

        return (ToId(hash.GetHashAndReset()), size);
    }
}
