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

        // Released from a thread of its own, so a busy thread pool (the rest of the suite) cannot delay it.
        long releasedAt = 0;
        var release = new Thread(() =>
        {
            Thread.Sleep(50);
            using var commit = holder.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
            Volatile.Write(ref releasedAt, Stopwatch.GetTimestamp());
        });
        release.Start();

        // Act
        await _storage.StaticData.SetAsync("wf", "global", """{"n":1}""", CancellationToken.None);
        var doneAt = Stopwatch.GetTimestamp();
        release.Join();

        // Assert: SQLite's own handler in this build sleeps a whole second between tries, so the write would go on
        // ~950 ms after the release; this one retries every few milliseconds.
        var afterRelease = Stopwatch.GetElapsedTime(Volatile.Read(ref releasedAt), doneAt);
        Assert.True(afterRelease < TimeSpan.FromMilliseconds(400), $"the write went on {afterRelease.TotalMilliseconds:0} ms after the lock was released");
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
