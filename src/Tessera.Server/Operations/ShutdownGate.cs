using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Api;

namespace Tessera.Server.Operations;

/// <summary>
/// While the server shuts down, requests that would start or continue executions (webhooks, forms, run, retry,
/// replay, fork) get 503 with Retry-After: a load balancer or client sends them to another instance or tries again
/// after the restart. Reads and everything else still work until the server stops listening.
/// </summary>
internal static class ShutdownGate
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static IApplicationBuilder UseShutdownGate(this IApplicationBuilder app)
    {
        var readiness = app.ApplicationServices.GetRequiredService<ServerReadiness>();
        return app.Use((context, next) =>
            readiness.IsShuttingDown && StartsWork(context.Request)
                ? new RetryAfterResult(
                    ProblemResults.Problem(StatusCodes.Status503ServiceUnavailable, "shutting-down", "Shutting down", "The server is shutting down and starts no new executions; retry in a few seconds (another instance, or this one after its restart, will take it)."),
                    RetryAfter).ExecuteAsync(context)
                : next(context));
    }

    internal static bool StartsWork(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        if (path.StartsWith("/webhook", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/form", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!HttpMethods.IsPost(request.Method) || !path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var last = path.TrimEnd('/');
        last = last[(last.LastIndexOf('/') + 1)..];
        return last is "run" or "retry" or "replay" or "fork" or "resume";
    }
}
