using System.Data.Common;
using System.Text;
using Tessera.Engine.Journal;
using Tessera.Storage.Sql;
using Tessera.Storage.Waits;

namespace Tessera.Storage.Executions;

/// <summary>
/// The group commit behind <see cref="AppendAsync"/>: one writer per store (so one per database) commits the appends
/// of many executions in one transaction on a connection it keeps, with statements it keeps prepared. Expected
/// sequences are checked against the locked projection rows before anything is written, so a conflict fails only its
/// own append; a group that fails as a whole (a database error) is retried one append per transaction, so only the
/// append at fault fails.
/// </summary>
internal abstract partial class SqlExecutionStore
{
    /// <summary>Rows per multi-row <c>INSERT</c> on PostgreSQL, where every statement is a round trip.</summary>
    private const int RowsPerInsert = 32;

    /// <summary>Parameters per row of <see cref="EventInsertSql"/>.</summary>
    private const int EventColumns = 7;

    /// <summary>Execution ids per locking <c>SELECT … IN (…)</c>.</summary>
    private const int IdsPerSelect = 16;

    // The insert and the update of a resumed execution take its lease: the process that starts or wakes a run holds it.
    private const string SummaryInsertSql = """
        INSERT INTO executions (id, workflow_id, mode, status, started_at, finished_at, wait_until, last_node, failed_node, error, parent_execution_id, last_sequence, lease_owner, lease_until)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13)
        """;

    private const string SummaryUpdateSql = """
        UPDATE executions SET workflow_id = @p1, mode = @p2, status = @p3, started_at = @p4, finished_at = @p5,
            wait_until = @p6, last_node = @p7, failed_node = @p8, error = @p9, parent_execution_id = @p10, last_sequence = @p11
        WHERE id = @p0
        """;

    private const string SummaryUpdateTakingLeaseSql = """
        UPDATE executions SET workflow_id = @p1, mode = @p2, status = @p3, started_at = @p4, finished_at = @p5,
            wait_until = @p6, last_node = @p7, failed_node = @p8, error = @p9, parent_execution_id = @p10, last_sequence = @p11,
            lease_owner = @p12, lease_until = @p13
        WHERE id = @p0
        """;

    private const string PayloadInsertSql = "INSERT INTO execution_payloads (execution_id, sequence, data) VALUES (@p0, @p1, @p2)";

    private const string WaitDeleteSql = "DELETE FROM waits WHERE execution_id = @p0";

    private readonly Lock _writerGate = new();
    private readonly Dictionary<string, DbCommand> _writerCommands = new(StringComparer.Ordinal);
    private GroupCommitWriter? _writer;
    private DbConnection? _writerConnection;
    private bool _disposed;

    private GroupCommitWriter Writer
    {
        get
        {
            lock (_writerGate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _writer ??= new GroupCommitWriter(CommitGroupAsync, db.Options.PipelinedCommitDelay);
            }
        }
    }

    /// <summary>Writes what is queued, then closes the writer's connection.</summary>
    public async ValueTask DisposeAsync()
    {
        GroupCommitWriter? writer;
        lock (_writerGate)
        {
            _disposed = true;
            writer = _writer;
        }

        if (writer is not null)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        await ResetWriterConnectionAsync().ConfigureAwait(false);
        await ReleaseLeasesAsync().ConfigureAwait(false);
    }

