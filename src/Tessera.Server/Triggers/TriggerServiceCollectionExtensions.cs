using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Execution;
using Tessera.Server.Triggers.Scheduling;
using Tessera.Server.Triggers.Webhooks;

namespace Tessera.Server.Triggers;

/// <summary>Registers webhooks, schedules, error workflows and the execution queue; maps the webhook routes.</summary>
internal static class TriggerServiceCollectionExtensions
{
    public static IServiceCollection AddTriggers(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(_ => new ExecutionQueue(options.Queue ?? ExecutionQueueOptions.FromEnvironment(), options.Time));
        services.AddSingleton(_ => new ServerLog(options.Log));
        services.AddSingleton<WebhookRegistry>();
        services.AddSingleton<WebhookResponses>();
        services.AddSingleton(sp => new TestWebhookListeners(options.Time));
        services.AddSingleton<TriggerRunner>();
        services.AddSingleton<WebhookHandler>();
        services.AddSingleton<ScheduleService>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleService>());
        services.AddSingleton(sp => new TriggerManager(
            sp.GetRequiredService<Storage.TesseraStorage>(), sp.GetRequiredService<WebhookRegistry>(), sp.GetRequiredService<TestWebhookListeners>(),
            sp.GetRequiredService<ScheduleService>(), sp.GetRequiredService<Engine.Execution.WorkflowEngine>(), sp.GetRequiredService<WebhookResponses>(),
            options.Time, sp.GetRequiredService<ServerLog>()));
        services.AddHostedService(sp => sp.GetRequiredService<TriggerManager>());
        services.AddSingleton(sp => new WaitResumption(
            sp.GetRequiredService<Storage.Durable.ExecutionService>(), sp.GetRequiredService<Storage.TesseraStorage>(), options, sp.GetRequiredService<ServerLog>()));
        services.AddHostedService(sp => sp.GetRequiredService<WaitResumption>());
        return services;
    }

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var handler = app.ServiceProvider.GetRequiredService<WebhookHandler>();
        app.Map("/webhook/{**path}", context => handler.HandleAsync(context, test: false));
        app.Map("/webhook-test/{**path}", context => handler.HandleAsync(context, test: true));
        var waits = app.ServiceProvider.GetRequiredService<WaitResumption>();
        app.Map(WaitResumption.PathPrefix + "/{token}", (HttpContext context, string token) => waits.HandleAsync(context, token));
        return app;
    }
}
