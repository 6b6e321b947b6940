namespace Tessera.Storage.Waits;

/// <summary>
/// Parked executions: the timer table behind durable waits. Appending <c>ExecutionWaiting</c> to the journal parks
/// the execution here in the same transaction, and resuming, finishing or cancelling it removes the row, so callers
/// mostly read: <see cref="ClaimDueAsync"/> for timers, <see cref="FindByResumeTokenAsync"/> for webhook resumes.
/// </summary>
/// <remarks>
/// Whoever resumes an execution should first win it: timers through a claim (a lease that expires if the claimant
/// dies), webhook and approval resumes through <see cref="RemoveAsync"/> returning true (only one caller can).
/// </remarks>
public interface IWaitStore
{
    /// <summary>Parks (or re-parks) an execution, clearing any claim. The execution must exist.</summary>
    Task ParkAsync(WaitRegistration wait, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> parked executions whose wake-up time has passed and which nobody holds
    /// a live claim on, for <paramref name="lease"/>. Two pollers never receive the same execution while a lease lives.
    /// </summary>
    Task<IReadOnlyList<ParkedExecution>> ClaimDueAsync(string claimant, int maxCount, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>The parked execution waiting for this resume token, or null.</summary>
    Task<ParkedExecution?> FindByResumeTokenAsync(string resumeToken, CancellationToken cancellationToken);

    /// <summary>The execution's wait, or null when it is not parked.</summary>
    Task<ParkedExecution?> GetAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Unparks an execution. True only for the one caller that removed the row.</summary>
    Task<bool> RemoveAsync(string executionId, CancellationToken cancellationToken);
}

/// <summary>A wait to record.</summary>
public sealed record WaitRegistration
{
    /// <summary>The parked execution.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>Its workflow (null for ad-hoc runs).</summary>
    public string? WorkflowId { get; init; }

    /// <summary>The node that asked to wait.</summary>
    public required string Node { get; init; }

    /// <summary>"timer", "webhook" or "approval".</summary>
    public required string Kind { get; init; }

    /// <summary>When to wake it; null waits without a time limit.</summary>
    public DateTimeOffset? WakeAt { get; init; }

    /// <summary>The token a webhook call presents to resume it; unique across parked executions.</summary>
    public string? ResumeToken { get; init; }

    /// <summary>Anything else the resumer needs, as JSON.</summary>
    public string? DetailsJson { get; init; }
}

/// <summary>A parked execution.</summary>
public sealed record ParkedExecution
{
    /// <summary>The parked execution.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>Its workflow.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>The node that asked to wait.</summary>
    public required string Node { get; init; }

    /// <summary>"timer", "webhook" or "approval".</summary>
    public required string Kind { get; init; }

    /// <summary>When it wakes.</summary>
    public DateTimeOffset? WakeAt { get; init; }

    /// <summary>The webhook resume token.</summary>
    public string? ResumeToken { get; init; }

    /// <summary>Details for the resumer, as JSON.</summary>
    public string? DetailsJson { get; init; }

    /// <summary>When it was parked.</summary>
    public DateTimeOffset ParkedAt { get; init; }

    /// <summary>Who holds the current claim.</summary>
    public string? ClaimedBy { get; init; }

    /// <summary>When the current claim lapses.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }
}
