using Tessera.Storage.Sql;

namespace Tessera.Storage.Binary;

/// <summary>
/// PostgreSQL binary data: bytes in the <c>binary_blobs.data</c> bytea column, so every process sharing the
/// database (main, workers, webhook processes) sees the same files without a shared disk.
/// </summary>
internal sealed class PostgresBinaryDataStore(PostgresDatabase db) : SqlBinaryDataStore(db)
{
    public override async Task<string> PutAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var (id, size) = await CopyHashingAsync(content, buffer, cancellationToken).ConfigureAwait(false);
        await using var connection = await Db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await Db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await UpsertBlobRowAsync(connection, transaction, id, size, "data", buffer.ToArray(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    public override async Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken)
    {
        ValidateId(id);
        await using var connection = await Db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT data FROM binary_blobs WHERE id = @id").With("id", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] bytes
            ? new MemoryStream(bytes, writable: false)
            : null;
    }

    public override async Task<int> DeleteUnreferencedAsync(DateTimeOffset storedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await Db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await Db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var ids = await DeleteUnreferencedRowsAsync(connection, transaction, storedBefore, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ids.Count;
    }
}
