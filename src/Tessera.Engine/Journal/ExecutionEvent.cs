using System.Text.Json.Serialization;
using Tessera.Engine.Data;

namespace Tessera.Engine.Journal;

/// <summary>
/// One entry of an execution's append-only journal. The journal is the execution's truth: status, node outputs
/// and timings are projections of it. <see cref="Sequence"/> starts at 1 and has no gaps within an execution.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecutionCreated), "ExecutionCreated")]
[JsonDerivedType(typeof(NodeStarted), "NodeStarted")]
[JsonDerivedType(typeof(NodeCompleted), "NodeCompleted")]
[JsonDerivedType(typeof(NodeFailed), "NodeFailed")]
[JsonDerivedType(typeof(NodeRetried), "NodeRetried")]
[JsonDerivedType(typeof(ExecutionWaiting), "ExecutionWaiting")]
[JsonDerivedType(typeof(ExecutionResumed), "ExecutionResumed")]
[JsonDerivedType(typeof(ApprovalRequested), "ApprovalRequested")]
[JsonDerivedType(typeof(ApprovalDecided), "ApprovalDecided")]
[JsonDerivedType(typeof(ExecutionFinished), "ExecutionFinished")]
[JsonDerivedType(typeof(ExecutionCancelled), "ExecutionCancelled")]
public abstract record ExecutionEvent
{
    /// <summary>The execution this event belongs to.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>Position in the execution's journal, from 1.</summary>
    public long Sequence { get; init; }

    /// <summary>When the event happened.</summary>
    public DateTimeOffset Timestamp { get; init; }
}

/// <summary>An execution was created.</summary>
public sealed record ExecutionCreated : ExecutionEvent
{
    /// <summary>The workflow id (may be null for ad-hoc runs).</summary>
    public string? WorkflowId { get; init; }

    /// <summary>The workflow JSON as run (a snapshot, so later edits don't change history).</summary>
    public required string WorkflowJson { get; init; }

    /// <summary>
    /// The SHA-256 (lowercase hex) of <see cref="WorkflowJson"/>, set by a store that keeps each distinct snapshot
    /// once instead of in every run's journal. Events read back from such a store carry both.
    /// </summary>
    public string? WorkflowSnapshot { get; init; }

    /// <summary>The execution mode.</summary>
    public required string Mode { get; init; }

    /// <summary>Items the trigger produced, as n8n item JSON (an array).</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    public string? TriggerItemsJson { get; init; }

    /// <summary>The node the run starts from, when not the default trigger.</summary>
    public string? StartNode { get; init; }

    /// <summary>The node the run stops after (n8n's destinationNode), so a resumed run still stops there.</summary>
    public string? DestinationNode { get; init; }

    /// <summary>The execution this one was retried, replayed or forked from.</summary>
    public string? ParentExecutionId { get; init; }
}

/// <summary>A node run started.</summary>
public sealed record NodeStarted : ExecutionEvent
{
    /// <summary>The node name.</summary>
    public required string Node { get; init; }

    /// <summary>The node's run index.</summary>
    public int RunIndex { get; init; }
}

/// <summary>A node run finished; carries its outputs so the run can be resumed or replayed without running it again.</summary>
public sealed record NodeCompleted : ExecutionEvent
{
    /// <summary>The node name.</summary>
    public required string Node { get; init; }

    /// <summary>The node's run index.</summary>
    public int RunIndex { get; init; }

    /// <summary>Outputs as n8n item JSON: an array (per output) of arrays of items.</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    public required string OutputsJson { get; init; }

    /// <summary>The node's per-execution state after the run (e.g. Loop Over Items' remaining items).</summary>
    public string? StateJson { get; init; }

    /// <summary>Run time in milliseconds.</summary>
    public double DurationMs { get; init; }

    /// <summary>The error, when the node failed but the error was routed (continue modes).</summary>
    public string? ErrorJson { get; init; }
}

/// <summary>A node failed and stopped the execution.</summary>
public sealed record NodeFailed : ExecutionEvent
{
    /// <summary>The node name.</summary>
    public required string Node { get; init; }

    /// <summary>The node's run index.</summary>
    public int RunIndex { get; init; }

    /// <summary>The error as n8n's error JSON.</summary>
    public required string ErrorJson { get; init; }
}

/// <summary>A node attempt failed and will be retried.</summary>
public sealed record NodeRetried : ExecutionEvent
{
    /// <summary>The node name.</summary>
    public required string Node { get; init; }

    /// <summary>The node's run index.</summary>
    public int RunIndex { get; init; }