    private async Task CommitGroupAsync(IReadOnlyList<AppendRequest> group)
    {
        Exception?[] outcomes;
        try
        {
            outcomes = await WriteGroupAsync(group).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Rolled back as a whole: a database error (a unique resume token clash, a create race with another process,
            // a broken connection). Each append again on its own, so only the one at fault fails, with its own error.
            await ResetWriterConnectionAsync().ConfigureAwait(false);
            foreach (var request in group)
            {
                try
                {
                    await AppendAloneAsync(request.ExecutionId, request.ExpectedSequence, request.Events, request.Json, CancellationToken.None).ConfigureAwait(false);
                    request.Succeed();
                }
                catch (Exception alone)
                {
                    request.Fail(alone);
                }
            }

            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (outcomes[i] is { } failure)
            {
                group[i].Fail(failure);
            }
            else
            {
                group[i].Succeed();
            }
        }
    }

    /// <summary>One transaction for the group; returns, per request, null when written or the reason it was not.</summary>
    private async Task<Exception?[]> WriteGroupAsync(IReadOnlyList<AppendRequest> group)
    {
        var ct = CancellationToken.None;

        // Background appends are serialised here, before the write lock is taken, not while it is held.
        foreach (var request in group)
        {
            request.SerializeEvents();
        }

        var connection = _writerConnection ??= await db.OpenWriterAsync(ct).ConfigureAwait(false);

        // The workflow snapshots this group writes, remembered only once it committed (WorkflowSnapshots.Committed).
        var now = db.Now();
        var snapshots = new HashSet<string>(StringComparer.Ordinal);

        // SQLite: BEGIN and COMMIT as kept, prepared statements. SqliteTransaction would prepare both anew for every
        // group, which measured as a good part of a small group's CPU.
        var sqlite = db.Provider == StorageProvider.Sqlite;
        DbTransaction? transaction = null;
        if (sqlite)
        {
            await Cached(connection, null, "BEGIN IMMEDIATE", 0).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        else
        {
            transaction = await db.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        }

        try
        {
            var outcomes = await WriteGroupInTransactionAsync(connection, transaction, group, now, snapshots, ct).ConfigureAwait(false);
            if (sqlite)
            {
                await Cached(connection, null, "COMMIT", 0).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            else
            {
                await transaction!.CommitAsync(ct).ConfigureAwait(false);
            }

            _snapshots.Committed(snapshots, now);
            return outcomes;
        }
        catch when (sqlite)
        {
            // Ends the failed group's transaction before the caller resets the connection and retries appends one by one.
            try
            {
                await using var rollback = connection.Command("ROLLBACK");
                await rollback.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (DbException)
            {
                // No transaction left to roll back (SQLite already did on the error).
            }

            throw;
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<Exception?[]> WriteGroupInTransactionAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<AppendRequest> group, DateTimeOffset now, HashSet<string> snapshots, CancellationToken ct)
    {

        var states = new Dictionary<string, GroupState>(StringComparer.Ordinal);
        foreach (var request in group)
        {
            states.TryAdd(request.ExecutionId, new GroupState());
        }

        await LockSummariesAsync(connection, transaction, states, ct).ConfigureAwait(false);

        var outcomes = new Exception?[group.Count];
        var rows = new List<(ExecutionEvent Event, string Json)>();
        for (var i = 0; i < group.Count; i++)
        {
            var request = group[i];
            var state = states[request.ExecutionId];
            var actual = state.Current?.LastSequence ?? 0;
            if (actual != request.ExpectedSequence)
            {
                outcomes[i] = new JournalConflictException(request.ExecutionId, request.ExpectedSequence, actual);
                continue;
            }

            if (state.Current is null && request.Events[0] is not ExecutionCreated)
            {
                outcomes[i] = new InvalidOperationException(
                    $"Execution {request.ExecutionId} does not exist; its journal must start with ExecutionCreated (append it at expected sequence 0 or call CreateAsync).");
                continue;
            }

            var (summary, wait) = ExecutionProjection.Apply(state.Current, request.Events);
            state.Current = summary;
            state.Wait = wait ?? state.Wait;
            state.Changed = true;
            state.TakesLease |= TakesLease(request.Events);
            for (var j = 0; j < request.Events.Length; j++)
            {
                rows.Add((request.Events[j], request.Json[j]));
            }
        }

        // Summaries first: events reference their execution row.
        foreach (var state in states.Values)
        {
            if (state.Changed)
            {
                await WriteSummaryCachedAsync(connection, transaction, state.Current!, insert: state.Original is null, state.TakesLease, ct).ConfigureAwait(false);
            }
        }

        foreach (var (e, _) in rows)
        {
            if (e is ExecutionCreated { WorkflowSnapshot: { } hash } created && !snapshots.Contains(hash)
                && await _snapshots.StoreAsync(Cached(connection, transaction, WorkflowSnapshots.StoreSql, 3), created, now, ct).ConfigureAwait(false))
            {
                snapshots.Add(hash);
            }
        }

        await InsertEventRowsAsync(connection, transaction, rows, ct).ConfigureAwait(false);

        foreach (var state in states.Values)
        {
            switch (state.Wait)
            {
                case WaitChange.Park park:
                    await WaitRows.UpsertAsync(db, connection, transaction, WaitRows.FromEvent(park.Event, state.Current!.WorkflowId), park.Event.Timestamp, ct).ConfigureAwait(false);
                    break;
                case WaitChange.Clear:
                    var delete = Cached(connection, transaction, WaitDeleteSql, 1);
                    delete.Parameters[0].Value = state.Current!.Id;
                    await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    break;
            }
        }

        return outcomes;
    }

    private async Task LockSummariesAsync(DbConnection connection, DbTransaction? transaction, Dictionary<string, GroupState> states, CancellationToken ct)
    {
        // Sorted, so two processes locking overlapping rows (PostgreSQL) always take them in the same order.
        var ids = new string[states.Count];
        states.Keys.CopyTo(ids, 0);
        if (ids.Length > 1)
        {
            Array.Sort(ids, StringComparer.Ordinal);
        }

        for (var from = 0; from < ids.Length; from += IdsPerSelect)
        {
            var count = Math.Min(IdsPerSelect, ids.Length - from);
            var select = Cached(connection, transaction, LockSql(count), count);
            for (var i = 0; i < count; i++)
            {
                select.Parameters[i].Value = ids[from + i];
            }

            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var summary = ReadSummary(reader);
                var state = states[summary.Id];
                state.Original = summary;
                state.Current = summary;
            }
        }
    }

    private async Task WriteSummaryCachedAsync(DbConnection connection, DbTransaction? transaction, ExecutionSummary s, bool insert, bool takeLease, CancellationToken ct)
    {
        var command = Cached(connection, transaction, SummarySql(insert, takeLease), SummaryParameters(insert, takeLease));
        BindSummary(command.Parameters, s, leased: insert || takeLease);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    // One statement text per shape for both paths (the writer's kept commands and a transaction of its own).
    private static string SummarySql(bool insert, bool takeLease) =>
        insert ? SummaryInsertSql : takeLease ? SummaryUpdateTakingLeaseSql : SummaryUpdateSql;

    private static int SummaryParameters(bool insert, bool takeLease) => insert || takeLease ? 14 : 12;

    /// <summary>Sets the parameters of <see cref="SummarySql"/>; with <paramref name="leased"/>, this store's lease too.</summary>
    private void BindSummary(DbParameterCollection p, ExecutionSummary s, bool leased)
    {
        p[0].Value = s.Id;
        p[1].Value = (object?)s.WorkflowId ?? DBNull.Value;
        p[2].Value = s.Mode;
        p[3].Value = ExecutionProjection.ToColumn(s.Status);
        p[4].Value = db.TimeValue(s.StartedAt);
        p[5].Value = db.NullableTimeValue(s.FinishedAt);
        p[6].Value = db.NullableTimeValue(s.WaitUntil);
        p[7].Value = (object?)s.LastNode ?? DBNull.Value;
        p[8].Value = (object?)s.FailedNode ?? DBNull.Value;
        p[9].Value = (object?)s.ErrorJson ?? DBNull.Value;
        p[10].Value = (object?)s.ParentExecutionId ?? DBNull.Value;
        p[11].Value = s.LastSequence;
        if (leased)
        {
            Volatile.Write(ref _tookLeases, 1);
            p[12].Value = LeaseOwner;
            p[13].Value = LeaseUntil();
        }
    }

    /// <summary>Sets one row's parameters of <see cref="EventInsertSql"/>, from <paramref name="offset"/>.</summary>
    private void BindEventRow(DbParameterCollection p, int offset, ExecutionEvent e, string json)
    {
        p[offset].Value = e.ExecutionId;
        p[offset + 1].Value = e.Sequence;
        p[offset + 2].Value = JournalSerializer.TypeOf(e);
        p[offset + 3].Value = (object?)JournalSerializer.NodeOf(e) ?? DBNull.Value;
        p[offset + 4].Value = db.TimeValue(e.Timestamp);
        p[offset + 5].Value = IsInline(json) ? json : DBNull.Value;
        p[offset + 6].Value = (object?)JournalSerializer.RefOf(e) ?? DBNull.Value;
    }

    /// <summary>An event's JSON goes in its row up to the inline limit, beside it in <c>execution_payloads</c> above.</summary>
    private bool IsInline(string json) => json.Length <= db.Options.InlineEventLimit;

    private static void BindPayload(DbParameterCollection p, ExecutionEvent e, string json)
    {
        p[0].Value = e.ExecutionId;
        p[1].Value = e.Sequence;
        p[2].Value = json;
    }

    private async Task InsertEventRowsAsync(DbConnection connection, DbTransaction? transaction, List<(ExecutionEvent Event, string Json)> rows, CancellationToken ct)
    {
        // SQLite runs in process: one prepared single-row INSERT per event measured cheaper in CPU than multi-row
        // VALUES lists (which SQLite compiles as a co-routine); PostgreSQL saves a round trip per row.
        var perInsert = db.Provider == StorageProvider.Sqlite ? 1 : RowsPerInsert;
        for (var from = 0; from < rows.Count; from += perInsert)
        {
            var count = Math.Min(perInsert, rows.Count - from);
            var insert = Cached(connection, transaction, EventInsertSql(count), count * EventColumns);
            for (var i = 0; i < count; i++)
            {
                BindEventRow(insert.Parameters, i * EventColumns, rows[from + i].Event, rows[from + i].Json);
            }

            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        foreach (var (e, json) in rows)
        {
            if (!IsInline(json))
            {
                var payload = Cached(connection, transaction, PayloadInsertSql, 3);
                BindPayload(payload.Parameters, e, json);
                await payload.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
    }

    private static readonly string[] EventInsertSqlByCount = new string[RowsPerInsert + 1];

    private readonly string?[] _lockSqlByCount = new string?[IdsPerSelect + 1];

    private string LockSql(int count)
    {
        if (_lockSqlByCount[count] is { } cached)
        {
            return cached;
        }

        var sql = new StringBuilder($"SELECT {SummaryColumns} FROM executions WHERE id IN (");
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? "@p0" : $", @p{i}");
        }

        return _lockSqlByCount[count] = sql.Append(") ORDER BY id").Append(db.ForUpdate).ToString();
    }

    private static string EventInsertSql(int count)
    {
        if (EventInsertSqlByCount[count] is { } cached)
        {
            return cached;
        }

        var sql = new StringBuilder("INSERT INTO execution_events (execution_id, sequence, type, node, occurred_at, data, ref) VALUES ");
        for (var i = 0; i < count; i++)
        {
            var b = i * EventColumns;
            sql.Append(i == 0 ? string.Empty : ", ")
                .Append($"(@p{b}, @p{b + 1}, @p{b + 2}, @p{b + 3}, @p{b + 4}, @p{b + 5}, @p{b + 6})");
        }

        return EventInsertSqlByCount[count] = sql.ToString();
    }

    /// <summary>A command kept for the writer's connection, so SQLite keeps its statements prepared between groups.</summary>
    private DbCommand Cached(DbConnection connection, DbTransaction? transaction, string sql, int parameters)
    {
        if (!_writerCommands.TryGetValue(sql, out var command))
        {
            command = Positional(connection, null, sql, parameters);
            _writerCommands[sql] = command;
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>A command whose parameters are <c>@p0</c>, <c>@p1</c>… in order (the statements above).</summary>
    private static DbCommand Positional(DbConnection connection, DbTransaction? transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            // With its prefix, so Microsoft.Data.Sqlite binds it by one lookup instead of trying @, $ and : in turn.
            parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private async ValueTask ResetWriterConnectionAsync()
    {
        foreach (var command in _writerCommands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _writerCommands.Clear();
        if (_writerConnection is { } connection)
        {
            _writerConnection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One execution's projection while a group is written.</summary>
    private sealed class GroupState
    {
        /// <summary>As read from the database (null: the execution does not exist yet).</summary>
        public ExecutionSummary? Original { get; set; }

        public ExecutionSummary? Current { get; set; }

        public WaitChange? Wait { get; set; }

        public bool Changed { get; set; }

        /// <summary>The group resumes it: its lease passes to this process.</summary>
        public bool TakesLease { get; set; }
    }
}
