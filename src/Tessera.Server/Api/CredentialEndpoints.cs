using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Engine.Data;
using Tessera.Server.Auth;
using Tessera.Storage.Identity;
using Tessera.Storage.Credentials;
using Tessera.Storage.Security;

namespace Tessera.Server.Api;

/// <summary>
/// <c>/api/v1/credential-types</c> and <c>/api/v1/credentials</c> (docs/api.md, "Credentials"). Responses carry the
/// names of the fields that are set, never values: the only code that opens the data is the engine's provider and
/// the credential test, and neither returns it.
/// </summary>
internal static class CredentialEndpoints
{
    private const string DefaultProject = "default";

    public static IEndpointRouteBuilder MapCredentialEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(string.Empty).WithTags("Credentials").RequireAuthenticatedUser();
        api.MapGet("/credential-types", () => Results.Ok(CredentialTypeCatalog.All.Select(t => new
        {
            name = t.Name,
            displayName = t.DisplayName,
            properties = t.Properties.Select(p => new { name = p.Name, displayName = p.DisplayName, type = p.Type, required = p.Required, secret = p.Secret, options = p.Options, @default = p.Default, system = p.System }),
        })));

        api.MapGet("/credentials", ListAsync);
        api.MapPost("/credentials", CreateAsync);
        api.MapGet("/credentials/{id}", GetAsync);
        api.MapPatch("/credentials/{id}", UpdateAsync);
        api.MapDelete("/credentials/{id}", DeleteAsync);
        api.MapPost("/credentials/{id}/test", TestAsync);
        api.MapOAuth2Start();
        return routes;
    }

    /// <summary>The public view of a credential.</summary>
    internal static object View(CredentialInfo c) => new
    {
        id = c.Id,
        name = c.Name,
        type = c.Type,
        projectId = c.ProjectId,
        createdAt = c.CreatedAt,
        updatedAt = c.UpdatedAt,
        fields = c.FieldNames,
    };

    private static async Task<IResult> ListAsync(string? projectId, ICaller caller, CredentialVault vault, CancellationToken cancellationToken)
    {
        if (projectId is not null && await caller.DemandAsync(ProjectRole.Viewer, projectId, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var all = new List<object>();
        string? cursor = null;
        do
        {
            var page = await vault.ListAsync(new CredentialQuery { ProjectId = projectId, Limit = 1000, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items.Where(c => caller.RoleIn(c.ProjectId) is not null).Select(View));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return Results.Ok(all);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, string? projectId, ICaller caller, CredentialVault vault, CancellationToken cancellationToken)
    {
        projectId ??= DefaultProject;
        if (await caller.DemandAsync(ProjectRole.Editor, projectId, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var (body, error) = await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        var data = body["data"];
        if (!data.IsUndefined && !data.IsNull && !data.IsObject)
        {
            return ValidationFailed([new CredentialProblem("data", "'data' must be an object of field values.")]);
        }

        try
        {
            var info = await vault.CreateAsync(
                projectId,
                body["name"].TryGetString() ?? string.Empty,
                body["type"].TryGetString() ?? string.Empty,
                data.TryGetObject() ?? new JsObject(),
                caller.Actor,
                cancellationToken).ConfigureAwait(false);
            return Results.Created($"/api/v1/credentials/{info.Id}", View(info));
        }
        catch (CredentialValidationException e)
        {
            return ValidationFailed(e.Problems);
        }
        catch (CredentialConflictException e)
        {
            return ProblemResults.Problem(StatusCodes.Status409Conflict, "conflict", "Conflict", e.Message);
        }
    }

    private static async Task<IResult> GetAsync(string id, ICaller caller, CredentialVault vault, CancellationToken cancellationToken) =>
        await LoadAsync(id, ProjectRole.Viewer, caller, vault, cancellationToken).ConfigureAwait(false) is (null, var denied) ? denied! : Results.Ok(View((await vault.GetAsync(id, cancellationToken).ConfigureAwait(false))!));

    // 404 when missing or in a project the caller cannot see (ids never leak), 403 when the role is too weak.
    private static async Task<(CredentialInfo? Info, IResult? Denied)> LoadAsync(string id, ProjectRole minimum, ICaller caller, CredentialVault vault, CancellationToken cancellationToken)
    {
        var info = await vault.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (info is null || caller.RoleIn(info.ProjectId) is null)
        {
            return (null, ProblemResults.NotFound("credential", id));
        }

        return caller.Demand(minimum, info.ProjectId) is { } denied ? (null, denied) : (info, null);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, ICaller caller, CredentialVault vault, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, ProjectRole.Editor, caller, vault, cancellationToken).ConfigureAwait(false) is (null, var denied))
        {
            return denied!;
        }

        var (body, error) = await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        var data = body["data"];
        if (!data.IsUndefined && !data.IsNull && !data.IsObject)
        {
            return ValidationFailed([new CredentialProblem("data", "'data' must be an object of field values.")]);
        }

        try
        {
            var info = await vault.UpdateAsync(id, body["name"].TryGetString(), data.TryGetObject(), caller.Actor, cancellationToken).ConfigureAwait(false);
            return info is null ? ProblemResults.NotFound("credential", id) : Results.Ok(View(info));
        }
        catch (CredentialValidationException e)
        {
            return ValidationFailed(e.Problems);
        }
        catch (CredentialConflictException e)
        {
            return ProblemResults.Problem(StatusCodes.Status409Conflict, "conflict", "Conflict", e.Message);
        }
    }

    private static async Task<IResult> DeleteAsync(string id, ICaller caller, CredentialVault vault, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, ProjectRole.Editor, caller, vault, cancellationToken).ConfigureAwait(false) is (null, var denied))
        {
            return denied!;
        }

        return await vault.DeleteAsync(id, caller.Actor, cancellationToken).ConfigureAwait(false) ? Results.NoContent() : ProblemResults.NotFound("credential", id);
    }

    // Without an endpoint to call, a test can only say whether the credential opens and is complete for its type.
    private static async Task<IResult> TestAsync(string id, ICaller caller, CredentialVault vault, ServerOptions options, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, ProjectRole.Editor, caller, vault, cancellationToken).ConfigureAwait(false) is (null, var denied))
        {
            return denied!;
        }

        try
        {
            if (await vault.OpenDataAsync(id, cancellationToken).ConfigureAwait(false) is not { } opened)
            {
                return ProblemResults.NotFound("credential", id);
            }

            var type = CredentialTypeCatalog.Find(opened.Info.Type);
            var missing = type?.Properties.Where(p => p.Required && !opened.Info.FieldNames.Contains(p.Name)).Select(p => p.Name).ToList() ?? [];
            if (missing.Count == 0 && opened.Info.Type == Nodes.Http.OAuth2.OAuth2Settings.CredentialType)
            {
                return Results.Ok(await OAuth2CredentialTest.RunAsync(opened.Info, opened.Data, vault, options.Time, cancellationToken).ConfigureAwait(false));
            }

            return Results.Ok(missing.Count == 0
                ? new { ok = true, message = "The credential decrypts with the current key and has every required field." }
                : new { ok = false, message = "The credential lacks required fields: " + string.Join(", ", missing) + "." });
        }
        catch (EncryptionKeyException e)
        {
            return Results.Ok(new { ok = false, message = e.Message });
        }
    }

    private static async Task<(JsObject? Body, IResult? Error)> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ProblemResults.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type", "Send the credential as application/json."));
        }

        try
        {
            var value = await JsonCodec.ParseAsync(http.Request.Body, cancellationToken).ConfigureAwait(false);
            return value.TryGetObject() is { } body
                ? (body, null)
                : (null, ProblemResults.BadRequest("The body must be a JSON object: { name, type, data }."));
        }
        catch (JsonFormatException e)
        {
            // The parser's message quotes positions, not content, so a secret in a malformed body is not echoed.
            return (null, ProblemResults.BadRequest($"The body is not valid JSON: {e.Message}"));
        }
    }

    private static IResult ValidationFailed(IReadOnlyList<CredentialProblem> problems) =>
        ProblemResults.Problem(
            StatusCodes.Status400BadRequest,
            "validation-failed",
            "Validation failed",
            "The credential is invalid; see errors.",
            new Dictionary<string, object?> { ["errors"] = problems.Select(p => new { path = p.Path, message = p.Message }).ToList() });
}
