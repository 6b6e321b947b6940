using System.Collections.Concurrent;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Journal;
using Tessera.Engine.Workflows;
using Tessera.Storage;
using Tessera.Storage.Durable;

namespace Tessera.Server.Executions;

/// <summary>An execution running in this process.</summary>
/// <param name="Id">The execution id.</param>
/// <param name="Completion">Completes with the result when the run ends.</param>
/// <param name="Cancellation">Cancels the run.</param>
public sealed record RunningExecution(string Id, Task<ExecutionResult> Completion, CancellationTokenSource Cancellation);

/// <summary>What to run.</summary>
public sealed record ExecutionRequest
{
    /// <summary>The workflow (its <see cref="Workflow.Id"/> is the stored workflow's).</summary>
    public required Workflow Workflow { get; init; }

    /// <summary>The project the execution belongs to (for live project streams).</summary>
    public string? ProjectId { get; init; }

    /// <summary>The execution mode.</summary>
    public string Mode { get; init; } = ExecutionModes.Manual;

    /// <summary>Items for the start node.</summary>
    public IReadOnlyList<Item>? TriggerItems { get; init; }

    /// <summary>The node to start from.</summary>
    public string? StartNode { get; init; }

    /// <summary>Run only up to this node (n8n's destinationNode): it and its ancestors, nothing after it.</summary>
    public string? DestinationNode { get; init; }

    /// <summary>Use the workflow's pinned data (manual runs do, as n8n's editor).</summary>
    public bool UsePinData { get; init; }

    /// <summary>The execution this one derives from.</summary>
    public string? ParentExecutionId { get; init; }
}

/// <summary>
/// Starts executions in the background, keeps the cancellation source of each running one (for <c>cancel</c>) and
/// feeds their journal events to the <see cref="ExecutionEventHub"/>.
/// </summary>
public sealed class ExecutionRunner(TesseraStorage storage, ExecutionService service, ExecutionEventHub hub, ServerOptions options, Microsoft.Extensions.Logging.ILogger<ExecutionRunner> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RunningExecution> _running = new(StringComparer.Ordinal);

    /// <summary>Executions running in this process.</summary>
    public IReadOnlyCollection<RunningExecution> Running => [.. _running.Values];

    /// <summary>
    /// Cancels every run for a shutdown after <see cref="ExecutionService.Park"/>: their journals drop the
    /// cancellation, so they stay running in the store and resume at the next start.
    /// </summary>
    public void Park()
    {
        foreach (var id in _running.Keys)
        {
            Cancel(id);
        }
    }

    /// <summary>Starts a run and returns once the execution exists in the store (so its id can be read at once).</summary>
    public async Task<RunningExecution> StartAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // From the database's id counter, like every other run (numeric, unique across processes, growing over time).
        var id = await service.NewExecutionIdAsync(cancellationToken).ConfigureAwait(false);
        var runOptions = new RunOptions
        {
            ExecutionId = id,
            Mode = request.Mode,
            TriggerItems = request.TriggerItems,
            StartNode = request.StartNode,
            DestinationNode = request.DestinationNode,
            UsePinData = request.UsePinData,
            Time = options.Time,
            ParentExecutionId = request.ParentExecutionId,
            WorkflowId = request.Workflow.Id,
        };

        // A fresh run goes through the durable execution service (save policy, resume URLs, events to the hub via its OnEvent).
        return await LaunchAsync(id, request.ProjectId, request.Workflow.Id, token => service.RunAsync(request.Workflow, runOptions, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a retry, replay or fork the execution service has prepared (<see cref="ExecutionService.PrepareRetryAsync"/>…)
    /// and returns once it exists in the store.
    /// </summary>
    public Task<RunningExecution> StartAsync(PreparedExecution prepared, string? projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        return LaunchAsync(prepared.Id, projectId, prepared.WorkflowId, prepared.RunAsync, cancellationToken);
    }

    private async Task<RunningExecution> LaunchAsync(string id, string? projectId, string? workflowId, Func<CancellationToken, Task<ExecutionResult>> run, CancellationToken cancellationToken)
    {
        hub.Track(id, projectId);
        var created = hub.WhenCreated(id);

        // Runs are not tied to the request: closing the browser must not cancel a run. Only cancel (or shutdown) does.
        var cancellation = new CancellationTokenSource();
        var completion = Task.Run(
            async () =>
            {
                using var logScope = Operations.Logging.ExecutionLogScope.Begin(logger, id, workflowId);
                // Credentials resolve only within the workflow's project (a workflow without one gets none).
                using var credentialScope = projectId is not null
                    ? Tessera.Storage.Credentials.CredentialScope.Enter(new Tessera.Storage.Credentials.CredentialScope(projectId, workflowId, id))
                    : null;
                return await RunAsync(id, run, cancellation.Token).ConfigureAwait(false);
            },
            CancellationToken.None);
        var running = new RunningExecution(id, completion, cancellation);
        _running[id] = running;
        _ = completion.ContinueWith(
            _ =>
            {
                _running.TryRemove(id, out RunningExecution? _);
                cancellation.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        await Task.WhenAny(created, completion).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (completion.IsCompleted)
        {
            hub.ForgetCreated(id);
        }

        return running;
    }

    /// <summary>Cancels a run in this process; false when it is not running here.</summary>
    public bool Cancel(string executionId)
    {
        if (!_running.TryGetValue(executionId, out var running))
        {
            return false;
        }

        try
        {
            running.Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It finished in the meantime.
        }

        return true;
    }

    /// <summary>The run, when it is running in this process.</summary>
    public RunningExecution? Find(string executionId) => _running.GetValueOrDefault(executionId);

    /// <summary>Waits (briefly) for running executions on shutdown; those still running are resumed from the journal at the next start.</summary>
    public async ValueTask DisposeAsync()
    {
        var tasks = _running.Values.Select(r => (Task)r.Completion).ToArray();
        if (tasks.Length > 0)
        {
            await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }
    }

    private async Task<ExecutionResult> RunAsync(string id, Func<CancellationToken, Task<ExecutionResult>> run, CancellationToken cancellationToken)
    {
        try
        {
            return await run(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The engine records node failures itself; this is a failure around it (storage, a bug). Close the
            // journal so the execution does not look running forever.
            await CloseAsFailedAsync(id, e).ConfigureAwait(false);
            throw;
        }
    }

    private async Task CloseAsFailedAsync(string executionId, Exception error)
    {
        try
        {
            var summary = await storage.Executions.GetAsync(executionId, CancellationToken.None).ConfigureAwait(false);
            if (summary is { Status: Storage.Executions.ExecutionState.Running })
            {
                var finished = new ExecutionFinished
                {
                    ExecutionId = executionId,
                    Status = "error",
                    ErrorJson = JsonCodec.Serialize(new JsObject { ["message"] = error.Message, ["name"] = error.GetType().Name }),
                    Timestamp = options.Time.GetUtcNow(),
                    Sequence = summary.LastSequence + 1,
                };
                await storage.Executions.AppendAsync(executionId, summary.LastSequence, [finished], CancellationToken.None).ConfigureAwait(false);
                hub.Publish(finished);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            options.Log?.WriteLine($"execution {executionId}: could not record the failure ({e.Message}).");
        }
    }
}