    /// <summary>The attempt that failed (1-based).</summary>
    public int Attempt { get; init; }

    /// <summary>Why it failed.</summary>
    public required string Error { get; init; }
}

/// <summary>The execution is parked until a time, a webhook call or an approval.</summary>
public sealed record ExecutionWaiting : ExecutionEvent
{
    /// <summary>The node that asked to wait.</summary>
    public required string Node { get; init; }

    /// <summary>The waiting node's run index.</summary>
    public int RunIndex { get; init; }

    /// <summary>"timer", "webhook" or "approval".</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// What the node passes on when a timer resumes it (n8n item JSON, an array per output); a webhook resume
    /// delivers its own data instead.
    /// </summary>
    [JsonConverter(typeof(RawJsonConverter))]
    public string? OutputsJson { get; init; }

    /// <summary>Resume time for timers.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Details the resumer needs.</summary>
    public string? DetailsJson { get; init; }
}

/// <summary>A parked execution continued.</summary>
public sealed record ExecutionResumed : ExecutionEvent
{
    /// <summary>What woke it ("timer", "webhook", "approval", "restart").</summary>
    public required string Reason { get; init; }

    /// <summary>Data delivered by the waker (webhook body…), as item JSON.</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    public string? DataJson { get; init; }
}

/// <summary>A human approval was requested.</summary>
public sealed record ApprovalRequested : ExecutionEvent
{
    /// <summary>The node asking.</summary>
    public required string Node { get; init; }

    /// <summary>The approval id.</summary>
    public required string ApprovalId { get; init; }

    /// <summary>What is being approved.</summary>
    public string? Summary { get; init; }
}

/// <summary>A human approved or rejected.</summary>
public sealed record ApprovalDecided : ExecutionEvent
{
    /// <summary>The approval id.</summary>
    public required string ApprovalId { get; init; }

    /// <summary>True when approved.</summary>
    public bool Approved { get; init; }

    /// <summary>Who decided.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Why.</summary>
    public string? Comment { get; init; }
}

/// <summary>The execution ended (success or error).</summary>
public sealed record ExecutionFinished : ExecutionEvent
{
    /// <summary>"success" or "error".</summary>
    public required string Status { get; init; }

    /// <summary>The error, when it failed.</summary>
    public string? ErrorJson { get; init; }

    /// <summary>The node that failed, when it failed.</summary>
    public string? FailedNode { get; init; }
}

/// <summary>The execution was cancelled by a person or by its timeout.</summary>
public sealed record ExecutionCancelled : ExecutionEvent
{
    /// <summary>"user", "timeout" or "shutdown".</summary>
    public required string Reason { get; init; }
}

/// <summary>Where the engine writes an execution's events. Storage implements it; the default keeps nothing.</summary>
public interface IExecutionJournal
{
    /// <summary>Appends events in order; fails with <see cref="JournalConflictException"/> when <paramref name="expectedSequence"/> is not the last stored sequence.</summary>
    ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken);

    /// <summary>Reads an execution's events in order.</summary>
    IAsyncEnumerable<ExecutionEvent> ReadAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends events whose durability may lag behind: the journal may return before they are stored, provided it
    /// stores them in order with every later append and <see cref="FlushAsync"/> waits for them. The engine uses it for
    /// the completion of side-effect-free nodes. The default stores them at once, like <see cref="AppendAsync"/>.
    /// </summary>
    ValueTask AppendDeferredAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken) =>
        AppendAsync(executionId, expectedSequence, events, cancellationToken);

    /// <summary>
    /// Returns once every event appended so far is stored (and throws what storing a deferred append threw). The engine
    /// calls it before a node with side effects starts. The default has nothing to wait for.
    /// </summary>
    ValueTask FlushAsync(string executionId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>An append whose expected sequence did not match: another writer appended first.</summary>
public sealed class JournalConflictException(string executionId, long expected, long actual)
    : Exception($"Execution {executionId}: expected journal sequence {expected} but the journal is at {actual}; another writer appended first.")
{
    /// <summary>The execution.</summary>
    public string ExecutionId { get; } = executionId;

    /// <summary>The sequence the writer expected.</summary>
    public long Expected { get; } = expected;

    /// <summary>The sequence found.</summary>
    public long Actual { get; } = actual;
}

/// <summary>A journal that keeps nothing (ad-hoc CLI runs).</summary>
public sealed class NullExecutionJournal : IExecutionJournal
{
    /// <summary>The shared instance.</summary>
    public static NullExecutionJournal Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async IAsyncEnumerable<ExecutionEvent> ReadAsync(string executionId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }
}
