namespace Tessera.Storage.Durable;

/// <summary>
/// A retry, replay or fork that cannot start as asked. <see cref="Field"/> names the request field at fault
/// (<c>fromNode</c>); null when the origin execution's state is the reason (still running, succeeded, compacted).
/// Hosts turn it into their own error (a 422 or 409, a CLI message) without reading the message's text.
/// </summary>
public sealed class ExecutionBranchException(string message, string? field = null) : InvalidOperationException(message)
{
    /// <summary>The request field at fault, or null.</summary>
    public string? Field { get; } = field;
}
