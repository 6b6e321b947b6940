using System.Globalization;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Executions;

/// <summary>
/// Execution ids unique across every process on one database (the CLI beside a server, or several servers on
/// PostgreSQL): numbers reserved in blocks from a counter row (the next block while half of the current one is left), then handed out in memory. A process-local clock-based
/// id (as <c>ExecutionIds.New</c> makes for runs that are not stored) gave two processes the same id whenever they
/// started a run in the same millisecond.
/// </summary>
/// <remarks>
/// The counter starts at the clock-based id of its first use (Unix milliseconds × 1000), so ids keep their familiar
/// shape, grow over time, and stay above every clock-based id issued before the counter existed. A block left unused
/// when a process exits is a gap in the numbers, nothing more.
/// </remarks>
internal sealed class ExecutionIdAllocator(SqlDatabase db, int blockSize = ExecutionIdAllocator.BlockSize)
{
    /// <summary>Ids reserved per round trip (by default).</summary>
    public const int BlockSize = 1_000_000;

    private const string CounterName = "execution";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _next;
    private long _end;
    private Task<long>? _nextBlock;

    public async ValueTask<string> NextAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_next >= _end)
            {
                _end = await NextBlockAsync(cancellationToken).ConfigureAwait(false);
                _next = _end - blockSize;
            }

            var id = _next++;

            // The next block is reserved while half of this one is left, on a worker thread: on SQLite under load the
            // counter's write waits for the journal writer's lock (seconds were measured, sleeping the thread, as
            // Microsoft.Data.Sqlite runs synchronously), and no run should wait for that. A failed try is tried again.
            if (_end - _next <= blockSize / 2 && _nextBlock is not { IsFaulted: false })
            {
                _ = _nextBlock?.Exception;
                _nextBlock = Task.Run(() => ReserveAsync(CancellationToken.None));
            }

            return id.ToString(CultureInfo.InvariantCulture);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<long> NextBlockAsync(CancellationToken cancellationToken)
    {
        if (_nextBlock is { } reserving)
        {
            _nextBlock = null;
            try
            {
                return await reserving.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The background try failed (e.g. the database stayed locked past its busy timeout): try once more now.
            }
        }

        return await ReserveAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the counter on by a block (atomically, whoever else does the same); returns the block's end.</summary>
    private async Task<long> ReserveAsync(CancellationToken cancellationToken)
    {
        var seed = db.Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);

        // One statement: the first reservation creates the counter at the seed, every later one moves it on.
        await using var reserve = connection.Command(
                "INSERT INTO id_counters (name, next_value) VALUES (@name, @seed + @block) " +
                "ON CONFLICT (name) DO UPDATE SET next_value = id_counters.next_value + @block RETURNING next_value")
            .With("name", CounterName)
            .With("seed", seed)
            .With("block", (long)blockSize);
        var end = await reserve.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("Reserving execution ids returned no counter value; the database did not run the upsert.");
        return Convert.ToInt64(end, CultureInfo.InvariantCulture);
    }
}
