using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Flow.SubWorkflows;

/// <summary>Finds stored workflows by id for the Execute Workflow node's "database" source.</summary>
public interface ISubWorkflowResolver
{
    /// <summary>The workflow with <paramref name="workflowId"/>, or null when there is none.</summary>
    ValueTask<Workflow?> ResolveAsync(string workflowId, CancellationToken cancellationToken);
}

/// <summary>Runs a sub-workflow for the Execute Workflow node.</summary>
public interface ISubWorkflowExecutor
{
    /// <summary>Runs <see cref="SubWorkflowRequest.Workflow"/> with the request's items as its trigger items.</summary>
    Task<SubWorkflowResult> ExecuteAsync(SubWorkflowRequest request, CancellationToken cancellationToken);
}

/// <summary>A call of a sub-workflow.</summary>
/// <param name="Workflow">The workflow to run.</param>
/// <param name="Items">The items its trigger receives.</param>
/// <param name="Parent">The calling execution.</param>
/// <param name="CallingNode">The Execute Workflow node's name.</param>
public sealed record SubWorkflowRequest(Workflow Workflow, IReadOnlyList<Item> Items, ExecutionInfo Parent, string CallingNode);

/// <summary>What a sub-workflow returned.</summary>
/// <param name="ExecutionId">The sub-execution's id.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Items">Output 0 of its last node.</param>
/// <param name="Error">Its error, when it failed.</param>
/// <param name="FailedNode">The node that failed.</param>
public sealed record SubWorkflowResult(string ExecutionId, ExecutionStatus Status, IReadOnlyList<Item> Items, NodeError? Error = null, string? FailedNode = null);
