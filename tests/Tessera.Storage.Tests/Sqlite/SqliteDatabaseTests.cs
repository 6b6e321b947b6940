using Tessera.Storage.Binary;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Sqlite;

public sealed class SqliteDatabaseTests : IAsyncLifetime
{
    private readonly SqliteTarget _target = new();
    private TesseraStorage? _storage;

    public async Task InitializeAsync() => _storage = await TesseraStorage.OpenAsync(_target.Options(TimeProvider.System));

    public async Task DisposeAsync()
    {
        await _storage!.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task OpenAsync_NewDataDirectory_CreatesFileInWalMode()
    {
        Assert.True(File.Exists(Path.Combine(_target.DataDirectory, "tessera.db")));
        Assert.Equal("wal", await _target.ScalarAsync("PRAGMA journal_mode"));
        Assert.Equal(StorageProvider.Sqlite, _storage!.Provider);
    }

    [Fact]
    public async Task OpenAsync_UpToDateWhileAnotherWriterHoldsTheLock_OpensWithoutWaitingForIt()
    {
        // A CLI command beside a busy server: an up-to-date database is checked without the write lock.
        var options = _target.Options(TimeProvider.System);
        options.BusyTimeout = TimeSpan.FromSeconds(30);
        await using var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_target.DataDirectory, "tessera.db")}");
        await holder.OpenAsync();
        await using var writeLock = holder.BeginTransaction(deferred: false);

        var opening = TesseraStorage.OpenAsync(options);
        var finished = await Task.WhenAny(opening, Task.Delay(TimeSpan.FromSeconds(10))) == opening;

        await writeLock.RollbackAsync();
        await using var storage = await opening;
        Assert.True(finished, "opening an up-to-date database waited for another writer's lock");
        Assert.Equal(_storage!.SchemaVersion, storage.SchemaVersion);
    }

    [Fact]
    public async Task Stores_ForeignKeysEnforced_EventsCannotOutliveTheirExecution()
    {
        await _storage!.Executions.CreateAsync(new Engine.Journal.ExecutionCreated { ExecutionId = "e1", WorkflowJson = "{}", Mode = "manual" }, CancellationToken.None);

        await _storage.Executions.DeleteAsync("e1", CancellationToken.None);

        // The events are removed by ON DELETE CASCADE, which SQLite only honours with foreign_keys on.
        Assert.Equal(0L, await _target.ScalarAsync("SELECT COUNT(*) FROM execution_events"));
    }

    [Fact]
    public async Task PutAsync_Blob_StoredAsFileUnderBinaryFolder()
    {
        var id = await _storage!.BinaryData.PutAsync("file"u8.ToArray(), CancellationToken.None);

        Assert.Equal("file"u8.ToArray(), await File.ReadAllBytesAsync(Path.Combine(_target.DataDirectory, "binary", id[..2], id)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_target.DataDirectory, "binary"), ".incoming-*"));
    }

    [Fact]
    public async Task AppendAsync_MegabytesOfJournal_WalIsCheckpointedIntoTheDatabaseFile()
    {
        // Arrange: the journal writer has its own long-lived connection; its commits must still get the WAL checkpointed.
        var executions = _storage!.Executions;
        await executions.CreateAsync(new Engine.Journal.ExecutionCreated { ExecutionId = "big", WorkflowJson = "{}", Mode = "manual" }, CancellationToken.None);
        var outputs = "[[{\"json\":{\"text\":\"" + new string('x', 20_000) + "\"}}]]";
        var database = Path.Combine(_target.DataDirectory, "tessera.db");
        var before = new FileInfo(database).Length;

        // Act: ~6 MB in 300 appends.
        for (var i = 0; i < 300; i++)
        {
            await executions.AppendAsync("big", i + 1, [new Engine.Journal.NodeCompleted { ExecutionId = "big", Node = "A", RunIndex = i, OutputsJson = outputs }], CancellationToken.None);
        }

        // Assert: the pages reached the database file itself (without a checkpoint they would all still be in the WAL).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (new FileInfo(database).Length - before < 3_000_000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(new FileInfo(database).Length - before >= 3_000_000, $"database file grew by {new FileInfo(database).Length - before} bytes only");
    }
}
