using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Data.Shared;

/// <summary>
/// Per-item failure handling of nodes that work item by item: when the node continues on failure (either onError mode),
/// a failing item becomes <c>{ error: message }</c> marked with its error, which the engine routes to the error output
/// for <c>continueErrorOutput</c>; otherwise the failure stops the node.
/// </summary>
internal static class ItemErrors
{
    /// <summary>True when the node's settings say to continue on failure.</summary>
    public static bool ContinueOnFail(NodeExecutionContext context) => context.Node.ErrorMode != OnErrorMode.StopWorkflow;

    /// <summary>Runs <paramref name="work"/> for item <paramref name="index"/>, turning user-fixable failures into error items when allowed.</summary>
    public static void Run(NodeExecutionContext context, int index, List<Item> output, Action work)
    {
        try
        {
            work();
        }
        catch (Exception e) when (IsRecoverable(context, e))
        {
            output.Add(ErrorItem(context, index, e));
        }
    }

    /// <summary>True when <paramref name="e"/> is a user-fixable failure and the node continues on failure (use in a catch filter).</summary>
    public static bool IsRecoverable(NodeExecutionContext context, Exception e) =>
        (e is NodeOperationException or ExpressionException) && ContinueOnFail(context);

    /// <summary>The <c>{ error: message }</c> item that stands for failed item <paramref name="index"/>.</summary>
    public static Item ErrorItem(NodeExecutionContext context, int index, Exception e)
    {
        var error = new NodeError
        {
            Message = e.Message,
            Name = e is NodeOperationException n ? n.ErrorName : "ExpressionError",
            Description = e is NodeOperationException d ? d.Description : null,
            Node = context.Node.Name,
            Context = new JsObject { ["itemIndex"] = index },
        };
        return new Item(new JsObject { ["error"] = e.Message }) { Paired = [new PairedItem(index)], Error = error };
    }
}
