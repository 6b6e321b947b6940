using Tessera.Engine.Execution;

namespace Tessera.Storage.Durable;

/// <summary>
/// A retry, replay or fork whose id is fixed but which has not started: the caller can hand out <see cref="Id"/> (and
/// subscribe to its events) before calling <see cref="RunAsync"/>, which writes the new journal and runs it.
/// </summary>
public sealed class PreparedExecution
{
    private readonly Func<CancellationToken, Task<ExecutionResult>> _run;
    private int _started;

    internal PreparedExecution(string id, string? workflowId, Func<CancellationToken, Task<ExecutionResult>> run)
    {
        Id = id;
        WorkflowId = workflowId;
        _run = run;
    }

    /// <summary>The new execution's id.</summary>
    public string Id { get; }

    /// <summary>The workflow the execution runs (from the origin's journal).</summary>
    public string? WorkflowId { get; }

    /// <summary>Writes the journal head and runs the execution to its end (or until it waits); once only.</summary>
    public Task<ExecutionResult> RunAsync(CancellationToken ct) =>
        Interlocked.Exchange(ref _started, 1) == 0
            ? _run(ct)
            : throw new InvalidOperationException($"Execution {Id} was already started; a prepared execution runs once.");
}
