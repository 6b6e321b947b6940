using Microsoft.Extensions.DependencyInjection;
using Tessera.Engine.Credentials;
using Tessera.Engine.Execution;
using Tessera.Nodes;
using Tessera.Server.Api;
using Tessera.Storage;

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
        services.AddSingleton<WorkflowEngine>(sp => TesseraEngineFactory.Create(configure: s => s.Add(sp.GetRequiredService<ICredentialProvider>())));
        services.AddProblemDetails();
        Triggers.TriggerServiceCollectionExtensions.AddTriggers(services, options);
        options.ConfigureServices?.Invoke(services);
    }
}
