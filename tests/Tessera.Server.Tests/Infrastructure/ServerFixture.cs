using Tessera.Storage;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>A real Tessera server on 127.0.0.1 (a free port) over a fresh SQLite database in a temporary folder.</summary>
public class ServerFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tessera-server-" + Guid.NewGuid().ToString("n"));

    /// <summary>The running server.</summary>
    public TesseraServer Server { get; private set; } = null!;

    /// <summary>A client whose base address is the server's.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Customises the options before start (subclasses).</summary>
    protected virtual void Configure(ServerOptions options)
    {
    }

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        var options = new ServerOptions
        {
            Port = 0,
            Storage = new StorageOptions { DataDirectory = _dataDirectory },
            LoadExamples = false,
        };
        Configure(options);
        Server = await TesseraServer.StartAsync(options);
        Client = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        Client?.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on the way down; the OS cleans temp folders.
        }
    }
}
