using Tessera.Engine.Workflows;
using Tessera.Server.Triggers;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Workflows;

/// <summary>Connects activation through the API to the trigger manager (webhooks and schedules).</summary>
internal sealed class TriggerActivationHandler(TriggerManager triggers) : IWorkflowActivationHandler
{
    public async Task<IReadOnlyList<WorkflowProblem>> ActivateAsync(StoredWorkflow stored, Workflow workflow, CancellationToken cancellationToken)
    {
        try
        {
            await triggers.ActivateAsync(stored with { Active = true }, cancellationToken).ConfigureAwait(false);
            return [];
        }
        catch (TriggerActivationException e)
        {
            return [.. e.Problems.Select(p => new WorkflowProblem("triggers", p, "trigger.activation"))];
        }
    }

    public Task DeactivateAsync(string workflowId, CancellationToken cancellationToken) => triggers.DeactivateAsync(workflowId, cancellationToken);
}
