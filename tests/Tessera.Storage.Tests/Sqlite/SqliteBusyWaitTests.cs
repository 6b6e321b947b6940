using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Tests.Sqlite;

public sealed class SqliteBusyWaitTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tessera-busy-" + Guid.NewGuid().ToString("N"));
    private TesseraStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TesseraStorage.OpenAsync(new StorageOptions { DataDirectory = _dir });

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Write_AnotherConnectionHoldsTheLockBriefly_GoesOnSoonAfterItIsReleased()
    {
        // Arrange: another connection (another process, say) holds the write lock for 50 ms; one write before it, so
        // the timing holds no first-call costs.
        await _storage.StaticData.SetAsync("wf", "global", """{"n":0}""", CancellationToken.None);
        await using var holder = new SqliteConnection($"Data Source={Path.Combine(_dir, "tessera.db")};Pooling=False");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        var release = Task.Run(async () =>
        {
            await Task.Delay(50);
            await using var commit = holder.CreateCommand();
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        });

        // Act
        var clock = Stopwatch.StartNew();
        await _storage.StaticData.SetAsync("wf", "global", """{"n":1}""", CancellationToken.None);
        var waited = clock.Elapsed;
        await release;

        // Assert: SQLite's own handler in this build sleeps a whole second before its second try.
        Assert.True(waited < TimeSpan.FromMilliseconds(700), $"the write waited {waited.TotalMilliseconds:0} ms for a lock held 50 ms");
        Assert.Equal("""{"n":1}""", await _storage.StaticData.GetAsync("wf", "global", CancellationToken.None));
    }

    [Fact]
    public void SleptBefore_GrowsByShortPausesAndPassesAnyTimeout()
    {
        var pauses = Enumerable.Range(0, 30).Select(SqliteBusyWait.PauseAfter).ToList();

        Assert.Equal(0, SqliteBusyWait.SleptBefore(0));
        Assert.All(pauses, p => Assert.InRange(p, 1, 5));
        Assert.True(SqliteBusyWait.SleptBefore(2_100) >= 10_000, "10 s of busy timeout must end within 2,100 tries");
    }
}
