namespace Tessera.Server.Execution;

/// <summary>Why the queue turned an execution away.</summary>
public enum QueueRejection
{
    /// <summary>The process is full: every slot busy and the waiting queue at its limit (HTTP 503).</summary>
    OverCapacity,

    /// <summary>This workflow has too many executions waiting (HTTP 429).</summary>
    WorkflowLimit,
}

/// <summary>The <see cref="ExecutionQueue"/> refused an execution; callers answer 503 or 429 with <see cref="RetryAfter"/>.</summary>
public sealed class ExecutionQueueRejectedException(QueueRejection reason, TimeSpan retryAfter, string message) : Exception(message)
{
    /// <summary>Which limit was hit.</summary>
    public QueueRejection Reason { get; } = reason;

    /// <summary>When a retry has a fair chance (whole seconds, at least 1).</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>The HTTP status for the rejection: 503 for the process, 429 for one workflow.</summary>
    public int StatusCode => Reason == QueueRejection.OverCapacity ? 503 : 429;
}
