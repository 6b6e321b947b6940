using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Audit;

/// <summary>
/// The audit log over portable SQL. An append locks the single <c>audit_head</c> row (SQLite: the write transaction
/// holds the database lock; PostgreSQL: <c>SELECT … FOR UPDATE</c>), so appends are serialised and the chain never
/// forks; the <c>seq</c> primary key backs that up. Verify reads the head and every row in one snapshot.
/// </summary>
internal abstract class SqlAuditLog(SqlDatabase db) : IAuditLog
{
    private const string Columns = "seq, at, actor, action, target, project_id, details, prev_hash, hash";

    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Actor, nameof(record));
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Action, nameof(record));
        var details = string.IsNullOrWhiteSpace(record.DetailsJson) ? "{}" : record.DetailsJson;
        try
        {
            using var doc = JsonDocument.Parse(details);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"Audit details for '{record.Action}' must be a JSON object, not {doc.RootElement.ValueKind}.", nameof(record));
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Audit details for '{record.Action}' are not valid JSON: {e.Message}", nameof(record), e);
        }

        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var (lastSeq, lastHash) = await ReadHeadAsync(connection, transaction, db.ForUpdate, cancellationToken).ConfigureAwait(false);
        var entry = new AuditEntry
        {
            Seq = lastSeq + 1,
            At = db.Now(),
            Actor = record.Actor,
            Action = record.Action,
            Target = record.Target,
            ProjectId = record.ProjectId,
            DetailsJson = details,
            PrevHash = lastHash,
            Hash = string.Empty,
        };
        entry = entry with { Hash = AuditHash.Compute(entry) };
        await connection.ExecuteAsync(
            $"INSERT INTO audit_log ({Columns}) VALUES (@seq, @at, @actor, @action, @target, @project_id, @details, @prev_hash, @hash)",
            transaction,
            cancellationToken,
            ("seq", entry.Seq),
            ("at", db.TimeValue(entry.At)),
            ("actor", entry.Actor),
            ("action", entry.Action),
            ("target", entry.Target),
            ("project_id", entry.ProjectId),
            ("details", entry.DetailsJson),
            ("prev_hash", entry.PrevHash),
            ("hash", entry.Hash)).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE audit_head SET last_seq = @seq, last_hash = @hash WHERE id = 1",
            transaction,
            cancellationToken,
            ("seq", entry.Seq),
            ("hash", entry.Hash)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    public async Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "AuditQuery.Limit must be between 1 and 1000.");
        }

        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        void Filter(string column, string? value)
        {
            if (value is not null)
            {
                where.Add($"{column} = @{column}");
                command.With(column, value);
            }
        }

        Filter("action", query.Action);
        Filter("actor", query.Actor);
        Filter("project_id", query.ProjectId);
        Filter("target", query.Target);
        if (query.Cursor is not null)
        {
            if (!long.TryParse(query.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
            {
                throw new ArgumentException($"Audit list cursor '{query.Cursor}' is not valid; pass the nextCursor of a previous page.", nameof(query));
            }

            where.Add("seq < @cursor");
            command.With("cursor", cursor);
        }

        command.CommandText = $"SELECT {Columns} FROM audit_log"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty)
            + " ORDER BY seq DESC LIMIT @limit";
        command.With("limit", query.Limit + 1);
        var items = new List<AuditEntry>();
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

                items.Add(ReadEntry(reader));
            }
        }

        return new AuditPage(items, more ? items[^1].Seq.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = await BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        var (headSeq, headHash) = await ReadHeadAsync(connection, snapshot, string.Empty, cancellationToken).ConfigureAwait(false);
        var expectedSeq = 1L;
        var prevHash = AuditHash.Genesis;
        await using (var command = connection.Command($"SELECT {Columns} FROM audit_log ORDER BY seq", snapshot))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = ReadEntry(reader);
                var checkedSoFar = expectedSeq - 1;
                if (entry.Seq != expectedSeq)
                {
                    return entry.Seq > expectedSeq
                        ? Bad(checkedSoFar, expectedSeq, entry.Seq == expectedSeq + 1
                            ? $"entry {expectedSeq} is missing (deleted): the next stored entry is {entry.Seq}"
                            : $"entries {expectedSeq}–{entry.Seq - 1} are missing (deleted): the next stored entry is {entry.Seq}")
                        : Bad(checkedSoFar, entry.Seq, $"entry {entry.Seq} is out of order (expected {expectedSeq})");
                }

                if (!string.Equals(entry.PrevHash, prevHash, StringComparison.Ordinal))
                {
                    return Bad(checkedSoFar, entry.Seq,
                        $"entry {entry.Seq}'s prev_hash {Short(entry.PrevHash)} does not match entry {entry.Seq - 1}'s hash {Short(prevHash)}: "
                        + $"entry {entry.Seq - 1} was edited and re-hashed, or entries were reordered or replaced");
                }

                var computed = AuditHash.Compute(entry);
                if (!string.Equals(computed, entry.Hash, StringComparison.Ordinal))
                {
                    return Bad(checkedSoFar, entry.Seq,
                        $"entry {entry.Seq} ({entry.Action} by {entry.Actor} at {entry.At:yyyy-MM-ddTHH:mm:ss.ffffffZ}) was edited: "
                        + $"its stored hash is {Short(entry.Hash)} but its content hashes to {Short(computed)}");
                }

                prevHash = entry.Hash;
                expectedSeq++;
            }
        }

        var last = expectedSeq - 1;
        if (headSeq != last)
        {
            return headSeq > last
                ? Bad(last, last + 1, $"the log's head says it ends at entry {headSeq}, but the last stored entry is {last}: entries {last + 1}–{headSeq} were deleted")
                : Bad(last, headSeq + 1, $"entries after {headSeq} are not recorded in the log's head (it says the log ends at {headSeq}): they were inserted outside Tessera");
        }

        if (!string.Equals(headHash, prevHash, StringComparison.Ordinal))
        {
            return Bad(last, last, $"the log's head hash {Short(headHash)} does not match entry {last}'s hash {Short(prevHash)}: entry {last} was edited and re-hashed");
        }

        return new AuditVerification(true, last, null, null);
    }

    /// <summary>A read transaction that sees one consistent state of the head and the rows.</summary>
    protected abstract ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    private static AuditVerification Bad(long checkedCount, long seq, string problem) => new(false, checkedCount, seq, problem);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private static async Task<(long Seq, string Hash)> ReadHeadAsync(DbConnection connection, DbTransaction? transaction, string forUpdate, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT last_seq, last_hash FROM audit_head WHERE id = 1" + forUpdate, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The audit log's head row is missing; the audit_head table was tampered with. Run `tessera audit verify` to find what else changed.");
        }

        return (reader.GetInt64(0), reader.GetString(1));
    }

    private AuditEntry ReadEntry(DbDataReader reader) => new()
    {
        Seq = reader.GetInt64(0),
        At = db.ReadTime(reader, 1),
        Actor = reader.GetString(2),
        Action = reader.GetString(3),
        Target = reader.GetNullableString(4),
        ProjectId = reader.GetNullableString(5),
        DetailsJson = reader.GetString(6),
        PrevHash = reader.GetString(7),
        Hash = reader.GetString(8),
    };
}

/// <summary>SQLite audit log.</summary>
internal sealed class SqliteAuditLog(SqliteDatabase db) : SqlAuditLog(db)
{
    protected override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // A deferred transaction in WAL mode reads one snapshot without blocking writers.
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
}

/// <summary>PostgreSQL audit log.</summary>
internal sealed class PostgresAuditLog(PostgresDatabase db) : SqlAuditLog(db)
{
    protected override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
}
