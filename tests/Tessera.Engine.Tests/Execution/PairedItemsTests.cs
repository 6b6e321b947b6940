using Tessera.Engine.Items;

namespace Tessera.Engine.Tests.Execution;

public sealed class PairedItemsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(100_000)]
    [InlineData(PairedItems.Limit - 1)]
    public void Single_CachedIndex_SameArrayNamingTheIndex(int index)
    {
        var first = PairedItems.Single(index);
        var again = PairedItems.Single(index);

        Assert.Same(first, again);
        Assert.Equal([new PairedItem(index)], first);
    }

    [Fact]
    public void Single_IndexPastTheCache_FreshArrayEachTime()
    {
        var first = PairedItems.Single(PairedItems.Limit);
        var again = PairedItems.Single(PairedItems.Limit);

        Assert.NotSame(first, again);
        Assert.Equal([new PairedItem(PairedItems.Limit)], again);
    }

    [Fact]
    public void Single_NeighbouringIndices_DistinctArrays()
    {
        Assert.Equal([new PairedItem(4097)], PairedItems.Single(4097));
        Assert.Equal([new PairedItem(4098)], PairedItems.Single(4098));
    }
}
