using Tessera.Engine.Workflows;
using Tessera.Nodes.Flow.SubWorkflows;
using Tessera.Storage;
using Tessera.Storage.Credentials;

namespace Tessera.Server.Workflows;

/// <summary>
/// Execute Workflow's "database" source on the server: the saved workflow with that id, as last saved, and only from the
/// calling workflow's own project (another project's workflow counts as missing, so ids don't leak across tenants).
/// </summary>
internal sealed class StoredSubWorkflowResolver(TesseraStorage storage) : ISubWorkflowResolver
{
    public async ValueTask<Workflow?> ResolveAsync(string workflowId, CancellationToken cancellationToken)
    {
        var stored = await storage.Workflows.GetAsync(workflowId, cancellationToken).ConfigureAwait(false);
        if (stored is null || (CredentialScope.Current is { } scope && stored.ProjectId is { } project && project != scope.ProjectId))
        {
            return null;
        }

        var workflow = WorkflowJson.Parse(stored.Json);
        workflow.Id = stored.Id;
        return workflow;
    }
}
