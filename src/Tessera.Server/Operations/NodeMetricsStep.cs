using System.Diagnostics;
using Tessera.Engine.Execution.Pipeline;
using Tessera.Engine.Nodes;

namespace Tessera.Server.Operations;

/// <summary>The outermost node step: times every node run (pinned data and retries included) by node type.</summary>
internal sealed class NodeMetricsStep(TesseraMetrics metrics) : INodeExecutionStep
{
    public ValueTask<NodeOutput> InvokeAsync(NodeExecutionContext context, NodeExecutionDelegate next)
    {
        var start = Stopwatch.GetTimestamp();
        ValueTask<NodeOutput> pending;
        try
        {
            pending = next(context);
        }
        catch
        {
            Record(context, start);
            throw;
        }

        // Most nodes (Set, If, …) finish synchronously: no async state machine for them.
        if (pending.IsCompleted)
        {
            Record(context, start);
            return pending;
        }

        return AwaitAsync(pending, context, start);
    }

    private async ValueTask<NodeOutput> AwaitAsync(ValueTask<NodeOutput> pending, NodeExecutionContext context, long start)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            Record(context, start);
        }
    }

    private void Record(NodeExecutionContext context, long start) =>
        metrics.NodeRan(context.Execution.Id, context.Workflow.Id, context.Node.Type, start);
}
