using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tessera.Engine.Execution;
using Tessera.Server.Operations.Metrics;

namespace Tessera.Server.Operations;

/// <summary>Health, readiness, metrics and graceful shutdown: the services, the engine hook and the middleware.</summary>
internal static class OperationsServiceCollectionExtensions
{
    // Time for the host to stop everything else once the grace period and parking are over.
    private static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddOperations(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton<ServerReadiness>();
        services.AddSingleton(sp => new TesseraMetrics(sp.GetRequiredService<Execution.ExecutionQueue>()));
        services.AddSingleton(sp => new PrometheusExporter(sp.GetRequiredService<TesseraMetrics>().Meter));
        services.AddHostedService<GracefulShutdown>();
        // The host cancels stopping after HostOptions.ShutdownTimeout: give it the grace period plus parking.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = (options.ShutdownTimeout ?? OperationsEnvironment.DefaultShutdownTimeout) + StopMargin);
        return services;
    }

    /// <summary>Times every node run of this engine by node type.</summary>
    public static WorkflowEngine WithOperations(this WorkflowEngine engine, IServiceProvider services)
    {
        engine.Pipeline.Insert(0, new NodeMetricsStep(services.GetRequiredService<TesseraMetrics>()));
        return engine;
    }

    /// <summary>Webhook latency, then the shutdown gate (its 503s are webhook responses too).</summary>
    public static IApplicationBuilder UseOperations(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<TesseraMetrics>();
        app.Use(async (context, next) =>
        {
            if (!IsWebhook(context.Request.Path))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var start = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                metrics.WebhookHandled(context.Request.Method, context.Response.StatusCode, start);
            }
        });
        return app.UseShutdownGate();
    }

    private static bool IsWebhook(PathString path) =>
        path.StartsWithSegments("/webhook", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/webhook-test", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/webhook-waiting", StringComparison.OrdinalIgnoreCase);
}
