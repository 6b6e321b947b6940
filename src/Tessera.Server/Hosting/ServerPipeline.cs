using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.Server.Api;
using Tessera.Server.Auth;
using Tessera.Server.Operations;

namespace Tessera.Server.Hosting;

/// <summary>The request pipeline and the endpoint map. Each feature maps its endpoints with one line here.</summary>
internal static class ServerPipeline
{
    public static void Configure(WebApplication app)
    {
        app.UseExceptionHandler(errors => errors.Run(ProblemResults.WriteUnhandledAsync));
        app.UseStatusCodePages(context => ProblemResults.WriteStatusAsync(context.HttpContext));

        app.Use(RejectDotSegments);
        app.UseOperations();
        app.UseRouting();
        app.UseCallerAuthentication();

        app.MapHealthEndpoints();
        app.MapOperationsEndpoints();
        app.MapOpenApiEndpoints();

        var api = app.MapGroup("/api/v1");
        api.MapAuthEndpoints();
        api.MapUserEndpoints();
        api.MapProjectEndpoints();
        api.MapApiKeyEndpoints();
        api.MapWorkflowEndpoints();
        api.MapNodeTypeEndpoints();
        api.MapExpressionEndpoints();
        api.MapExecutionEndpoints();
        api.MapEventEndpoints();
        api.MapCredentialEndpoints();
        api.MapAuditEndpoints();

        app.MapOAuth2Callback();
        Triggers.TriggerServiceCollectionExtensions.MapWebhookEndpoints(app);

        if (app.Environment.WebRootPath is { } webRoot && Directory.Exists(webRoot))
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
            // The UI routes on the client: any unknown non-API GET serves index.html.
            app.MapFallbackToFile("{*path:nonfile}", "index.html");
        }

        // Unknown API and webhook paths are problems, never the UI's index.html.
        // Routing drops JSON endpoints for a non-JSON body, so a wrong content type lands here too: say so (415).
        app.Map("/api/{**rest}", (HttpRequest request) => request.ContentLength > 0 && !request.HasJsonContentType()
            ? ProblemResults.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type", "Send the body as JSON with Content-Type: application/json.")
            : ProblemResults.Problem(StatusCodes.Status404NotFound, "not-found", "Not found", "No such API endpoint; the API is described at /api/v1/openapi.json."));
    }

    // Kestrel resolves "/webhook/../x" to "/x" before routing, so a traversal attempt would quietly land somewhere else
    // (the UI, another webhook). Tessera never needs dot segments: refuse them, encoded or not, before anything runs.
    private static Task RejectDotSegments(HttpContext context, Func<Task> next)
    {
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(query >= 0 ? raw[..query] : raw).Replace('\\', '/');
        foreach (var segment in path.Split('/'))
        {
            if (segment is ".." or ".")
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return ProblemResults.Problem(StatusCodes.Status400BadRequest, "bad-request", "Bad request",
                    "The path contains '.' or '..' segments; use the resource's own path.").ExecuteAsync(context);
            }
        }

        return next();
    }
}
