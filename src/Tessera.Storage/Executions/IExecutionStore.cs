using Tessera.Engine.Journal;

namespace Tessera.Storage.Executions;

/// <summary>
/// Executions: the append-only journal (<see cref="IExecutionJournal"/>) plus the projection of it that lists and
/// screens read (status, times, last node, error). The projection is written in the same transaction as each append,
/// so it never disagrees with the journal, and <see cref="RebuildProjectionAsync"/> recomputes it from the events.
/// </summary>
/// <remarks>
/// An execution starts with an <see cref="ExecutionCreated"/> event appended at expected sequence 0 (or
/// <see cref="CreateAsync"/>). Appending <see cref="ExecutionWaiting"/> parks the execution in the wait store in the
/// same transaction; <see cref="ExecutionResumed"/>, <see cref="ExecutionFinished"/> and <see cref="ExecutionCancelled"/>
/// unpark it.
/// </remarks>
public interface IExecutionStore : IExecutionJournal
{
    /// <summary>Creates the execution by appending its first event; fails with <see cref="JournalConflictException"/> when it already exists.</summary>
    Task<ExecutionSummary> CreateAsync(ExecutionCreated created, CancellationToken cancellationToken);

    /// <summary>A new execution id, unique among every process on this database (reserved from a counter in blocks).</summary>
    ValueTask<string> NewIdAsync(CancellationToken cancellationToken);

    /// <summary>The execution's projection, or null when there is no such execution.</summary>
    Task<ExecutionSummary?> GetAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>A page of executions, newest first.</summary>
    Task<ExecutionPage> ListAsync(ExecutionQuery query, CancellationToken cancellationToken);

    /// <summary>Executions whose projection says <see cref="ExecutionState.Running"/>: after a crash these are the ones to resume.</summary>
    Task<IReadOnlyList<ExecutionSummary>> ListRunningAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims a running execution for this process, to resume it: true when its lease was free, expired, already this
    /// store's, or held by a process on this host that died. False when it is not running or another live process
    /// holds it (docs/storage.md, "Leases").
    /// </summary>
    Task<bool> TryClaimAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Extends this store's leases on these executions (those another process took over are left alone).</summary>
    Task RenewLeasesAsync(IReadOnlyCollection<string> executionIds, CancellationToken cancellationToken);

    /// <summary>Deletes the execution, its journal, its wait and its binary data references. False when it did not exist.</summary>
    Task<bool> DeleteAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Recomputes the projection (and the wait row) from the journal; returns it, or null when the execution does not exist.</summary>
    Task<ExecutionSummary?> RebuildProjectionAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes, in one short transaction, up to <paramref name="batchSize"/> finished executions (success, error,
    /// canceled) that finished before <paramref name="finishedBefore"/>, oldest first. Returns how many went; call
    /// again until it returns 0. Running and waiting executions are never pruned.
    /// </summary>
    Task<int> DeleteFinishedBeforeAsync(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes, in one short transaction, up to <paramref name="batchSize"/> of the oldest finished executions beyond the
    /// newest <paramref name="keepNewest"/> finished ones. Returns how many went; call again until it returns 0.
    /// </summary>
    Task<int> DeleteBeyondCountAsync(int keepNewest, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Compacts up to <paramref name="batchSize"/> finished, not yet compacted executions that finished before
    /// <paramref name="finishedBefore"/>: their summary and event skeleton stay, item data (node inputs, outputs and
    /// state) is dropped. Returns how many were compacted.
    /// </summary>
    Task<int> CompactFinishedBeforeAsync(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken);
}
