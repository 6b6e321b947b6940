using Tessera.Storage.Sql;

namespace Tessera.Storage.Binary;

/// <summary>
/// SQLite binary data: bytes in <c>&lt;data dir&gt;/binary/&lt;2 hex&gt;/&lt;sha256&gt;</c>, metadata and references in the
/// database. File moves and deletes happen while the database write lock is held, so a put and a sweep of the same
/// blob cannot interleave.
/// </summary>
internal sealed class SqliteBinaryDataStore(SqliteDatabase db) : SqlBinaryDataStore(db)
{
    private readonly string _root = db.BinaryDirectory;

    public override async Task<string> PutAsync(Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        var temp = Path.Combine(_root, $".incoming-{Guid.NewGuid():N}");
        try
        {
            string id;
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                (id, size) = await CopyHashingAsync(content, file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var connection = await Db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await Db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            var path = PathOf(id);
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.Move(temp, path);
            }

            await UpsertBlobRowAsync(connection, transaction, id, size, string.Empty, null, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return id;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public override async Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken)
    {
        ValidateId(id);
        if (!await ExistsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            return new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public override async Task<int> DeleteUnreferencedAsync(DateTimeOffset storedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await Db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await Db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var ids = await DeleteUnreferencedRowsAsync(connection, transaction, storedBefore, cancellationToken).ConfigureAwait(false);

        // Delete the files while the write lock is held, so a concurrent put of the same bytes (which checks for the
        // file under the same lock) cannot find the file, skip writing it, and then lose it to this sweep. If the commit
        // failed afterwards, the rows would outlive their files; a later put of the same bytes rewrites the file.
        foreach (var id in ids)
        {
            File.Delete(PathOf(id));
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ids.Count;
    }

    private string PathOf(string id) => Path.Combine(_root, id[..2], id);
}
