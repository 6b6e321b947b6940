using Microsoft.Extensions.DependencyInjection;
using Tessera.Engine.Credentials;
using Tessera.Engine.Execution;
using Tessera.Nodes;
using Tessera.Server.Api;
using Tessera.Server.Auth;
using Tessera.Server.Executions;
using Tessera.Server.Operations;
using Tessera.Server.Workflows;
using Tessera.Storage;
using Tessera.Storage.Durable;

namespace Tessera.Server.Hosting;

/// <summary>Registers the server's services. Each feature adds its own line here.</summary>
internal static class ServerServices
{
    public static void Add(IServiceCollection services, ServerOptions options, TesseraStorage storage)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Time);
        services.AddSingleton(storage);
        services.AddCredentialVault(options, storage);
        services.AddSingleton<WorkflowEngine>(sp => TesseraEngineFactory.Create(configure: s =>
        {
            s.Add(sp.GetRequiredService<ICredentialProvider>());
            s.Add<Tessera.Nodes.Http.OAuth2.IOAuth2TokenStore>(sp.GetRequiredService<VaultOAuth2TokenStore>());
            s.Add<Tessera.Nodes.Flow.SubWorkflows.ISubWorkflowResolver>(new StoredSubWorkflowResolver(storage));
        }).WithOperations(sp));
        services.AddProblemDetails();
        Triggers.TriggerServiceCollectionExtensions.AddTriggers(services, options);
        services.AddTesseraOpenApi();
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddSingleton(sp => new ExecutionEventHub { Observer = sp.GetRequiredService<Operations.TesseraMetrics>().Observe });
        services.AddSingleton(sp => new ExecutionService(storage, sp.GetRequiredService<WorkflowEngine>(), new ExecutionServiceOptions
        {
            OnEvent = sp.GetRequiredService<ExecutionEventHub>().Publish,
            TimeProvider = options.Time,
            ResumeUrlBase = ResumeUrlBase(options),
            // n8n's EXECUTIONS_DATA_SAVE_* variables set the defaults a workflow's own settings override.
            SaveDefaults = SaveDefaults.FromEnvironment(),
        }));
        services.AddSingleton<ExecutionRunner>();
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        services.AddSingleton<IWorkflowActivationHandler, TriggerActivationHandler>();
        services.AddScoped<CallerContext>();
        services.AddScoped<ICaller>(sp => sp.GetRequiredService<CallerContext>());
        // Last: its hosted service must start after the trigger manager (readiness) and stop before everything else.
        services.AddOperations(options);
        options.ConfigureServices?.Invoke(services);
    }

    // $execution.resumeUrl: TESSERA_PUBLIC_URL (or n8n's WEBHOOK_URL) behind a proxy, else the address the server listens on.
    private static string ResumeUrlBase(ServerOptions options)
    {
        var configured = Environment.GetEnvironmentVariable("TESSERA_PUBLIC_URL") ?? Environment.GetEnvironmentVariable("WEBHOOK_URL");
        var host = options.Host is "0.0.0.0" or "::" or "*" or "+" ? "localhost" : options.Host;
        var root = string.IsNullOrWhiteSpace(configured) ? $"http://{host}:{options.Port}" : configured.TrimEnd('/');
        return root + Triggers.WaitResumption.PathPrefix;
    }
}
