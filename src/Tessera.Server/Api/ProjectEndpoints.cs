using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary><c>/projects</c> and their members.</summary>
internal static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects").RequireAuthenticatedUser();
        projects.MapGet("/", ListAsync);
        projects.MapPost("/", CreateAsync);
        projects.MapGet("/{id}", GetAsync);
        projects.MapPatch("/{id}", RenameAsync);
        projects.MapDelete("/{id}", DeleteAsync);
        projects.MapGet("/{id}/members", ListMembersAsync);
        projects.MapPut("/{id}/members/{userId}", SetMemberAsync);
        projects.MapDelete("/{id}/members/{userId}", RemoveMemberAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var all = await storage.Projects.ListAsync(ct);
        return Results.Ok(all.Where(p => caller.RoleIn(p.Id) is not null).Select(p => ProjectResponse.From(p, caller.RoleIn(p.Id)!.Value)));
    }

    private static async Task<IResult> CreateAsync(NameRequest body, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (caller.DemandOwner() is { } denied)
        {
            return denied;
        }

        var errors = new FieldErrors().Required(body.Name, "name").MaxLength(body.Name, 200, "name");
        if (!errors.Ok)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        var project = await storage.Projects.CreateAsync(body.Name!, null, ct);
        await storage.RecordAsync(caller, AuditActions.ProjectCreated, project.Id, project.Id, new { name = project.Name });
        return Results.Created($"/api/v1/projects/{project.Id}", ProjectResponse.From(project, ProjectRole.Admin));
    }

    private static async Task<IResult> GetAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (caller.Demand(ProjectRole.Viewer, id) is { } denied)
        {
            return denied;
        }

        return await storage.Projects.GetAsync(id, ct) is { } project ? Results.Ok(ProjectResponse.From(project, caller.RoleIn(id)!.Value)) : ProblemResults.NotFound("project", id);
    }

    private static async Task<IResult> RenameAsync(string id, NameRequest body, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (caller.Demand(ProjectRole.Admin, id) is { } denied)
        {
            return denied;
        }

        var errors = new FieldErrors().Required(body.Name, "name").MaxLength(body.Name, 200, "name");
        if (!errors.Ok)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        var before = await storage.Projects.GetAsync(id, ct);
        if (await storage.Projects.RenameAsync(id, body.Name!, ct) is not { } project)
        {
            return ProblemResults.NotFound("project", id);
        }

        await storage.RecordAsync(caller, AuditActions.ProjectRenamed, id, id, new { name = project.Name, previousName = before?.Name });
        return Results.Ok(ProjectResponse.From(project, caller.RoleIn(id)!.Value));
    }

    private static async Task<IResult> DeleteAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        // Only the owner deletes projects, but a project the caller cannot see is still 404.
        if (caller.Demand(ProjectRole.Viewer, id) is { } hidden)
        {
            return hidden;
        }

        if (caller.DemandOwner() is { } denied)
        {
            return denied;
        }

        var workflows = await storage.Workflows.ListAsync(new Storage.Workflows.WorkflowQuery { ProjectId = id, Limit = 1 }, ct);
        if (workflows.Count > 0)
        {
            return ProblemResults.Conflict($"Project '{id}' still has workflows; delete or move them first.");
        }

        var project = await storage.Projects.GetAsync(id, ct);
        if (project is null || !await storage.Projects.DeleteAsync(id, ct))
        {
            return ProblemResults.NotFound("project", id);
        }

        await storage.RecordAsync(caller, AuditActions.ProjectDeleted, id, id, new { name = project.Name });
        return Results.NoContent();
    }

    private static async Task<IResult> ListMembersAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (await caller.DemandAsync(ProjectRole.Viewer, id, ct) is { } denied)
        {
            return denied;
        }

        return Results.Ok(await storage.Projects.ListMembersAsync(id, ct));
    }

    private static async Task<IResult> SetMemberAsync(string id, string userId, RoleRequest body, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (await caller.DemandAsync(ProjectRole.Admin, id, ct) is { } denied)
        {
            return denied;
        }

        if (!ProjectRoles.TryParse(body.Role, out var role))
        {
            return ProblemResults.ValidationFailed("role", "must be one of viewer, approver, operator, editor, admin.");
        }

        if (!await storage.Projects.SetMemberAsync(id, userId, role, ct))
        {
            return ProblemResults.NotFound("user", userId);
        }

        var member = (await storage.Projects.ListMembersAsync(id, ct)).First(m => m.UserId == userId);
        await storage.RecordAsync(caller, AuditActions.ProjectMemberSet, userId, id, new { email = member.Email, role = role.ToName() });
        return Results.Ok(member);
    }

    private static async Task<IResult> RemoveMemberAsync(string id, string userId, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (await caller.DemandAsync(ProjectRole.Admin, id, ct) is { } denied)
        {
            return denied;
        }

        if (!await storage.Projects.RemoveMemberAsync(id, userId, ct))
        {
            return ProblemResults.NotFound("member", userId);
        }

        await storage.RecordAsync(caller, AuditActions.ProjectMemberRemoved, userId, id);
        return Results.NoContent();
    }

    private sealed record NameRequest(string? Name);

    private sealed record RoleRequest(string? Role);
}
