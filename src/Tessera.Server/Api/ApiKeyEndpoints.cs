using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary><c>/api-keys</c>: project admins create keys (shown once) and revoke them.</summary>
internal static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder api)
    {
        var keys = api.MapGroup("/api-keys").WithTags("API keys").RequireAuthenticatedUser();
        keys.MapGet("/", ListAsync);
        keys.MapPost("/", CreateAsync);
        keys.MapDelete("/{id}", DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(string? projectId, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (projectId is not null && caller.Demand(ProjectRole.Admin, projectId) is { } denied)
        {
            return denied;
        }

        var keys = await storage.ApiKeys.ListAsync(projectId, ct);
        return Results.Ok(keys.Where(k => caller.RoleIn(k.ProjectId) >= ProjectRole.Admin).Select(ApiKeyResponse.From));
    }

    private static async Task<IResult> CreateAsync(CreateKeyRequest body, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var errors = new FieldErrors().Required(body.Name, "name").MaxLength(body.Name, 200, "name").Required(body.ProjectId, "projectId");
        if (!ProjectRoles.TryParse(body.Role, out var role))
        {
            errors.Add(new FieldError("role", "must be one of viewer, approver, operator, editor, admin."));
        }

        if (!errors.Ok)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        if (await caller.DemandAsync(ProjectRole.Admin, body.ProjectId, ct) is { } denied)
        {
            return denied;
        }

        var (stored, key) = await IdentitySetup.CreateApiKeyAsync(storage, body.Name!, body.ProjectId!, role, caller.User?.Id, ct);
        await storage.RecordAsync(caller, AuditActions.ApiKeyCreated, stored.Id, stored.ProjectId, new { name = stored.Name, role = stored.Role.ToName(), prefix = stored.Prefix });
        var response = ApiKeyResponse.From(stored);
        return Results.Created($"/api/v1/api-keys/{stored.Id}", new CreatedApiKeyResponse(response.Id, response.Name, response.ProjectId, response.Role, response.CreatedAt, response.LastUsedAt, response.Prefix, key));
    }

    private static async Task<IResult> DeleteAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var key = await storage.ApiKeys.GetAsync(id, ct);
        if (key is null || caller.RoleIn(key.ProjectId) is null)
        {
            return ProblemResults.NotFound("API key", id);
        }

        if (caller.Demand(ProjectRole.Admin, key.ProjectId) is { } denied)
        {
            return denied;
        }

        if (await storage.ApiKeys.DeleteAsync(id, ct))
        {
            await storage.RecordAsync(caller, AuditActions.ApiKeyRevoked, id, key.ProjectId, new { name = key.Name, role = key.Role.ToName(), prefix = key.Prefix });
        }

        return Results.NoContent();
    }

    private sealed record CreateKeyRequest(string? Name, string? ProjectId, string? Role);

    private sealed record ApiKeyResponse(string Id, string Name, string ProjectId, ProjectRole Role, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string Prefix)
    {
        public static ApiKeyResponse From(StoredApiKey key) => new(key.Id, key.Name, key.ProjectId, key.Role, key.CreatedAt, key.LastUsedAt, key.Prefix);
    }

    private sealed record CreatedApiKeyResponse(string Id, string Name, string ProjectId, ProjectRole Role, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string Prefix, string Key);
}
