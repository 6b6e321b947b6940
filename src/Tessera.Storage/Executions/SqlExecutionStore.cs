using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Tessera.Engine.Journal;
using Tessera.Storage.Sql;
using Tessera.Storage.Waits;

namespace Tessera.Storage.Executions;

/// <summary>
/// The journal and its projection over portable SQL. An append locks the execution row (PostgreSQL) or the database
/// (SQLite), checks the expected sequence against <c>last_sequence</c>, inserts the events and updates the projection
/// and the wait row, all in one transaction. The (execution_id, sequence) primary key backs the check up: if two
/// creators race, the loser's insert fails and nothing of its batch is kept.
/// </summary>
internal abstract partial class SqlExecutionStore(SqlDatabase db) : IExecutionStore, IAsyncDisposable
{
    private const string SummaryColumns =
        "id, workflow_id, mode, status, started_at, finished_at, wait_until, last_node, failed_node, error, parent_execution_id, last_sequence, ordinal, compacted_at";

    private readonly ExecutionIdAllocator _ids = new(db);

    private readonly WorkflowSnapshots _snapshots = new(db);

    /// <summary>This store's name in <c>executions.lease_owner</c> (<see cref="ExecutionLeases"/>).</summary>
    internal string LeaseOwner { get; } = ExecutionLeases.NewOwner();

    // Set once this store wrote a lease, so a process that never ran anything does not write on its way out.
    private int _tookLeases;

    /// <summary>Appends that start or wake a run pass its lease to this process.</summary>
    private static bool TakesLease(IReadOnlyList<ExecutionEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is ExecutionCreated or ExecutionResumed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>When a lease written now runs out.</summary>
    private object LeaseUntil() => db.TimeValue(db.Now() + db.Options.ExecutionLease);

    /// <summary>
    /// On the way out (the store is disposed), runs this process still holds are parked or abandoned: their leases
    /// are dropped so the next start, or another process, resumes them at once instead of after the lease.
    /// </summary>
    private async Task ReleaseLeasesAsync()
    {
        if (Volatile.Read(ref _tookLeases) == 0)
        {
            return;
        }

        try
        {
            await using var connection = await db.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "UPDATE executions SET lease_owner = NULL, lease_until = NULL WHERE status = @status AND lease_owner = @owner",
                null,
                CancellationToken.None,
                ("status", ExecutionProjection.ToColumn(ExecutionState.Running)),
                ("owner", LeaseOwner)).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException)
        {
            // The leases expire on their own.
        }
    }

