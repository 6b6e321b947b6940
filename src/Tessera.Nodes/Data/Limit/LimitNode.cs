using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Limit;

/// <summary>n8n's Limit node: keep the first or last N items.</summary>
internal sealed class LimitNode : INodeType
{
    /// <inheritdoc />
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.limit",
        DisplayName = "Limit",
        SideEffectFree = true,
        Description = "Restrict the number of items",
        Versions = [1],
        Category = "Data transformation",
        Parameters =
        [
            Params.Num("maxItems", 1, "Max Items"),
            Params.Options("keep", "firstItems", null, "firstItems", "lastItems"),
        ],
    };

    /// <inheritdoc />
    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) => ValueTask.FromResult(Execute(context));

    /// <summary>Applies the limit (shared with Item Lists).</summary>
    internal static NodeOutput Execute(NodeExecutionContext context)
    {
        var items = context.InputItems;
        var max = context.GetNumber("maxItems", 0, 1);
        if (double.IsNaN(max) || max < 0)
        {
            throw new NodeOperationException($"'Max Items' must be a positive number, not {max}", description: "Set 'Max Items' to 1 or more.");
        }

        var take = (int)Math.Min(items.Count, Math.Floor(max));
        var start = context.GetString("keep", 0, "firstItems") == "lastItems" ? items.Count - take : 0;
        var output = new List<Item>(take);
        for (var i = start; i < start + take; i++)
        {
            output.Add(new Item(items[i].Json) { Binary = items[i].Binary, Paired = [new PairedItem(i)] });
        }

        return NodeOutput.Single(output);
    }
}
