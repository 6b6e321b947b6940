using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.Server.Api;
using Tessera.Server.Auth;

namespace Tessera.Server.Hosting;

/// <summary>The request pipeline and the endpoint map. Each feature maps its endpoints with one line here.</summary>
internal static class ServerPipeline
{
    public static void Configure(WebApplication app, ServerOptions options)
    {
        app.UseExceptionHandler(errors => errors.Run(ProblemResults.WriteUnhandledAsync));
        app.UseStatusCodePages(context => ProblemResults.WriteStatusAsync(context.HttpContext));

        app.UseRouting();
        app.UseCallerAuthentication();

        app.MapHealthEndpoints();
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
}
