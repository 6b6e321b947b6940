using Tessera.Engine.Items;

namespace Tessera.Nodes.Flow;

/// <summary>Item helpers the routing nodes share.</summary>
internal static class FlowItems
{
    /// <summary>The same data as <paramref name="item"/>, paired with input item <paramref name="index"/> of input <paramref name="input"/>.</summary>
    public static Item Routed(Item item, int index, int input = 0) => new(item.Json)
    {
        Binary = item.Binary,
        Paired = input == 0 ? PairedItems.Single(index) : [new PairedItem(index, input)],
    };

    /// <summary>Every item of <paramref name="items"/> routed unchanged.</summary>
    public static IReadOnlyList<Item> RoutedAll(IReadOnlyList<Item> items, int input = 0)
    {
        var result = new ItemList(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            result.Add(Routed(items[i], i, input));
        }

        return result;
    }

    /// <summary>True when the node is set to continue on errors (onError continue* or the legacy continueOnFail).</summary>
    public static bool ContinuesOnFail(Tessera.Engine.Workflows.WorkflowNode node) =>
        node.ContinueOnFail == true || node.OnError is "continueRegularOutput" or "continueErrorOutput";
}
