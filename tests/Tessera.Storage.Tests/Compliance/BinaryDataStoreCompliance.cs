using System.Security.Cryptography;
using Tessera.Engine.Journal;
using Tessera.Storage.Binary;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>The binary data contract every backend must meet.</summary>
public abstract class BinaryDataStoreCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private IBinaryDataStore Store => Storage.BinaryData;

    [StoreFact]
    public async Task PutAsync_Bytes_IdIsSha256AndBytesReadBack()
    {
        var bytes = RandomNumberGenerator.GetBytes(200_000);

        var id = await Store.PutAsync(bytes, Ct);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), id);
        Assert.True(await Store.ExistsAsync(id, Ct));
        Assert.Equal(bytes, await Store.ReadAllBytesAsync(id, Ct));
    }

    [StoreFact]
    public async Task PutAsync_SameBytesTwice_SameIdOneCopy()
    {
        var first = await Store.PutAsync("hello"u8.ToArray(), Ct);
        var second = await Store.PutAsync("hello"u8.ToArray(), Ct);

        Assert.Equal(first, second);
        Assert.Equal(1L, Convert.ToInt64(await Target.ScalarAsync("SELECT COUNT(*) FROM binary_blobs"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [StoreFact]
    public async Task OpenReadAsync_UnknownId_ReturnsNull()
    {
        var unknown = new string('a', 64);

        Assert.Null(await Store.OpenReadAsync(unknown, Ct));
        Assert.False(await Store.ExistsAsync(unknown, Ct));
    }

    [StoreFact]
    public async Task OpenReadAsync_MalformedId_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync("../../etc/passwd", Ct));
    }

    [StoreFact]
    public async Task DeleteUnreferencedAsync_MixedBlobs_DeletesOnlyOldUnreferenced()
    {
        await Storage.Executions.CreateAsync(new ExecutionCreated { ExecutionId = "e1", WorkflowJson = "{}", Mode = "manual" }, Ct);
        var kept = await Store.PutAsync(new byte[] { 1 }, Ct);
        var orphan = await Store.PutAsync(new byte[] { 2 }, Ct);
        await Store.AddReferenceAsync(kept, "e1", Ct);
        await Store.AddReferenceAsync(kept, "e1", Ct);
        Time.Advance(TimeSpan.FromHours(1));
        var fresh = await Store.PutAsync(new byte[] { 3 }, Ct);

        var deleted = await Store.DeleteUnreferencedAsync(Time.GetUtcNow().AddMinutes(-10), Ct);

        Assert.Equal(1, deleted);
        Assert.False(await Store.ExistsAsync(orphan, Ct));
        Assert.Null(await Store.OpenReadAsync(orphan, Ct));
        Assert.True(await Store.ExistsAsync(kept, Ct));
        Assert.True(await Store.ExistsAsync(fresh, Ct));
        Assert.Equal(new byte[] { 1 }, await Store.ReadAllBytesAsync(kept, Ct));
    }

    [StoreFact]
    public async Task RemoveReferencesAsync_ThenSweep_DeletesBlob()
    {
        var id = await Store.PutAsync(new byte[] { 9 }, Ct);
        await Store.AddReferenceAsync(id, "owner", Ct);

        Assert.Equal(1, await Store.RemoveReferencesAsync("owner", Ct));
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Store.DeleteUnreferencedAsync(Time.GetUtcNow(), Ct));
        Assert.False(await Store.ExistsAsync(id, Ct));

        var again = await Store.PutAsync(new byte[] { 9 }, Ct);
        Assert.Equal(new byte[] { 9 }, await Store.ReadAllBytesAsync(again, Ct));
    }

    [StoreFact]
    public async Task AddReferenceAsync_UnknownBlob_ThrowsInvalidOperation()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AddReferenceAsync(new string('b', 64), "owner", Ct));
    }
}
