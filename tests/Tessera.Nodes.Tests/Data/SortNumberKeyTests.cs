using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Nodes.Data.Sort;
using static Tessera.Nodes.Tests.Data.DataNodeHarness;

namespace Tessera.Nodes.Tests.Data;

/// <summary>
/// Sorting by one number key takes a dedicated path; its order must be the general comparer's: by value, ties in input
/// order (stable), in both directions — and keys that are not all numbers must still sort the general way.
/// </summary>
public sealed class SortNumberKeyTests
{
    [Theory]
    [InlineData("ascending")]
    [InlineData("descending")]
    public async Task Sort_OneNumberKey_OrdersLikeAStableSortByValue(string direction)
    {
        var random = new Random(7);
        double[] pool = [0, -0.0, 1, -1, 2.5, 1e300, -1e300, 3, 3, 3, 42];
        var items = Enumerable.Range(0, 500)
            .Select(i => new Item(new JsObject { ["k"] = pool[random.Next(pool.Length)], ["i"] = i }))
            .ToList();
        var harness = new DataNodeHarness { Node = new SortNode(), Parameters = P("""{"sortFieldsUi":{"sortField":[{"fieldName":"k","order":"DIR"}]}}""".Replace("DIR", direction, StringComparison.Ordinal)) };

        var output = (await harness.RunAsync(items)).Main;

        var expected = direction == "descending"
            ? items.OrderByDescending(it => it.Json["k"].AsNumber()).ToList() // LINQ's sort is stable
            : items.OrderBy(it => it.Json["k"].AsNumber()).ToList();
        Assert.Equal(expected.Select(it => it.Json["i"].AsNumber()), output.Select(it => it.Json["i"].AsNumber()));
    }

    [Fact]
    public async Task Sort_NumbersMixedWithOtherKeys_UsesTheGeneralOrder()
    {
        var harness = new DataNodeHarness { Node = new SortNode(), Parameters = P("""{"sortFieldsUi":{"sortField":[{"fieldName":"k"}]}}""") };

        var result = await harness.JsonAsync(Items("""{"k":3}""", """{"k":"7"}""", """{"k":1,"first":true}""", """{"k":"5"}""", """{"k":2}""", """{"k":1}"""));

        // Numeric strings compare with numbers by value (JavaScript's <), with each other as text; equal keys keep their order.
        Assert.Equal(
            ["""{"k":1,"first":true}""", """{"k":1}""", """{"k":2}""", """{"k":3}""", """{"k":"5"}""", """{"k":"7"}"""],
            result);
    }

    [Fact]
    public async Task Sort_NaNKey_KeepsEveryItem()
    {
        var items = new List<Item>
        {
            new(new JsObject { ["k"] = 2 }), new(new JsObject { ["k"] = double.NaN }), new(new JsObject { ["k"] = 1 }),
        };
        var harness = new DataNodeHarness { Node = new SortNode(), Parameters = P("""{"sortFieldsUi":{"sortField":[{"fieldName":"k"}]}}""") };

        var output = (await harness.RunAsync(items)).Main;

        Assert.Equal(3, output.Count);
        Assert.Equal(items.Select(it => it.Json).ToHashSet(), output.Select(it => it.Json).ToHashSet());
    }
}
