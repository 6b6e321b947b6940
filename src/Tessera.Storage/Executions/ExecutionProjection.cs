using Tessera.Engine.Journal;

namespace Tessera.Storage.Executions;

/// <summary>What an append or a rebuild must do to the execution's wait row.</summary>
internal abstract record WaitChange
{
    /// <summary>Park (or re-park) on this event.</summary>
    public sealed record Park(ExecutionWaiting Event) : WaitChange;

    /// <summary>Remove the wait row.</summary>
    public sealed record Clear : WaitChange;
}

/// <summary>
/// Folds journal events into an <see cref="ExecutionSummary"/>. Pure, so appends and rebuilds on every backend
/// compute exactly the same projection.
/// </summary>
internal static class ExecutionProjection
{
    /// <summary>Applies events in order to the current projection (null before <see cref="ExecutionCreated"/>).</summary>
    /// <returns>The new projection and the last change to the wait row (null when no event touched it).</returns>
    public static (ExecutionSummary Summary, WaitChange? Wait) Apply(ExecutionSummary? current, IEnumerable<ExecutionEvent> events)
    {
        WaitChange? wait = null;
        foreach (var e in events)
        {
            current = e switch
            {
                ExecutionCreated c => new ExecutionSummary
                {
                    Id = c.ExecutionId,
                    WorkflowId = c.WorkflowId,
                    Mode = c.Mode,
                    Status = ExecutionState.Running,
                    StartedAt = c.Timestamp,
                    ParentExecutionId = c.ParentExecutionId,
                },
                _ when current is null => throw new InvalidOperationException(
                    $"Execution {e.ExecutionId}: the journal must start with ExecutionCreated, not {e.GetType().Name}."),
                NodeStarted s => current with { LastNode = s.Node },
                NodeCompleted c => current with { LastNode = c.Node },
                NodeFailed f => current with { LastNode = f.Node, FailedNode = f.Node, ErrorJson = f.ErrorJson },
                NodeRetried r => current with { LastNode = r.Node },
                ExecutionWaiting w => current with { Status = ExecutionState.Waiting, WaitUntil = w.Until, LastNode = w.Node },
                ExecutionResumed => current with { Status = ExecutionState.Running, WaitUntil = null },
                ExecutionFinished f => current with
                {
                    Status = string.Equals(f.Status, "success", StringComparison.OrdinalIgnoreCase) ? ExecutionState.Success : ExecutionState.Error,
                    FinishedAt = e.Timestamp,
                    WaitUntil = null,
                    ErrorJson = f.ErrorJson ?? current.ErrorJson,
                    FailedNode = f.FailedNode ?? current.FailedNode,
                },
                ExecutionCancelled => current with { Status = ExecutionState.Canceled, FinishedAt = e.Timestamp, WaitUntil = null },
                _ => current,
            };

            wait = e switch
            {
                ExecutionWaiting w => new WaitChange.Park(w),
                ExecutionResumed or ExecutionFinished or ExecutionCancelled => new WaitChange.Clear(),
                _ => wait,
            };
            current = current with { LastSequence = e.Sequence };
        }

        return (current ?? throw new InvalidOperationException("No events to project."), wait);
    }

    /// <summary>The status as stored in the <c>status</c> column.</summary>
    public static string ToColumn(ExecutionState state) => state switch
    {
        ExecutionState.Running => "running",
        ExecutionState.Waiting => "waiting",
        ExecutionState.Success => "success",
        ExecutionState.Error => "error",
        ExecutionState.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown execution state."),
    };

    /// <summary>Reads the <c>status</c> column.</summary>
    public static ExecutionState FromColumn(string value) => value switch
    {
        "running" => ExecutionState.Running,
        "waiting" => ExecutionState.Waiting,
        "success" => ExecutionState.Success,
        "error" => ExecutionState.Error,
        "canceled" => ExecutionState.Canceled,
        _ => throw new InvalidOperationException($"Unknown execution status '{value}' in the executions table; the database was written by a newer Tessera or edited by hand."),
    };
}
