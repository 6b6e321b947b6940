using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.Server.Api;

namespace Tessera.Server.Hosting;

/// <summary>The request pipeline and the endpoint map. Each feature maps its endpoints with one line here.</summary>
internal static class ServerPipeline
{
    public static void Configure(WebApplication app, ServerOptions options)
    {
        app.UseExceptionHandler(errors => errors.Run(ProblemResults.WriteUnhandledAsync));
        app.UseStatusCodePages(context => ProblemResults.WriteStatusAsync(context.HttpContext));

        app.MapHealthEndpoints();
        app.MapCredentialEndpoints();
        app.MapAuditEndpoints();
        Triggers.TriggerServiceCollectionExtensions.MapWebhookEndpoints(app);

        if (app.Environment.WebRootPath is { } webRoot && Directory.Exists(webRoot))
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
            // The UI routes on the client: any unknown non-API GET serves index.html.
            app.MapFallbackToFile("{*path:nonfile}", "index.html");
        }

        // Unknown API and webhook paths are problems, never the UI's index.html.
        app.Map("/api/{**rest}", () => ProblemResults.Problem(StatusCodes.Status404NotFound, "not-found", "Not found", "No such API endpoint; the API is described at /api/v1/openapi.json."));
    }
}
