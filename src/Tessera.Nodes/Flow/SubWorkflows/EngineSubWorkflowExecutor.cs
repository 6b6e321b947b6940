using Tessera.Engine.Execution;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Flow.SubWorkflows;

/// <summary>
/// Runs sub-workflows on a <see cref="WorkflowEngine"/>: mode "integrated", the caller's items as trigger items, starting at
/// the Execute Workflow Trigger when the workflow has one, one level deeper than the caller (the engine refuses runaway nesting).
/// </summary>
/// <remarks>
/// The engine is passed lazily because it is usually built with a service provider that contains this executor.
/// </remarks>
public sealed class EngineSubWorkflowExecutor(Func<WorkflowEngine> engine) : ISubWorkflowExecutor
{
    /// <summary>The type name of the node where sub-workflows start.</summary>
    public const string TriggerType = "n8n-nodes-base.executeWorkflowTrigger";

    /// <inheritdoc />
    public async Task<SubWorkflowResult> ExecuteAsync(SubWorkflowRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = request.Workflow.Nodes.Find(n => n.Type == TriggerType && !n.IsDisabled);
        var options = new RunOptions
        {
            Mode = ExecutionModes.Integrated,
            TriggerItems = request.Items,
            StartNode = start?.Name,
            Depth = request.Parent.Depth + 1,
            Time = request.Parent.Time,
            ParentExecutionId = request.Parent.Id,
            WorkflowId = request.Workflow.Id,
            Environment = request.Parent.Environment,
        };

        ExecutionResult result;
        try
        {
            result = await engine().RunAsync(request.Workflow, options, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowValidationException e)
        {
            return new SubWorkflowResult(string.Empty, ExecutionStatus.Error, [], new Engine.Items.NodeError { Message = e.Message, Name = "WorkflowValidationError" });
        }

        return new SubWorkflowResult(result.ExecutionId, result.Status, result.LastOutput, result.Error, result.FailedNode);
    }
}
