using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Values.Crypto;

/// <summary>Small helpers the value nodes (Crypto, JWT, TOTP, HTTP Request) share for writing results and per-item failures.</summary>
internal static class ItemResults
{
    /// <summary>Sets <paramref name="value"/> at a dotted path (<c>a.b.c</c>), creating objects on the way, like n8n's property paths.</summary>
    public static void SetPath(JsObject target, string path, JsValue value)
    {
        var parts = path.Split('.');
        var current = target;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (current[parts[i]].TryGetObject() is not { } next)
            {
                next = new JsObject();
                current[parts[i]] = next;
            }

            current = next;
        }

        current[parts[^1]] = value;
    }

    /// <summary>True when the node's settings turn a failed item into an output item instead of failing the node.</summary>
    public static bool ContinuesOnFail(WorkflowNode node) => node.ErrorMode != OnErrorMode.StopWorkflow;

    /// <summary>The item n8n emits for a failed input item when the node continues on fail: <c>{ error }</c>, paired with the input.</summary>
    public static Item ErrorItem(Exception error, int itemIndex)
    {
        var description = (error as NodeOperationException)?.Description;
        return new Item(new JsObject { ["error"] = error.Message }, itemIndex)
        {
            Error = new NodeError
            {
                Message = error.Message,
                Name = (error as NodeOperationException)?.ErrorName ?? "NodeOperationError",
                Description = description,
            },
        };
    }

    /// <summary>Wraps a failure in the node's error type (keeping the item index) unless it is one already.</summary>
    public static NodeOperationException AsNodeError(Exception error, int itemIndex) =>
        error as NodeOperationException ?? new NodeOperationException(error.Message, itemIndex, inner: error);
}
