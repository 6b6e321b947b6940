using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Auth;
using Tessera.Storage;

namespace Tessera.Server.Hosting;

/// <summary>One-time work before the server listens: resume interrupted executions, load examples, first-run set-up.</summary>
internal static class ServerStartup
{
    public static async Task RunAsync(IServiceProvider services, ServerOptions options, CancellationToken cancellationToken)
    {
        _ = options;
        var storage = services.GetRequiredService<TesseraStorage>();
        await IdentitySetup.EnsureDefaultProjectAsync(storage, cancellationToken).ConfigureAwait(false);
    }
}
