using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Files;

/// <summary>
/// Runs a per-item transformation with n8n's continue-on-fail convention: when the node's error mode lets it continue,
/// a failing item becomes <c>{ error }</c> (with <see cref="Item.Error"/> set) instead of failing the node.
/// </summary>
internal static class ItemLoop
{
    public static NodeOutput Map(NodeExecutionContext context, Func<Item, int, IEnumerable<Item>> transform)
    {
        var output = new List<Item>(context.InputItems.Count);
        for (var i = 0; i < context.InputItems.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            try
            {
                foreach (var produced in transform(context.InputItems[i], i))
                {
                    produced.Paired ??= [new PairedItem(i)];
                    output.Add(produced);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && context.Node.ErrorMode != OnErrorMode.StopWorkflow)
            {
                output.Add(ErrorItem(e, i));
            }
        }

        return NodeOutput.Single(output);
    }

    public static Item ErrorItem(Exception e, int itemIndex) => new(new JsObject { ["error"] = e.Message }, itemIndex)
    {
        Error = new NodeError
        {
            Message = e.Message,
            Description = (e as NodeOperationException)?.Description,
        },
    };

    /// <summary>Wraps a failure with the item index so users see where it happened.</summary>
    public static NodeOperationException Fail(string message, int itemIndex, string? description = null, Exception? inner = null) =>
        new(message, itemIndex, description, inner);
}
