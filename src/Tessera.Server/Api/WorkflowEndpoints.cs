using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Engine.Execution;
using Tessera.Server.Auth;
using Tessera.Server.Workflows;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Identity;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Api;

/// <summary><c>/workflows</c>: create, read, update (optimistic concurrency), delete, duplicate and export.</summary>
internal static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder api)
    {
        var workflows = api.MapGroup("/workflows").WithTags("Workflows").RequireAuthenticatedUser();
        workflows.MapGet("/", WorkflowListing.ListAsync);
        workflows.MapPost("/", CreateAsync);
        workflows.MapGet("/{id}", GetAsync);
        workflows.MapPut("/{id}", UpdateAsync);
        workflows.MapDelete("/{id}", DeleteAsync);
        workflows.MapGet("/{id}/export", ExportAsync);
        workflows.MapPost("/{id}/duplicate", DuplicateAsync);
        workflows.MapPost("/{id}/activate", WorkflowActivation.ActivateAsync);
        workflows.MapPost("/{id}/deactivate", WorkflowActivation.DeactivateAsync);
        workflows.MapPost("/validate", WorkflowImport.Validate);
        workflows.MapPost("/import", WorkflowImport.ImportAsync);
        return api;
    }

    /// <summary>Loads a workflow the caller may act on with at least <paramref name="minimum"/>, or the 404/403 to return.</summary>
    internal static async Task<(StoredWorkflow? Workflow, IResult? Denied)> LoadAsync(string id, ProjectRole minimum, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var stored = await storage.Workflows.GetAsync(id, ct);
        if (stored is null || caller.RoleIn(stored.ProjectId) is null)
        {
            return (null, ProblemResults.NotFound("workflow", id));
        }

        return caller.Demand(minimum, stored.ProjectId) is { } denied ? (null, denied) : (stored, null);
    }

    /// <summary>The project named by <c>?projectId</c>, or the caller's default one; with the result to return when it may not create there.</summary>
    internal static async Task<(string? ProjectId, IResult? Denied)> TargetProjectAsync(string? projectId, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        projectId ??= await caller.DefaultProjectAsync(storage, ProjectRole.Editor, ct);
        if (projectId is null)
        {
            return (null, ProblemResults.Forbidden("You are not a member of any project; ask a project admin to add you."));
        }

        return await caller.DemandAsync(ProjectRole.Editor, projectId, ct) is { } denied ? (null, denied) : (projectId, null);
    }

    private static async Task<IResult> CreateAsync(JsonNode? body, string? projectId, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var (target, denied) = await TargetProjectAsync(projectId, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        var parsed = WorkflowDocument.Parse(body);
        if (!parsed.Ok)
        {
            return ProblemResults.ValidationFailed(parsed.Errors);
        }

        var created = await storage.Workflows.CreateAsync(parsed.Draft(target), ct);
        await storage.RecordAsync(caller, AuditActions.WorkflowCreated, created.Id, created.ProjectId, new { name = created.Name, versionId = created.VersionId });
        return Results.Created($"/api/v1/workflows/{created.Id}", WorkflowDocument.ToResponse(created));
    }

    private static async Task<IResult> GetAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var (stored, denied) = await LoadAsync(id, ProjectRole.Viewer, caller, storage, ct);
        return denied ?? Results.Ok(WorkflowDocument.ToResponse(stored!));
    }

    private static async Task<IResult> UpdateAsync(string id, JsonNode? body, ICaller caller, TesseraStorage storage, IEnumerable<IWorkflowActivationHandler> handlers, WorkflowEngine engine, CancellationToken ct)
    {
        var (stored, denied) = await LoadAsync(id, ProjectRole.Editor, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        var versionId = body is JsonObject o && o["versionId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var projectId = body is JsonObject p && p["projectId"] is JsonValue pv && pv.TryGetValue<string>(out var ps) ? ps : stored!.ProjectId;
        var parsed = WorkflowDocument.Parse(body);
        var errors = parsed.Errors.ToList();
        if (string.IsNullOrEmpty(versionId))
        {
            errors.Add(new FieldError("versionId", "is required: send the versionId of the workflow you edited (from GET /workflows/{id})."));
        }

        if (errors.Count > 0)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        if (projectId != stored!.ProjectId && await caller.DemandAsync(ProjectRole.Editor, projectId, ct) is { } moveDenied)
        {
            return moveDenied;
        }

        // The active flag changes only through activate/deactivate; a save keeps it (and re-checks the triggers).
        var active = stored.Active;
        if (active && parsed.Workflow is { } workflow)
        {
            var problems = await WorkflowActivation.StartTriggersAsync(stored with { Json = parsed.Json.ToJsonString() }, workflow, handlers, engine, ct);
            if (problems.Count > 0)
            {
                return ProblemResults.ValidationFailed(problems, "The workflow is active and its triggers would not start with these changes; fix them or deactivate it first.");
            }
        }

        try
        {
            var updated = await storage.Workflows.UpdateAsync(id, parsed.Draft(projectId, active), versionId!, ct);
            if (updated is null)
            {
                return ProblemResults.NotFound("workflow", id);
            }

            await storage.RecordAsync(
                caller,
                AuditActions.WorkflowUpdated,
                id,
                updated.ProjectId,
                new { name = updated.Name, versionId = updated.VersionId, movedFrom = updated.ProjectId != stored.ProjectId ? stored.ProjectId : null });
            return Results.Ok(WorkflowDocument.ToResponse(updated));
        }
        catch (WorkflowConflictException e)
        {
            var current = await storage.Workflows.GetAsync(id, ct);
            return current is null ? ProblemResults.NotFound("workflow", id) : ProblemResults.VersionConflict(e.Message, current.VersionId);
        }
    }

    private static async Task<IResult> DeleteAsync(string id, ICaller caller, TesseraStorage storage, IEnumerable<IWorkflowActivationHandler> handlers, CancellationToken ct)
    {
        var (stored, denied) = await LoadAsync(id, ProjectRole.Editor, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (stored!.Active)
        {
            foreach (var handler in handlers)
            {
                await handler.DeactivateAsync(id, ct);
            }
        }

        if (!await storage.Workflows.DeleteAsync(id, ct))
        {
            return ProblemResults.NotFound("workflow", id);
        }

        await storage.RecordAsync(caller, AuditActions.WorkflowDeleted, id, stored.ProjectId, new { name = stored.Name });
        return Results.NoContent();
    }

    private static async Task<IResult> ExportAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var (stored, denied) = await LoadAsync(id, ProjectRole.Viewer, caller, storage, ct);
        return denied ?? Results.Ok(WorkflowDocument.ToExport(stored!));
    }

    private static async Task<IResult> DuplicateAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var (stored, denied) = await LoadAsync(id, ProjectRole.Editor, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        var json = JsonNode.Parse(stored!.Json) as JsonObject ?? [];
        var name = stored.Name + " (copy)";
        json["name"] = name;
        var copy = await storage.Workflows.CreateAsync(
            new WorkflowDraft { Name = name, Json = json.ToJsonString(), Tags = stored.Tags, ProjectId = stored.ProjectId, Active = false },
            ct);
        await storage.RecordAsync(caller, AuditActions.WorkflowCreated, copy.Id, copy.ProjectId, new { name = copy.Name, versionId = copy.VersionId, duplicatedFrom = stored.Id });
        return Results.Created($"/api/v1/workflows/{copy.Id}", WorkflowDocument.ToResponse(copy));
    }
}
