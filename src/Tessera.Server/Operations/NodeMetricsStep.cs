using System.Diagnostics;
using Tessera.Engine.Execution.Pipeline;
using Tessera.Engine.Nodes;

namespace Tessera.Server.Operations;

/// <summary>The outermost node step: times every node run (pinned data and retries included) by node type.</summary>
internal sealed class NodeMetricsStep(TesseraMetrics metrics) : INodeExecutionStep
{
    public async ValueTask<NodeOutput> InvokeAsync(NodeExecutionContext context, NodeExecutionDelegate next)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        finally
        {
            metrics.NodeRan(context.Execution.Id, context.Workflow.Id, context.Node.Type, start);
        }
    }
}
