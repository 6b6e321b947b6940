using Microsoft.AspNetCore.Http;
using Tessera.Engine.Execution;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;
using Tessera.Server.Auth;
using Tessera.Server.Workflows;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Identity;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Api;

/// <summary><c>POST /workflows/{id}/activate</c> and <c>/deactivate</c> (operator and up).</summary>
internal static class WorkflowActivation
{
    // Triggers that start runs only from inside Tessera (a person, another workflow, an error): they make nothing live.
    private static readonly HashSet<string> NotActivatable =
        ["n8n-nodes-base.manualTrigger", "n8n-nodes-base.start", "n8n-nodes-base.executeWorkflowTrigger", "n8n-nodes-base.errorTrigger"];

    public static async Task<IResult> ActivateAsync(string id, ICaller caller, TesseraStorage storage, IEnumerable<IWorkflowActivationHandler> handlers, WorkflowEngine engine, CancellationToken ct)
    {
        var (stored, denied) = await WorkflowEndpoints.LoadAsync(id, ProjectRole.Operator, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        var workflow = WorkflowDocument.ToWorkflow(stored!);
        var problems = await StartTriggersAsync(stored!, workflow, handlers, engine, ct);
        if (problems.Count > 0)
        {
            return ProblemResults.ValidationFailed(problems, $"Workflow '{stored!.Name}' cannot be activated: " + string.Join(" ", problems.Select(p => $"{p.Path}: {p.Message}")));
        }

        return await SaveActiveAsync(stored!, true, caller, storage, handlers, ct);
    }

    public static async Task<IResult> DeactivateAsync(string id, ICaller caller, TesseraStorage storage, IEnumerable<IWorkflowActivationHandler> handlers, CancellationToken ct)
    {
        var (stored, denied) = await WorkflowEndpoints.LoadAsync(id, ProjectRole.Operator, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        foreach (var handler in handlers)
        {
            await handler.DeactivateAsync(id, ct);
        }

        return await SaveActiveAsync(stored!, false, caller, storage, handlers, ct);
    }

    /// <summary>Checks the workflow can go live and starts its triggers; the problems when it cannot (triggers then stay stopped).</summary>
    internal static async Task<List<FieldError>> StartTriggersAsync(StoredWorkflow stored, Workflow workflow, IEnumerable<IWorkflowActivationHandler> handlers, WorkflowEngine engine, CancellationToken ct)
    {
        var problems = engine.Validate(workflow).Select(p => new FieldError(p.Location, p.Message)).ToList();
        var hasTrigger = workflow.Nodes.Any(n => n.Disabled != true && !NotActivatable.Contains(n.Type) && engine.NodeTypes.Find(n.Type)?.Description.Group == NodeGroup.Trigger);
        if (!hasTrigger)
        {
            problems.Add(new FieldError("nodes", "The workflow has no trigger that starts it on its own (webhook, schedule, …); add one, or run it manually instead of activating it."));
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var started = new List<IWorkflowActivationHandler>();
        foreach (var handler in handlers)
        {
            await handler.DeactivateAsync(stored.Id, ct);
            var refused = await handler.ActivateAsync(stored, workflow, ct);
            started.Add(handler);
            if (refused.Count > 0)
            {
                problems.AddRange(refused.Select(p => new FieldError(p.Location, p.Message)));
                break;
            }
        }

        if (problems.Count > 0)
        {
            foreach (var handler in started)
            {
                await handler.DeactivateAsync(stored.Id, ct);
            }
        }

        return problems;
    }

    private static async Task<IResult> SaveActiveAsync(StoredWorkflow stored, bool active, ICaller caller, TesseraStorage storage, IEnumerable<IWorkflowActivationHandler> handlers, CancellationToken ct)
    {
        if (stored.Active == active)
        {
            return Results.Ok(WorkflowDocument.ToResponse(stored));
        }

        var draft = new WorkflowDraft { Name = stored.Name, Json = stored.Json, Tags = stored.Tags, ProjectId = stored.ProjectId, Active = active };
        try
        {
            var updated = await storage.Workflows.UpdateAsync(stored.Id, draft, stored.VersionId, ct);
            if (updated is null)
            {
                return ProblemResults.NotFound("workflow", stored.Id);
            }

            await storage.RecordAsync(caller, active ? AuditActions.WorkflowActivated : AuditActions.WorkflowDeactivated, stored.Id, stored.ProjectId, new { name = stored.Name, versionId = updated.VersionId });
            return Results.Ok(WorkflowDocument.ToResponse(updated));
        }
        catch (WorkflowConflictException e)
        {
            if (active)
            {
                foreach (var handler in handlers)
                {
                    await handler.DeactivateAsync(stored.Id, ct);
                }
            }

            var current = await storage.Workflows.GetAsync(stored.Id, ct);
            return ProblemResults.VersionConflict(e.Message + " Try activating again.", current?.VersionId ?? stored.VersionId);
        }
    }
}
