using System.Collections;
using Microsoft.Extensions.Logging;

namespace Tessera.Server.Operations.Logging;

/// <summary>
/// The log scope of one execution: every entry written while it runs (on any thread of its async flow) carries
/// <c>ExecutionId</c> and <c>WorkflowId</c>; the JSON log shows them under <c>Scopes</c>.
/// </summary>
internal sealed class ExecutionLogScope(string executionId, string? workflowId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static IDisposable? Begin(ILogger logger, string executionId, string? workflowId) =>
        logger.BeginScope(new ExecutionLogScope(executionId, workflowId));

    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ExecutionId", executionId),
        1 => new("WorkflowId", workflowId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"execution {executionId} (workflow {workflowId ?? "none"})";
}
