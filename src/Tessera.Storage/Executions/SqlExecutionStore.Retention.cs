using System.Data.Common;
using Tessera.Engine.Journal;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Executions;

// Retention: pruning and compaction in small batches, each its own short transaction, so a large clean-up never holds
// the SQLite write lock (or many PostgreSQL row locks) for long.
internal abstract partial class SqlExecutionStore
{
    private const string FinishedStatuses = "status IN ('success', 'error', 'canceled')";

    public Task<int> DeleteFinishedBeforeAsync(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken) =>
        DeleteSelectedAsync(
            $"SELECT id FROM executions WHERE {FinishedStatuses} AND finished_at < @cutoff ORDER BY finished_at LIMIT @batch",
            batchSize,
            cancellationToken,
            ("cutoff", db.TimeValue(finishedBefore)));

    public Task<int> DeleteBeyondCountAsync(int keepNewest, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepNewest);

        // The oldest of the surplus go first, so an interrupted prune never leaves gaps among the newest.
        return DeleteSelectedAsync(
            $"""
            SELECT id FROM executions WHERE {FinishedStatuses} AND ordinal <= (
                SELECT ordinal FROM executions WHERE {FinishedStatuses} ORDER BY ordinal DESC LIMIT 1 OFFSET @keep)
            ORDER BY ordinal LIMIT @batch
            """,
            batchSize,
            cancellationToken,
            ("keep", (long)keepNewest));
    }

    public async Task<int> CompactFinishedBeforeAsync(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken)
    {
        CheckBatch(batchSize);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var ids = await SelectIdsAsync(
            connection,
            transaction,
            $"SELECT id FROM executions WHERE {FinishedStatuses} AND compacted_at IS NULL AND finished_at < @cutoff ORDER BY finished_at LIMIT @batch",
            batchSize,
            cancellationToken,
            [("cutoff", db.TimeValue(finishedBefore))]).ConfigureAwait(false);
        foreach (var id in ids)
        {
            await CompactOneAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ids.Count;
    }

    private async Task CompactOneAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken cancellationToken)
    {
        var rewritten = new List<(long Sequence, string Json)>();
        await using (var read = connection.Command(
            """
            SELECT COALESCE(e.data, p.data), e.sequence, e.type, s.data FROM execution_events e
            LEFT JOIN execution_payloads p ON p.execution_id = e.execution_id AND p.sequence = e.sequence
            LEFT JOIN workflow_snapshots s ON s.hash = e.ref
            WHERE e.execution_id = @id AND e.type IN ('NodeCompleted', 'ExecutionCreated', 'ExecutionResumed', 'ExecutionWaiting') ORDER BY e.sequence
            """,
            transaction).With("id", id))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var e = ReadEvent(reader, id);

                // The workflow snapshot stays (it says what ran; the row keeps naming it); the items that flowed through it go.
                ExecutionEvent? compacted = e switch
                {
                    NodeCompleted c => c with { OutputsJson = "[]", StateJson = null },
                    ExecutionCreated c when c.TriggerItemsJson is not null => c with { TriggerItemsJson = null },
                    ExecutionResumed r when r.DataJson is not null => r with { DataJson = null },
                    ExecutionWaiting w when w.OutputsJson is not null => w with { OutputsJson = null },
                    _ => null,
                };
                if (compacted is not null)
                {
                    rewritten.Add((e.Sequence, JournalSerializer.Serialize(compacted)));
                }
            }
        }

        foreach (var (sequence, json) in rewritten)
        {
            await connection.ExecuteAsync("DELETE FROM execution_payloads WHERE execution_id = @id AND sequence = @sequence", transaction, cancellationToken, ("id", id), ("sequence", sequence)).ConfigureAwait(false);
            var inline = json.Length <= db.Options.InlineEventLimit;
            await connection.ExecuteAsync("UPDATE execution_events SET data = @data WHERE execution_id = @id AND sequence = @sequence", transaction, cancellationToken, ("id", id), ("sequence", sequence), ("data", inline ? json : null)).ConfigureAwait(false);
            if (!inline)
            {
                await connection.ExecuteAsync("INSERT INTO execution_payloads (execution_id, sequence, data) VALUES (@id, @sequence, @data)", transaction, cancellationToken, ("id", id), ("sequence", sequence), ("data", json)).ConfigureAwait(false);
            }
        }

        await connection.ExecuteAsync("DELETE FROM binary_refs WHERE owner_id = @id", transaction, cancellationToken, ("id", id)).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE executions SET compacted_at = @now WHERE id = @id", transaction, cancellationToken, ("id", id), ("now", db.TimeValue(db.Now()))).ConfigureAwait(false);
    }

    private async Task<int> DeleteSelectedAsync(string selectSql, int batchSize, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        CheckBatch(batchSize);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var ids = await SelectIdsAsync(connection, transaction, selectSql, batchSize, cancellationToken, parameters).ConfigureAwait(false);
        foreach (var id in ids)
        {
            // Binary references go with the execution; blobs go at the next unreferenced sweep. Events, payloads and
            // the wait row cascade from the executions row.
            await connection.ExecuteAsync("DELETE FROM binary_refs WHERE owner_id = @id", transaction, cancellationToken, ("id", id)).ConfigureAwait(false);
            await connection.ExecuteAsync("DELETE FROM executions WHERE id = @id", transaction, cancellationToken, ("id", id)).ConfigureAwait(false);
        }

        // Workflow snapshots no execution left can name go with the batch that pruned their last runs.
        if (ids.Count > 0)
        {
            await _snapshots.DeleteUnusedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ids.Count;
    }

    private static async Task<List<string>> SelectIdsAsync(DbConnection connection, DbTransaction transaction, string sql, int batchSize, CancellationToken cancellationToken, (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(sql, transaction).With("batch", (long)batchSize);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static void CheckBatch(int batchSize)
    {
        if (batchSize is < 1 or > 500)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Retention batches hold 1 to 500 executions so no transaction runs long.");
        }
    }
}
