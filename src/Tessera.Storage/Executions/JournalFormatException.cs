namespace Tessera.Storage.Executions;

/// <summary>
/// A stored journal event could not be read: an unknown (newer) event type, damaged JSON or a missing payload.
/// Reading stops at that event rather than skipping it, so nothing is resumed or pruned on a partial history.
/// </summary>
public sealed class JournalFormatException(string executionId, long sequence, string type, string reason)
    : Exception($"Execution {executionId}, journal event {sequence} ({type}): {reason}.")
{
    /// <summary>The execution.</summary>
    public string ExecutionId { get; } = executionId;

    /// <summary>The unreadable event's sequence.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The stored event type.</summary>
    public string Type { get; } = type;
}
