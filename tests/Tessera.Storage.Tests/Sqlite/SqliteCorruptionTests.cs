using Microsoft.Data.Sqlite;
using Tessera.Engine.Execution;
using Tessera.Nodes;
using Tessera.Storage.Durable;
using Tessera.Storage.Tests.Durable;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Sqlite;

public sealed class SqliteCorruptionTests
{
    [Fact]
    public async Task OpenAsync_FileIsNotADatabase_ThrowsCorruptAndLeavesTheFileAlone()
    {
        await using var target = new SqliteTarget();
        Directory.CreateDirectory(target.DataDirectory);
        var path = Path.Combine(target.DataDirectory, "tessera.db");
        var garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(path, garbage);

        var e = await Assert.ThrowsAsync<StorageCorruptException>(() => TesseraStorage.OpenAsync(target.Options(TimeProvider.System)));

        Assert.Contains("not a database", e.Message);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task OpenAsync_TruncatedDatabase_ThrowsCorruptAndLeavesTheFileAlone()
    {
        await using var target = new SqliteTarget();
        await using (var storage = await TesseraStorage.OpenAsync(target.Options(TimeProvider.System)))
        {
            var service = new ExecutionService(storage, TesseraEngineFactory.Create());
            for (var i = 0; i < 40; i++)
            {
                await service.RunAsync(TestWorkflows.Sets(5), new RunOptions(), CancellationToken.None);
            }
        }

        SqliteConnection.ClearAllPools();
        var path = Path.Combine(target.DataDirectory, "tessera.db");
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.False(File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0, "the WAL should be checkpointed on close");
        var truncated = bytes[..(bytes.Length / 2)];
        await File.WriteAllBytesAsync(path, truncated);

        var e = await Assert.ThrowsAsync<StorageCorruptException>(() => TesseraStorage.OpenAsync(target.Options(TimeProvider.System)));

        Assert.Contains("truncated", e.Message);
        Assert.Equal(truncated, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task OpenAsync_ShorterThanAHeader_ThrowsCorrupt()
    {
        await using var target = new SqliteTarget();
        Directory.CreateDirectory(target.DataDirectory);
        await File.WriteAllBytesAsync(Path.Combine(target.DataDirectory, "tessera.db"), "SQLite format 3\0"u8.ToArray());

        var e = await Assert.ThrowsAsync<StorageCorruptException>(() => TesseraStorage.OpenAsync(target.Options(TimeProvider.System)));

        Assert.Contains("truncated", e.Message);
    }
}
