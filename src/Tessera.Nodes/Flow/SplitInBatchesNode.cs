using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Flow;

/// <summary>
/// <c>n8n-nodes-base.splitInBatches</c> ("Loop Over Items" in v3): hands out its input in batches, one batch per run.
/// v1 has one output and ends by returning nothing; v2 has outputs [loop, done]; v3 has [done, loop]. From v2 on, the
/// items that come back through the loop are collected and sent to the done output at the end.
/// The node context (<see cref="NodeExecutionContext.State"/>, read by expressions as <c>$node["…"].context</c>) holds
/// <c>items</c> (remaining), <c>processedItems</c>, <c>currentRunIndex</c>, <c>maxRunIndex</c>, <c>noItemsLeft</c>, <c>done</c>.
/// </summary>
internal sealed class SplitInBatchesNode : INodeType
{
    private const string Remaining = "items";
    private const string Processed = "processedItems";
    private const string SourceNode = "sourceNode";

    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.splitInBatches",
        DisplayName = "Loop Over Items (Split in Batches)",
        SideEffectFree = true,
        Description = "Split data into batches and iterate over each batch",
        Versions = [1, 2, 2.1, 3],
        Group = NodeGroup.Flow,
        Category = "Flow",
        Outputs = static node => node.TypeVersion < 2 ? 1 : 2,
        OutputNames = static node => node.TypeVersion < 2 ? [] : node.TypeVersion < 3 ? ["loop", "done"] : ["done", "loop"],
        CanEndLoop = true,
        Parameters =
        [
            // Loop Over Items (v3) takes one item at a time by default; the older Split In Batches took ten.
            new NodeParameter { Name = "batchSize", Type = ParameterType.Number, Default = 10, Versions = [1, 2, 2.1] },
            new NodeParameter { Name = "batchSize", Type = ParameterType.Number, Default = 1, Versions = [3] },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var state = context.State;
        var version = context.Node.TypeVersion;
        var batchSize = Math.Max(1, (int)context.GetNumber("batchSize"));
        var input = context.InputItems;
        var source = context.Source.Count > 0 ? context.Source[0]?.PreviousNode : null;

        var initialised = state[Remaining].IsArray;
        var finished = state["done"] is { IsBoolean: true } d && d.AsBoolean();
        // A reset request counts only for fresh data: the loop-back run of the last batch may see a reset expression
        // (e.g. "noItemsLeft") that is already true, and must still end the loop instead of starting over.
        var reset = context.GetObject("options")["reset"] is var r && JsConvert.ToBoolean(r)
            && (source is null || source == state[SourceNode].TryGetString() || finished);

        List<Item> batch;
        if (!initialised || finished || reset)
        {
            var items = new JsArray(input.Count);
            for (var i = 0; i < input.Count; i++)
            {
                var json = input[i].ToJson();
                json["pairedItem"] = new JsObject { ["item"] = i };
                items.Add(json);
            }

            batch = Take(items, batchSize);
            state[Remaining] = items;
            state[Processed] = new JsArray();
            state["currentRunIndex"] = 0;
            state["maxRunIndex"] = Math.Ceiling(input.Count / (double)batchSize);
            state[SourceNode] = source is null ? JsValue.Null : source;
        }
        else
        {
            state["currentRunIndex"] = JsConvert.ToNumber(state["currentRunIndex"]) + 1;
            var processed = state[Processed].TryGetArray() ?? [];
            foreach (var item in input)
            {
                processed.Add(FromItem(item));
            }

            state[Processed] = processed;
            batch = Take(state[Remaining].AsArray(), batchSize);
        }

        var remaining = state[Remaining].AsArray().Count;
        state["noItemsLeft"] = remaining == 0;

        if (batch.Count == 0)
        {
            state["done"] = true;
            if (version < 2)
            {
                return ValueTask.FromResult(NodeOutput.None);
            }

            var all = new List<Item>();
            foreach (var value in state[Processed].TryGetArray() ?? [])
            {
                all.Add(ToItem(value));
            }

            return ValueTask.FromResult(version < 3 ? NodeOutput.Multiple([], all) : NodeOutput.Multiple(all, []));
        }

        state["done"] = false;
        return ValueTask.FromResult(version < 2 ? NodeOutput.Single(batch)
            : version < 3 ? NodeOutput.Multiple(batch, [])
            : NodeOutput.Multiple([], batch));
    }

    private static List<Item> Take(JsArray items, int count)
    {
        var n = Math.Min(count, items.Count);
        var batch = new List<Item>(n);
        for (var i = 0; i < n; i++)
        {
            batch.Add(ToItem(items[i]));
        }

        items.Items.RemoveRange(0, n);
        return batch;
    }

    // Items live in the node context as JSON so the context stays plain data (it is journaled and visible to expressions).
    private static JsValue FromItem(Item item) => item.ToJson();

    private static Item ToItem(JsValue value) => Item.FromJson(value);
}
