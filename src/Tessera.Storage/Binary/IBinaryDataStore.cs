namespace Tessera.Storage.Binary;

/// <summary>
/// Content-addressed binary data (files attached to items). The id of some bytes is their SHA-256 in lowercase hex,
/// so storing the same file twice keeps one copy. Owners (usually execution ids) reference blobs; blobs no owner
/// references are removed by <see cref="DeleteUnreferencedAsync"/>.
/// </summary>
public interface IBinaryDataStore
{
    /// <summary>Stores the stream's bytes and returns their id (SHA-256, 64 lowercase hex digits).</summary>
    Task<string> PutAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>Opens the bytes for reading, or null when the id is unknown.</summary>
    Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken);

    /// <summary>True when the blob is stored.</summary>
    Task<bool> ExistsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="ownerId"/> uses the blob, so it is kept. Idempotent.</summary>
    Task AddReferenceAsync(string id, string ownerId, CancellationToken cancellationToken);

    /// <summary>Drops every reference the owner holds; returns how many.</summary>
    Task<int> RemoveReferencesAsync(string ownerId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes blobs nobody references that were stored before <paramref name="storedBefore"/> (the grace period lets
    /// a writer put a blob and reference it a moment later); returns how many were deleted.
    /// </summary>
    Task<int> DeleteUnreferencedAsync(DateTimeOffset storedBefore, CancellationToken cancellationToken);
}

/// <summary>Conveniences over <see cref="IBinaryDataStore"/>.</summary>
public static class BinaryDataStoreExtensions
{
    /// <summary>Stores bytes and returns their id.</summary>
    public static async Task<string> PutAsync(this IBinaryDataStore store, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        return await store.PutAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads all the bytes of a blob, or null when the id is unknown.</summary>
    public static async Task<byte[]?> ReadAllBytesAsync(this IBinaryDataStore store, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stream = await store.OpenReadAsync(id, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }
}
