using Tessera.Storage.StaticData;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>The static data contract every backend must meet.</summary>
public abstract class StaticDataStoreCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private IStaticDataStore Store => Storage.StaticData;

    [StoreFact]
    public async Task SetAsync_ThenGet_ReturnsJsonPerScope()
    {
        await Store.SetAsync("w", IStaticDataStore.GlobalScope, """{"a":1}""", Ct);
        await Store.SetAsync("w", IStaticDataStore.NodeScope("Poll"), """{"lastId":42}""", Ct);

        Assert.Equal("""{"a":1}""", await Store.GetAsync("w", "global", Ct));
        Assert.Equal("""{"lastId":42}""", await Store.GetAsync("w", "node:Poll", Ct));
        Assert.Null(await Store.GetAsync("other", "global", Ct));
    }

    [StoreFact]
    public async Task SetAsync_Twice_Replaces()
    {
        await Store.SetAsync("w", "global", """{"a":1}""", Ct);
        await Store.SetAsync("w", "global", """{"a":2}""", Ct);

        Assert.Equal("""{"a":2}""", await Store.GetAsync("w", "global", Ct));
    }

    [StoreFact]
    public async Task GetAllAsync_SeveralScopes_ReturnsEach()
    {
        await Store.SetAsync("w", "global", "{}", Ct);
        await Store.SetAsync("w", "node:A", "[1]", Ct);
        await Store.SetAsync("x", "global", "{}", Ct);

        var all = await Store.GetAllAsync("w", Ct);

        Assert.Equal(2, all.Count);
        Assert.Equal("[1]", all["node:A"]);
    }

    [StoreFact]
    public async Task DeleteAsync_Workflow_RemovesAllItsScopesOnly()
    {
        await Store.SetAsync("w", "global", "{}", Ct);
        await Store.SetAsync("w", "node:A", "{}", Ct);
        await Store.SetAsync("x", "global", "{}", Ct);

        Assert.Equal(2, await Store.DeleteAsync("w", Ct));

        Assert.Empty(await Store.GetAllAsync("w", Ct));
        Assert.Equal("{}", await Store.GetAsync("x", "global", Ct));
    }

    [StoreFact]
    public async Task SetAsync_InvalidJson_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SetAsync("w", "global", "{oops", Ct));
    }
}