    public async Task RenewLeasesAsync(IReadOnlyCollection<string> executionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionIds);
        if (executionIds.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var until = LeaseUntil();
        foreach (var chunk in executionIds.Chunk(IdsPerSelect))
        {
            await using var command = connection.Command(
                $"UPDATE executions SET lease_until = @until WHERE lease_owner = @owner AND id IN ({string.Join(", ", chunk.Select((_, i) => "@id" + i.ToString(CultureInfo.InvariantCulture)))})",
                transaction).With("until", until).With("owner", LeaseOwner);
            for (var i = 0; i < chunk.Length; i++)
            {
                command.With("id" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryClaimAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);

        // A plain read first: a run another live process holds (the common case for a takeover pass) is passed over
        // without taking the write lock.
        if (!await ClaimableAsync(connection, null, executionId, string.Empty, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (!await ClaimableAsync(connection, transaction, executionId, db.ForUpdate, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // The row is locked (FOR UPDATE on PostgreSQL, the write lock on SQLite) since it was read: no one took it since.
        Volatile.Write(ref _tookLeases, 1);
        await connection.ExecuteAsync(
            "UPDATE executions SET lease_owner = @owner, lease_until = @until WHERE id = @id",
            transaction,
            cancellationToken,
            ("owner", LeaseOwner),
            ("until", LeaseUntil()),
            ("id", executionId)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether the execution is running and its lease free, expired, this store's, or its holder's process gone.</summary>
    private async Task<bool> ClaimableAsync(DbConnection connection, DbTransaction? transaction, string executionId, string lockClause, CancellationToken cancellationToken)
    {
        await using var read = connection.Command($"SELECT status, lease_owner, lease_until FROM executions WHERE id = @id{lockClause}", transaction).With("id", executionId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            || ExecutionProjection.FromColumn(reader.GetString(0)) != ExecutionState.Running)
        {
            return false;
        }

        var owner = reader.GetNullableString(1);
        var until = db.ReadNullableTime(reader, 2);
        return owner is null || owner == LeaseOwner || until is null || until < db.Now() || ExecutionLeases.IsDeadOnThisHost(owner);
    }

    public ValueTask<string> NewIdAsync(CancellationToken cancellationToken) => _ids.NextAsync(cancellationToken);

    public async Task<ExecutionSummary> CreateAsync(ExecutionCreated created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(created);
        await AppendAsync(created.ExecutionId, 0, [created], cancellationToken).ConfigureAwait(false);
        return await GetAsync(created.ExecutionId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Execution {created.ExecutionId} vanished right after it was created.");
    }

    public async ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
    {
        if (Prepare(executionId, expectedSequence, events, cancellationToken) is { } request)
        {
            request.SerializeEvents();
            await Writer.EnqueueAsync(request).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Queues the append and returns at once: it is serialised and written with the next group commit (see
    /// <see cref="GroupCommitWriter.EnqueueInBackground"/>) while the caller goes on. Appends queued one after the other
    /// land in that order. The task completes when they are durable (or with the reason they were not).
    /// </summary>
    internal Task AppendInBackground(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events)
    {
        var request = Prepare(executionId, expectedSequence, events, CancellationToken.None);
        return request is null ? Task.CompletedTask : Writer.EnqueueInBackground(request);
    }

    /// <summary>Commits what is queued now if no commit is under way (a run is waiting for its background appends).</summary>
    internal void CommitQueuedIfIdle() => Writer.CommitQueuedIfIdle();

    private static AppendRequest? Prepare(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedSequence);
        if (events.Count == 0)
        {
            return null;
        }

        var stamped = new ExecutionEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            if (!string.Equals(e.ExecutionId, executionId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Event {i} ({e.GetType().Name}) belongs to execution {e.ExecutionId}, not {executionId}.", nameof(events));
            }

            if (e is ExecutionCreated && (i > 0 || expectedSequence > 0))
            {
                throw new ArgumentException($"Execution {executionId}: ExecutionCreated can only be the first event of a journal (expected sequence 0).", nameof(events));
            }

            stamped[i] = WorkflowSnapshots.WithHash(e) with { Sequence = expectedSequence + 1 + i, Timestamp = SqlDatabase.TruncateToMicroseconds(e.Timestamp) };
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new AppendRequest(executionId, expectedSequence, stamped, cancellationToken);
    }

    /// <summary>
    /// The append in a transaction of its own on a pooled connection: the fallback when a group failed as a whole, so
    /// that only the append at fault fails.
    /// </summary>
    private async Task AppendAloneAsync(string executionId, long expectedSequence, ExecutionEvent[] stamped, string[] json, CancellationToken cancellationToken)
    {
        var conflict = false;
        var now = db.Now();
        string? snapshot = null;
        await using (var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            var current = await ReadSummaryAsync(connection, transaction, executionId, db.ForUpdate, cancellationToken).ConfigureAwait(false);
            var actual = current?.LastSequence ?? 0;
            if (actual != expectedSequence)
            {
                throw new JournalConflictException(executionId, expectedSequence, actual);
            }

            if (current is null && stamped[0] is not ExecutionCreated)
            {
                throw new InvalidOperationException(
                    $"Execution {executionId} does not exist; its journal must start with ExecutionCreated (append it at expected sequence 0 or call CreateAsync).");
            }

            var (summary, wait) = ExecutionProjection.Apply(current, stamped);
            try
            {
                await WriteSummaryAsync(connection, transaction, summary, insert: current is null, cancellationToken, takeLease: TakesLease(stamped)).ConfigureAwait(false);
                if (stamped[0] is ExecutionCreated { WorkflowSnapshot: { } hash } created)
                {
                    await using var upsert = Positional(connection, transaction, WorkflowSnapshots.StoreSql, 3);
                    if (await _snapshots.StoreAsync(upsert, created, now, cancellationToken).ConfigureAwait(false))
                    {
                        snapshot = hash;
                    }
                }

                await InsertEventsAsync(connection, transaction, stamped, json, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (db.IsUniqueViolation(e))
            {
                conflict = true;
            }

            if (!conflict)
            {
                await ApplyWaitChangeAsync(connection, transaction, summary, wait, rebuild: false, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                if (snapshot is not null)
                {
                    _snapshots.Committed([snapshot], now);
                }
            }
        }

        if (conflict)
        {
            var winner = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
            throw new JournalConflictException(executionId, expectedSequence, winner?.LastSequence ?? 0);
        }
    }

    public async IAsyncEnumerable<ExecutionEvent> ReadAsync(string executionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(ReadEventsSql).With("id", executionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadEvent(reader, executionId);
        }
    }

    public async Task<ExecutionSummary?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadSummaryAsync(connection, null, executionId, string.Empty, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecutionPage> ListAsync(ExecutionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "ExecutionQuery.Limit must be between 1 and 1000.");
        }

        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.WorkflowId is not null)
        {
            where.Add("workflow_id = @workflow_id");
            command.With("workflow_id", query.WorkflowId);
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Distinct().Select((s, i) => (Name: $"status{i}", Value: ExecutionProjection.ToColumn(s))).ToList();
            where.Add($"status IN ({string.Join(", ", names.Select(n => "@" + n.Name))})");
            foreach (var (name, value) in names)
            {
                command.With(name, value);
            }
        }

        if (query.StartedFrom is { } from)
        {
            where.Add("started_at >= @started_from");
            command.With("started_from", db.TimeValue(from));
        }

        if (query.StartedBefore is { } before)
        {
            where.Add("started_at < @started_before");
            command.With("started_before", db.TimeValue(before));
        }

        if (query.Cursor is not null)
        {
            if (!long.TryParse(query.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
            {
                throw new ArgumentException($"Execution list cursor '{query.Cursor}' is not valid; pass the NextCursor of a previous page.", nameof(query));
            }

            where.Add("ordinal < @cursor");
            command.With("cursor", cursor);
        }

        command.CommandText = $"SELECT {SummaryColumns} FROM executions"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty)
            + " ORDER BY ordinal DESC LIMIT @limit";
        command.With("limit", query.Limit + 1);

        var items = new List<ExecutionSummary>();
        long lastOrdinal = 0;
        var more = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (items.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                items.Add(ReadSummary(reader));
                lastOrdinal = reader.GetInt64(12);
            }
        }

        return new ExecutionPage(items, more ? lastOrdinal.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<IReadOnlyList<ExecutionSummary>> ListRunningAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {SummaryColumns} FROM executions WHERE status = @status ORDER BY ordinal")
            .With("status", ExecutionProjection.ToColumn(ExecutionState.Running));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<ExecutionSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadSummary(reader));
        }

        return items;
    }

    public async Task<bool> DeleteAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

        // Binary references are dropped with the execution; the blobs themselves go at the next unreferenced sweep.
        await connection.ExecuteAsync("DELETE FROM binary_refs WHERE owner_id = @id", transaction, cancellationToken, ("id", executionId)).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync("DELETE FROM executions WHERE id = @id", transaction, cancellationToken, ("id", executionId)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    public async Task<ExecutionSummary?> RebuildProjectionAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var current = await ReadSummaryAsync(connection, transaction, executionId, db.ForUpdate, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return null;
        }

        var events = new List<ExecutionEvent>();
        await using (var command = connection.Command(ReadEventsSql, transaction).With("id", executionId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(ReadEvent(reader, executionId));
            }
        }

        var (summary, wait) = ExecutionProjection.Apply(null, events);
        await WriteSummaryAsync(connection, transaction, summary, insert: false, cancellationToken).ConfigureAwait(false);
        await ApplyWaitChangeAsync(connection, transaction, summary, wait, rebuild: true, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private const string ReadEventsSql = """
        SELECT COALESCE(e.data, p.data), e.sequence, e.type, s.data FROM execution_events e
        LEFT JOIN execution_payloads p ON p.execution_id = e.execution_id AND p.sequence = e.sequence
        LEFT JOIN workflow_snapshots s ON s.hash = e.ref
        WHERE e.execution_id = @id ORDER BY e.sequence
        """;

    /// <summary>One row of <see cref="ReadEventsSql"/> (or a query with the same four columns) as its event.</summary>
    private static ExecutionEvent ReadEvent(DbDataReader reader, string executionId) =>
        JournalSerializer.Deserialize(reader.IsDBNull(0) ? null : reader.GetString(0), executionId, reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));

    private async Task<ExecutionSummary?> ReadSummaryAsync(DbConnection connection, DbTransaction? transaction, string executionId, string lockClause, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {SummaryColumns} FROM executions WHERE id = @id{lockClause}", transaction).With("id", executionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadSummary(reader) : null;
    }

    private ExecutionSummary ReadSummary(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        WorkflowId = reader.GetNullableString(1),
        Mode = reader.GetString(2),
        Status = ExecutionProjection.FromColumn(reader.GetString(3)),
        StartedAt = db.ReadTime(reader, 4),
        FinishedAt = db.ReadNullableTime(reader, 5),
        WaitUntil = db.ReadNullableTime(reader, 6),
        LastNode = reader.GetNullableString(7),
        FailedNode = reader.GetNullableString(8),
        ErrorJson = reader.GetNullableString(9),
        ParentExecutionId = reader.GetNullableString(10),
        LastSequence = reader.GetInt64(11),
        CompactedAt = db.ReadNullableTime(reader, 13),
    };

    private async Task WriteSummaryAsync(DbConnection connection, DbTransaction transaction, ExecutionSummary s, bool insert, CancellationToken cancellationToken, bool takeLease = false)
    {
        await using var command = Positional(connection, transaction, SummarySql(insert, takeLease), SummaryParameters(insert, takeLease));
        BindSummary(command.Parameters, s, leased: insert || takeLease);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InsertEventsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ExecutionEvent> events, string[] serialized, CancellationToken cancellationToken)
    {
        await using var insert = Positional(connection, transaction, EventInsertSql(1), EventColumns);
        await using var payload = Positional(connection, transaction, PayloadInsertSql, 3);
        for (var i = 0; i < events.Count; i++)
        {
            BindEventRow(insert.Parameters, 0, events[i], serialized[i]);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (!IsInline(serialized[i]))
            {
                BindPayload(payload.Parameters, events[i], serialized[i]);
                await payload.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ApplyWaitChangeAsync(DbConnection connection, DbTransaction transaction, ExecutionSummary summary, WaitChange? change, bool rebuild, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case WaitChange.Park park:
                await WaitRows.UpsertAsync(db, connection, transaction, WaitRows.FromEvent(park.Event, summary.WorkflowId), park.Event.Timestamp, cancellationToken).ConfigureAwait(false);
                break;
            case WaitChange.Clear:
            case null when rebuild:
                await WaitRows.DeleteAsync(connection, transaction, summary.Id, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}

/// <summary>The SQLite journal (WAL file; appends serialise on the database write lock).</summary>
internal sealed class SqliteExecutionStore(SqliteDatabase db) : SqlExecutionStore(db);

/// <summary>The PostgreSQL journal (appends serialise on the execution row lock).</summary>
internal sealed class PostgresExecutionStore(PostgresDatabase db) : SqlExecutionStore(db);
