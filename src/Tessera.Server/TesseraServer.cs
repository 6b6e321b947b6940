using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Server.Api;
using Tessera.Server.Hosting;
using Tessera.Storage;

namespace Tessera.Server;

/// <summary>
/// The running Tessera service: Kestrel, the REST API, webhooks, schedules and the web UI over one storage.
/// <see cref="StartAsync"/> returns once it listens; <see cref="BaseAddress"/> tells where.
/// </summary>
public sealed class TesseraServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TextWriter? _log;

    private TesseraServer(WebApplication app, TesseraStorage storage, Uri baseAddress, TextWriter? log)
    {
        _app = app;
        _log = log;
        Storage = storage;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:5678/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The storage the server runs on.</summary>
    public TesseraStorage Storage { get; }

    /// <summary>The application's services (for hosts and tests).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Opens storage, builds the application and starts listening.</summary>
    public static async Task<TesseraServer> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A copy: resolving the environment's defaults must not change the caller's options.
        options = options.WithLog(options.Log);
        options.ResolveOperations();
        var storage = await TesseraStorage.OpenAsync(options.Storage, cancellationToken).ConfigureAwait(false);
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ContentRootPath = AppContext.BaseDirectory,
                WebRootPath = WebRootLocator.Find(options.WebRoot),
            });
            options = Operations.Logging.ServerLogging.Configure(builder.Logging, options);
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
                kestrel.AddServerHeader = false;
            });
            builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
            ServerServices.Add(builder.Services, options, storage);

            var app = builder.Build();
            Operations.Logging.ServerLogging.Attach(options, app.Services);
            ServerPipeline.Configure(app);
            await ServerStartup.RunAsync(app.Services, options, cancellationToken).ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new TesseraServer(app, storage, new Uri(address.EndsWith('/') ? address : address + "/"), options.Log);
        }
        catch
        {
            await storage.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes a line to the server's log (<see cref="ServerOptions.Log"/>; a JSON entry with the JSON log format).</summary>
    public void Log(string line) => _log?.WriteLine(line);

    /// <summary>Completes when the host shuts down (Ctrl+C or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops accepting requests and lets running work finish or park.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        await Storage.DisposeAsync().ConfigureAwait(false);
    }
}
