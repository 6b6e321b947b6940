using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Tessera.Engine.Journal;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Executions;

/// <summary>
/// Workflow snapshots stored once per distinct content (docs/storage.md, "Workflow snapshots"). A run's
/// <see cref="ExecutionCreated"/> names its snapshot by SHA-256 instead of carrying the workflow JSON: for a small
/// workflow that JSON was most of the bytes a run wrote, and it was the same for every run of one workflow version.
/// </summary>
/// <remarks>
/// Snapshots are never referenced by a foreign key. Instead each process refreshes a snapshot's <c>last_used_at</c>
/// when it stores a run of it, at most every <see cref="RefreshInterval"/>, and pruning deletes the snapshots unused
/// since <see cref="KeepMargin"/> before the oldest execution left. A snapshot referenced by any execution was
/// refreshed no earlier than <see cref="RefreshInterval"/> before that execution started, so it is never deleted;
/// the margin also covers clocks that differ between the processes on one PostgreSQL database.
/// </remarks>
internal sealed class WorkflowSnapshots(SqlDatabase db)
{
    /// <summary>How often a process refreshes <c>last_used_at</c> of a snapshot it keeps storing runs of.</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(10);

    /// <summary>How long before the oldest execution an unused snapshot is still kept.</summary>
    internal static readonly TimeSpan KeepMargin = TimeSpan.FromHours(1);

    /// <summary>Above this many remembered snapshots, the ones due for a refresh anyway are forgotten.</summary>
    private const int RememberedLimit = 1024;

    /// <summary>The statement <see cref="StoreAsync"/> runs (parameters: hash, data, time).</summary>
    public const string StoreSql = """
        INSERT INTO workflow_snapshots (hash, data, last_used_at) VALUES (@p0, @p1, @p2)
        ON CONFLICT (hash) DO UPDATE SET last_used_at = excluded.last_used_at WHERE workflow_snapshots.last_used_at < excluded.last_used_at
        """;

    /// <summary>When this process last stored each snapshot (committed), by hash.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _stored = new(StringComparer.Ordinal);

    /// <summary>The lowercase hex SHA-256 of a workflow's JSON (UTF-8).</summary>
    public static string Hash(string workflowJson)
    {
        var bytes = Encoding.UTF8.GetBytes(workflowJson);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The event with its snapshot's hash set (events of other types, and empty snapshots, as they are).</summary>
    public static ExecutionEvent WithHash(ExecutionEvent e) =>
        e is ExecutionCreated { WorkflowSnapshot: null, WorkflowJson.Length: > 0 } created
            ? created with { WorkflowSnapshot = Hash(created.WorkflowJson) }
            : e;

    /// <summary>
    /// Writes (or refreshes) the snapshot of a run being stored, unless this process did so recently. Call inside the
    /// transaction that stores the event, with the time taken before it began (<c>db.Now()</c>), and
    /// <see cref="Committed"/> with the same time after it committed.
    /// </summary>
    /// <returns>Whether a row was written (so it must be remembered on commit).</returns>
    public async ValueTask<bool> StoreAsync(DbCommand upsert, ExecutionCreated created, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hash = created.WorkflowSnapshot!;
        if (_stored.TryGetValue(hash, out var at) && now - at < RefreshInterval)
        {
            return false;
        }

        upsert.Parameters[0].Value = hash;
        upsert.Parameters[1].Value = created.WorkflowJson;
        upsert.Parameters[2].Value = db.TimeValue(now);
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Remembers snapshots written by a transaction that committed (a rolled-back write is written again).</summary>
    public void Committed(IEnumerable<string> hashes, DateTimeOffset at)
    {
        foreach (var hash in hashes)
        {
            _stored[hash] = at;
        }

        if (_stored.Count > RememberedLimit)
        {
            foreach (var (hash, stored) in _stored)
            {
                if (at - stored >= RefreshInterval)
                {
                    _stored.TryRemove(hash, out _);
                }
            }
        }
    }

    /// <summary>
    /// Deletes the snapshots no execution left can reference: those unused since <see cref="KeepMargin"/> before the
    /// oldest execution's start (or before now, when there is none). Runs inside a retention batch's transaction.
    /// </summary>
    public async Task<int> DeleteUnusedAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var now = db.Now();
        DateTimeOffset? oldest;
        await using (var min = connection.Command("SELECT MIN(started_at) FROM executions", transaction))
        await using (var reader = await min.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            oldest = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? db.ReadNullableTime(reader, 0) : null;
        }

        var cutoff = (oldest is { } o && o < now ? o : now) - KeepMargin;
        return await connection.ExecuteAsync(
            "DELETE FROM workflow_snapshots WHERE last_used_at < @cutoff",
            transaction,
            cancellationToken,
            ("cutoff", db.TimeValue(cutoff))).ConfigureAwait(false);
    }
}
