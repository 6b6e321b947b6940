using Tessera.Engine.Nodes;

namespace Tessera.Engine.Execution.Pipeline;

/// <summary>Runs the rest of the pipeline (ending with the node itself).</summary>
public delegate ValueTask<NodeOutput> NodeExecutionDelegate(NodeExecutionContext context);

/// <summary>
/// One step around every node execution: policy, guardrails, breakpoints, fault injection, retries, tracing…
/// A step may act before and after <c>next</c>, replace its result, or not call it at all.
/// </summary>
public interface INodeExecutionStep
{
    /// <summary>Runs the step; call <paramref name="next"/> to continue the pipeline.</summary>
    ValueTask<NodeOutput> InvokeAsync(NodeExecutionContext context, NodeExecutionDelegate next);
}
