using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Engine.Execution.Pipeline;

/// <summary>In runs that honour pinned data, a node with pinned items outputs them instead of running (as n8n's editor does).</summary>
internal sealed class PinDataStep : INodeExecutionStep
{
    public ValueTask<NodeOutput> InvokeAsync(NodeExecutionContext context, NodeExecutionDelegate next)
    {
        if (!context.UsePinData || context.Workflow.PinData?[context.Node.Name].TryGetArray() is not { } pinned)
        {
            return next(context);
        }

        var items = new List<Item>(pinned.Count);
        for (var i = 0; i < pinned.Count; i++)
        {
            var item = Item.FromJson(JsonCodec.DeepClone(pinned[i]));
            item.Paired ??= [new PairedItem(Math.Min(i, Math.Max(0, context.InputItems.Count - 1)))];
            items.Add(item);
        }

        context.FromPinData = true;
        return ValueTask.FromResult(NodeOutput.Single(items));
    }
}
