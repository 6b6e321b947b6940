using Tessera.Storage;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// A server on its own data directory that a test can stop and start again (a restart keeps the database), torn
/// down with the directory at the end.
/// </summary>
public sealed class RestartableServer(string name) : IAsyncDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"tessera-{name}-" + Guid.NewGuid().ToString("n"));
    private TesseraServer? _server;

    /// <summary>Starts the server on the data directory; <paramref name="configure"/> adjusts the options.</summary>
    public async Task<TesseraServer> StartAsync(Action<ServerOptions>? configure = null)
    {
        var options = new ServerOptions
        {
            Port = 0,
            Storage = new StorageOptions { DataDirectory = _dataDirectory },
            LoadExamples = false,
        };
        configure?.Invoke(options);
        _server = await TesseraServer.StartAsync(options);
        return _server;
    }

    public async Task StopAsync()
    {
        await _server!.DisposeAsync();
        _server = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
