using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Engine.Data;
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
        var api = routes.MapGroup("/api/v1").WithTags("Credentials");
        api.MapGet("/credential-types", () => Results.Ok(CredentialTypeCatalog.All.Select(t => new
        {
            name = t.Name,
            displayName = t.DisplayName,
            properties = t.Properties.Select(p => new { name = p.Name, displayName = p.DisplayName, type = p.Type, required = p.Required, secret = p.Secret, options = p.Options, @default = p.Default }),
        })));

        api.MapGet("/credentials", ListAsync);
        api.MapPost("/credentials", CreateAsync);
        api.MapGet("/credentials/{id}", GetAsync);
        api.MapPatch("/credentials/{id}", UpdateAsync);
        api.MapDelete("/credentials/{id}", DeleteAsync);
        api.MapPost("/credentials/{id}/test", TestAsync);
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

    private static async Task<IResult> ListAsync(string? projectId, CredentialVault vault, CancellationToken cancellationToken)
    {
        var all = new List<object>();
        string? cursor = null;
        do
        {
            var page = await vault.ListAsync(new CredentialQuery { ProjectId = projectId ?? DefaultProject, Limit = 1000, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items.Select(View));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return Results.Ok(all);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, string? projectId, CredentialVault vault, CancellationToken cancellationToken)
    {
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
                projectId ?? DefaultProject,
                body["name"].TryGetString() ?? string.Empty,
                body["type"].TryGetString() ?? string.Empty,
                data.TryGetObject() ?? new JsObject(),
                ActorOf(http),
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

    private static async Task<IResult> GetAsync(string id, CredentialVault vault, CancellationToken cancellationToken) =>
        await vault.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } info ? Results.Ok(View(info)) : ProblemResults.NotFound("credential", id);

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, CredentialVault vault, CancellationToken cancellationToken)
    {
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
            var info = await vault.UpdateAsync(id, body["name"].TryGetString(), data.TryGetObject(), ActorOf(http), cancellationToken).ConfigureAwait(false);
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

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, CredentialVault vault, CancellationToken cancellationToken) =>
        await vault.DeleteAsync(id, ActorOf(http), cancellationToken).ConfigureAwait(false) ? Results.NoContent() : ProblemResults.NotFound("credential", id);

    // Without an endpoint to call, a test can only say whether the credential opens and is complete for its type.
    private static async Task<IResult> TestAsync(string id, CredentialVault vault, CancellationToken cancellationToken)
    {
        try
        {
            if (await vault.OpenDataAsync(id, cancellationToken).ConfigureAwait(false) is not { } opened)
            {
                return ProblemResults.NotFound("credential", id);
            }

            var type = CredentialTypeCatalog.Find(opened.Info.Type);
            var missing = type?.Properties.Where(p => p.Required && !opened.Info.FieldNames.Contains(p.Name)).Select(p => p.Name).ToList() ?? [];
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

    /// <summary>Who is calling, for the audit log.</summary>
    internal static string ActorOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.Identity.Name is { Length: > 0 } name ? "user:" + name : "anonymous";
}
