using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Api;
using Tessera.Server.Auth;
using Tessera.Server.Operations.Metrics;
using Tessera.Storage.Identity;

namespace Tessera.Server.Operations;

/// <summary>
/// <c>GET /readyz</c> (no authentication, like /healthz) and <c>GET /metrics</c> (Prometheus text; an admin's API key
/// or session unless <c>TESSERA_METRICS_PUBLIC=true</c>).
/// </summary>
internal static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/readyz", (ServerReadiness readiness) =>
        {
            var checks = readiness.Checks();
            if (readiness.IsReady)
            {
                return Results.Ok(new { status = "ready", checks });
            }

            var waiting = checks.Where(c => !c.Value).Select(c => c.Key).ToList();
            var detail = readiness.IsShuttingDown
                ? "The server is shutting down; send traffic to another instance."
                : $"The server is starting: waiting for {string.Join(" and ", waiting)}. Retry shortly.";
            return new RetryAfterResult(
                ProblemResults.Problem(StatusCodes.Status503ServiceUnavailable, "not-ready", "Not ready", detail, new Dictionary<string, object?> { ["checks"] = checks }),
                TimeSpan.FromSeconds(1));
        }).ExcludeFromDescription();

        var options = routes.ServiceProvider.GetRequiredService<ServerOptions>();
        var isPublic = options.MetricsPublic ?? OperationsEnvironment.MetricsPublic();
        var metrics = routes.MapGet("/metrics", (HttpContext context, PrometheusExporter exporter) =>
        {
            if (!isPublic && context.RequestServices.GetRequiredService<ICaller>() is var caller && !MayReadMetrics(caller))
            {
                return ProblemResults.Forbidden("Metrics need the instance owner or an admin (session or API key with the admin role); or set TESSERA_METRICS_PUBLIC=true to let scrapers in without a key.");
            }

            return Results.Text(exporter.Scrape(), PrometheusText.ContentType);
        }).ExcludeFromDescription();
        if (!isPublic)
        {
            metrics.RequireAuthenticatedUser();
        }

        return routes;
    }

    // Metrics are instance-wide (they name workflow ids of every project): admins only.
    private static bool MayReadMetrics(ICaller caller) =>
        caller.IsOwner || caller.Roles?.Values.Any(r => r >= ProjectRole.Admin) == true;
}
