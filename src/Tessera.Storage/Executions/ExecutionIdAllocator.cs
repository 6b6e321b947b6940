using System.Globalization;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Executions;

/// <summary>
/// Execution ids unique across every process on one database (the CLI beside a server, or several servers on
/// PostgreSQL): numbers reserved in blocks from a counter row, then handed out in memory. A process-local clock-based
/// id (as <c>ExecutionIds.New</c> makes for runs that are not stored) gave two processes the same id whenever they
/// started a run in the same millisecond.
/// </summary>
/// <remarks>
/// The counter starts at the clock-based id of its first use (Unix milliseconds × 1000), so ids keep their familiar
/// shape, grow over time, and stay above every clock-based id issued before the counter existed. A block left unused
/// when a process exits is a gap in the numbers, nothing more.
/// </remarks>
internal sealed class ExecutionIdAllocator(SqlDatabase db)
{
    /// <summary>Ids reserved per round trip.</summary>
    public const int BlockSize = 1000;

    private const string CounterName = "execution";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _next;
    private long _end;

    public async ValueTask<string> NextAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_next >= _end)
            {
                _end = await ReserveAsync(cancellationToken).ConfigureAwait(false);
                _next = _end - BlockSize;
            }

            return (_next++).ToString(CultureInfo.InvariantCulture);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Moves the counter on by a block (atomically, whoever else does the same); returns the block's end.</summary>
    private async Task<long> ReserveAsync(CancellationToken cancellationToken)
    {
        var seed = db.Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO id_counters (name, next_value) VALUES (@name, @seed) ON CONFLICT (name) DO NOTHING",
            null,
            cancellationToken,
            ("name", CounterName),
            ("seed", seed)).ConfigureAwait(false);
        await using var reserve = connection.Command("UPDATE id_counters SET next_value = next_value + @block WHERE name = @name RETURNING next_value")
            .With("block", (long)BlockSize)
            .With("name", CounterName);
        var end = await reserve.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The execution id counter row is missing after it was created.");
        return Convert.ToInt64(end, CultureInfo.InvariantCulture);
    }
}
