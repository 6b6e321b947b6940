using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Storage;

namespace Tessera.Server.Api;

/// <summary><c>GET /healthz</c>: liveness and the storage in use, no authentication (load balancers call it).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", (TesseraStorage storage) => Results.Ok(new HealthResponse("ok", storage.Provider.ToString().ToLowerInvariant(), storage.SchemaVersion)))
            .ExcludeFromDescription();
        return routes;
    }

    private sealed record HealthResponse(string Status, string Storage, int SchemaVersion);
}
