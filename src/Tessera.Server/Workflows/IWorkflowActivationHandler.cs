using Tessera.Engine.Workflows;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Workflows;

/// <summary>
/// Told when a workflow is activated or deactivated (register any number as singletons), so triggers
/// (webhooks, schedules) start and stop with it. The API calls <see cref="ActivateAsync"/> before it saves the
/// active flag and refuses activation (400) when any handler reports problems.
/// </summary>
public interface IWorkflowActivationHandler
{
    /// <summary>Starts the workflow's triggers; returns the problems that prevent it (empty when it is live).</summary>
    Task<IReadOnlyList<WorkflowProblem>> ActivateAsync(StoredWorkflow stored, Workflow workflow, CancellationToken cancellationToken);

    /// <summary>Stops the workflow's triggers (also called on delete, and before re-activating a changed workflow).</summary>
    Task DeactivateAsync(string workflowId, CancellationToken cancellationToken);
}
