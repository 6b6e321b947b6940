using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Engine.Tests.Execution;

public sealed class ItemListTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(1, 5)]
    [InlineData(100, 100)]
    [InlineData(8192, 8192)]
    [InlineData(8192, 8193)]
    [InlineData(20_000, 20_000)]
    [InlineData(10, 30_000)]
    [InlineData(50_000, 20_001)]
    public void Add_AnyCapacityAndCount_KeepsItemsInOrder(int capacity, int count)
    {
        var items = Enumerable.Range(0, count).Select(i => new Item(new JsObject { ["i"] = i })).ToList();
        var list = new ItemList(capacity);

        foreach (var item in items)
        {
            list.Add(item);
        }

        Assert.Equal(count, list.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Same(items[i], list[i]);
        }

        Assert.Equal(items, list); // the enumerator, in order
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Indexer_OutsideCount_Throws(int index)
    {
        var list = new ItemList(10) { };
        list.Add(Item.Empty());
        list.Add(Item.Empty());
        list.Add(Item.Empty());

        Assert.Throws<ArgumentOutOfRangeException>(() => list[index]);
    }
}
