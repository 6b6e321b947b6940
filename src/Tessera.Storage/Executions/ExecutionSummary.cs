namespace Tessera.Storage.Executions;

/// <summary>Where an execution stands, as projected from its journal.</summary>
public enum ExecutionState
{
    /// <summary>Created or resumed and not finished.</summary>
    Running,

    /// <summary>Parked on a timer, webhook or approval.</summary>
    Waiting,

    /// <summary>Finished without error.</summary>
    Success,

    /// <summary>Finished with an error.</summary>
    Error,

    /// <summary>Cancelled by a person, a timeout or shutdown.</summary>
    Canceled,
}

/// <summary>The projection of one execution's journal.</summary>
public sealed record ExecutionSummary
{
    /// <summary>The execution id.</summary>
    public required string Id { get; init; }

    /// <summary>The workflow id (null for ad-hoc runs).</summary>
    public string? WorkflowId { get; init; }

    /// <summary>The execution mode ("manual", "trigger", "webhook"…).</summary>
    public required string Mode { get; init; }

    /// <summary>Where it stands.</summary>
    public ExecutionState Status { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it finished or was cancelled.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When a waiting execution's timer fires (null for untimed waits).</summary>
    public DateTimeOffset? WaitUntil { get; init; }

    /// <summary>The last node that started, completed or failed.</summary>
    public string? LastNode { get; init; }

    /// <summary>The node that failed the execution.</summary>
    public string? FailedNode { get; init; }

    /// <summary>The error JSON of the failure.</summary>
    public string? ErrorJson { get; init; }

    /// <summary>The execution this one was retried, replayed or forked from.</summary>
    public string? ParentExecutionId { get; init; }

    /// <summary>The last journal sequence: pass it as the expected sequence of the next append.</summary>
    public long LastSequence { get; init; }

    /// <summary>When retention compacted it (item data dropped, summary and event skeleton kept); null when intact.</summary>
    public DateTimeOffset? CompactedAt { get; init; }
}

/// <summary>Which executions to list. Filters combine with AND; null means "any".</summary>
public sealed record ExecutionQuery
{
    /// <summary>Only this workflow's executions.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>Only executions in one of these states.</summary>
    public IReadOnlyCollection<ExecutionState>? Statuses { get; init; }

    /// <summary>Only executions started at or after this time.</summary>
    public DateTimeOffset? StartedFrom { get; init; }

    /// <summary>Only executions started before this time.</summary>
    public DateTimeOffset? StartedBefore { get; init; }

    /// <summary>Page size (1–1000). Default 50.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>The <see cref="ExecutionPage.NextCursor"/> of the previous page.</summary>
    public string? Cursor { get; init; }
}

/// <summary>A page of executions, newest first.</summary>
/// <param name="Items">The executions.</param>
/// <param name="NextCursor">Pass as <see cref="ExecutionQuery.Cursor"/> for the next page; null on the last page.</param>
public sealed record ExecutionPage(IReadOnlyList<ExecutionSummary> Items, string? NextCursor);
