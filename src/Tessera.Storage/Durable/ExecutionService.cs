using System.Collections.Concurrent;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Journal;
using Tessera.Engine.Workflows;
using Tessera.Storage.Executions;

namespace Tessera.Storage.Durable;

/// <summary>
/// Runs workflows durably: every host (CLI, server, workers) starts, resumes, replays and prunes executions through
/// this one class. A run's journal goes to <see cref="TesseraStorage.Executions"/> as it happens, so a crash resumes
/// after the last completed node (<see cref="ResumeInterruptedAsync"/>), parked runs wake on timers and resume calls,
/// and any recorded run can be replayed, forked or retried as a new execution linked to its origin.
/// </summary>
/// <remarks>
/// Side effects are at-least-once: the node that was running when a process died runs again on resume. Completed
/// nodes never run again for the same execution; their recorded outputs are used. Thread-safe.
/// </remarks>
public sealed class ExecutionService
{
    private readonly TesseraStorage _storage;
    private readonly WorkflowEngine _engine;
    private readonly ExecutionServiceOptions _options;
    private readonly ResumeTokens _tokens;
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _parking = new();
    private readonly ITimer _leaseRenewal; // Kept so the renewal timer lives as long as the service.
    private int _renewing;
    private int _takingOver;

    /// <summary>Creates the service over an opened storage and an engine.</summary>
    public ExecutionService(TesseraStorage storage, WorkflowEngine engine, ExecutionServiceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(engine);
        _storage = storage;
        _engine = engine;
        _options = options ?? new ExecutionServiceOptions();
        _tokens = new ResumeTokens(storage.StaticData, _options.ResumeSecret);

        // The runs of this process keep their leases (docs/storage.md, "Leases") while they run, however long a node takes.
        var renewal = storage.Options.ExecutionLease / 3;
        _leaseRenewal = storage.Time.CreateTimer(_ => _ = RenewLeasesAsync(), null, renewal, renewal);
    }

    private async Task RenewLeasesAsync()
    {
        if (_inFlight.IsEmpty || Interlocked.Exchange(ref _renewing, 1) == 1)
        {
            return;
        }

        try
        {
            await Store.RenewLeasesAsync([.. _inFlight.Keys], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or ObjectDisposedException or InvalidOperationException)
        {
            // A busy or closed database: the next tick tries again, well within the lease.
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    private IExecutionStore Store => _storage.Executions;

    /// <summary>Ids of the runs (fresh, resumed, replayed) in progress in this process.</summary>
    public IReadOnlyCollection<string> InFlight => [.. _inFlight.Keys];

    /// <summary>True once <see cref="Park"/> was called.</summary>
    public bool IsParking => _parking.IsCancellationRequested;

    /// <summary>
    /// Parks every run in this process for a shutdown: their journals write what they buffered and drop everything
    /// after it, then the runs are cancelled, so each stays running in the store with its completed nodes and
    /// <see cref="ResumeInterruptedAsync"/> continues it at the next start (never recorded as failed or cancelled).
    /// Runs started afterwards park at once. Irreversible: call it only on the way down.
    /// </summary>
    public void Park() => _parking.Cancel();

    /// <summary>
    /// Runs a workflow, journaling it to the store (unless <see cref="ExecutionServiceOptions.Save"/> is off) and
    /// applying the workflow's save settings at the end. <paramref name="options"/>' <c>Journal</c> and
    /// <c>ResumeUrl</c> are filled in by the service.
    /// </summary>
    /// <exception cref="WorkflowValidationException">The workflow cannot run; nothing was recorded.</exception>
    public Task<ExecutionResult> RunAsync(Workflow workflow, RunOptions options, CancellationToken ct) =>
        RunAsync(workflow, options, _options.CommitStartAtOnce, ct);

    /// <summary>
    /// As <see cref="RunAsync(Workflow, RunOptions, CancellationToken)"/>, deciding for this run whether its start is
    /// committed before its first node (<see cref="ExecutionServiceOptions.CommitStartAtOnce"/>): a host that answers
    /// only when the run ends, or not at all (a schedule), lets the start ride along with the run's first commit.
    /// </summary>
    public async Task<ExecutionResult> RunAsync(Workflow workflow, RunOptions options, bool commitStartAtOnce, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(options);
        var id = options.ExecutionId ?? await NewExecutionIdAsync(ct).ConfigureAwait(false);
        var policy = SavePolicy.For(workflow, _options.SaveDefaults);
        var journal = await JournalForAsync(id, policy, commitStartAtOnce, ct).ConfigureAwait(false);
        var run = RunOptionsCopy.With(options, id, journal.Journal, journal.ResumeUrl, options.History, options.JournalSequence, options.Time ?? _options.TimeProvider, options.Environment ?? _options.Environment);
        return await ExecuteAsync(workflow, run, policy, journal.Journal, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A new execution id: unique among every process on the database when runs are saved (a counter in the store),
    /// from this process's clock when nothing is saved.
    /// </summary>
    public ValueTask<string> NewExecutionIdAsync(CancellationToken ct) =>
        _options.Save ? Store.NewIdAsync(ct) : ValueTask.FromResult(ExecutionIds.New(_options.TimeProvider));

    /// <summary>
    /// Resumes every execution the store says is running but no live process holds: those a crashed, killed or
    /// parked process left behind (its lease expired, or its process is gone from this host). Each is claimed, rebuilt
    /// from its journal and continues with the node that was in flight. Safe to call at any time, from any number of
    /// processes on one database: runs another live process holds are skipped.
    /// </summary>
    /// <exception cref="AggregateException">Some journals could not be read or continued; the others were resumed.</exception>
    public async Task<IReadOnlyList<ExecutionResult>> ResumeInterruptedAsync(CancellationToken ct)
    {
        var results = new List<ExecutionResult>();
        var failures = new List<Exception>();
        foreach (var summary in await Store.ListRunningAsync(ct).ConfigureAwait(false))
        {
            if (IsParking)
            {
                break;
            }

            if (_inFlight.ContainsKey(summary.Id))
            {
                continue;
            }

            try
            {
                // Another live process runs it (its lease holds): not interrupted, only busy elsewhere.
                if (!await Store.TryClaimAsync(summary.Id, ct).ConfigureAwait(false))
                {
                    continue;
                }

                var resumed = new ExecutionResumed { ExecutionId = summary.Id, Reason = "restart" };
                if (await ContinueAsync(summary, [resumed], ct).ConfigureAwait(false) is { } result)
                {
                    results.Add(result);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(e);
            }
        }

        return failures.Count == 0
            ? results
            : throw new AggregateException($"{failures.Count} interrupted execution(s) could not be resumed: {string.Join("; ", failures.Select(f => f.Message))}", failures);
    }

    /// <summary>
    /// Wakes a parked execution: records <c>ExecutionResumed</c> and the waiting node's result (its input items for a
    /// timer, <paramref name="data"/> when given), then runs the rest. Null when the execution is not parked or another
    /// resumer won the race.
    /// </summary>
    public async Task<ExecutionResult?> ResumeWaitingAsync(string executionId, string reason, IReadOnlyList<Item>? data, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var summary = await Store.GetAsync(executionId, ct).ConfigureAwait(false);
        if (summary is not { Status: ExecutionState.Waiting })
        {
            return null;
        }

        var events = await ReadAllAsync(executionId, ct).ConfigureAwait(false);
        var waiting = events.OfType<ExecutionWaiting>().LastOrDefault()
            ?? throw new JournalFormatException(executionId, summary.LastSequence, "ExecutionWaiting", "the execution is marked waiting but its journal has no ExecutionWaiting event");
        var completed = new NodeCompleted
        {
            ExecutionId = executionId,
            Node = waiting.Node,
            RunIndex = waiting.RunIndex,
            OutputsJson = data is not null ? JournalItems.Outputs(data) : waiting.OutputsJson ?? JournalItems.Outputs([]),
        };
        var resumed = new ExecutionResumed { ExecutionId = executionId, Reason = reason, DataJson = data is null ? null : JournalItems.Items(data) };
        return await ContinueAsync(summary, [resumed, completed], ct, events).ConfigureAwait(false);
    }

    /// <summary>Resumes the execution parked on this webhook/form resume token; null when none is.</summary>
    public async Task<ExecutionResult?> ResumeByTokenAsync(string resumeToken, IReadOnlyList<Item> data, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(resumeToken);
        ArgumentNullException.ThrowIfNull(data);
        var parked = await _storage.Waits.FindByResumeTokenAsync(resumeToken, ct).ConfigureAwait(false);
        return parked is null ? null : await ResumeWaitingAsync(parked.ExecutionId, parked.Kind == "form" ? "form" : "webhook", data, ct).ConfigureAwait(false);
    }

    /// <summary>One timer poll: claims due waits (timers, and webhook waits past their time limit) and resumes them. Returns how many resumed.</summary>
    public async Task<int> WakeDueTimersAsync(CancellationToken ct)
    {
        var claimed = await _storage.Waits.ClaimDueAsync(_options.Claimant, _options.TimerBatchSize, _options.ClaimLease, ct).ConfigureAwait(false);
        var woken = 0;
        foreach (var parked in claimed)
        {
            if (await ResumeWaitingAsync(parked.ExecutionId, "timer", null, ct).ConfigureAwait(false) is not null)
            {
                woken++;
            }
        }

        return woken;
    }

    /// <summary>Polls timers <paramref name="pollInterval"/> apart until cancelled. A failing poll is retried at the next one.</summary>
    public async Task RunTimerLoopAsync(TimeSpan pollInterval, CancellationToken ct)
    {
        // The interval is real time, on purpose not the service's clock: whether a wait is due is the store's call (its
        // clock), and a clock moved forward by days (a test's fake clock) must not set off one poll per interval skipped.
        // Every half lease it also takes over runs whose holder died elsewhere (their lease expired since the start-up).
        var sinceTakeover = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                while (await WakeDueTimersAsync(ct).ConfigureAwait(false) == _options.TimerBatchSize)
                {
                    // A full batch: more are probably due.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The claim lapses and the next poll retries; the error stays visible in the execution's journal.
            }

            if (sinceTakeover.Elapsed >= _storage.Options.ExecutionLease / 2)
            {
                sinceTakeover.Restart();
                TakeOverInterrupted(ct);
            }

            await Task.Delay(pollInterval, ct).ConfigureAwait(false);
        }
    }

    // One takeover pass at a time, in the background: the runs it resumes may take long, the timer loop must not wait.
    private void TakeOverInterrupted(CancellationToken ct)
    {
        if (Interlocked.CompareExchange(ref _takingOver, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await ResumeInterruptedAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AggregateException or OperationCanceledException or System.Data.Common.DbException)
            {
                // Failures stay in the journals of the runs concerned; the next pass tries the rest again.
            }
            finally
            {
                Volatile.Write(ref _takingOver, 0);
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Re-runs <paramref name="executionId"/> from <paramref name="fromNode"/> as a new execution: nodes upstream keep
    /// their recorded outputs (so the node gets its recorded inputs), the node and everything after it run again.
    /// </summary>
    public async Task<ExecutionResult> ReplayAsync(string executionId, string fromNode, CancellationToken ct) =>
        await (await PrepareReplayAsync(executionId, fromNode, ct).ConfigureAwait(false)).RunAsync(ct).ConfigureAwait(false);

    /// <summary>
    /// Starts a new execution from a recorded point with edited data: <paramref name="fromNode"/>'s (first run's)
    /// output is <paramref name="data"/>; upstream nodes keep their recorded outputs, downstream nodes run again.
    /// </summary>
    public async Task<ExecutionResult> ForkAsync(string executionId, string fromNode, IReadOnlyList<Item> data, CancellationToken ct) =>
        await (await PrepareForkAsync(executionId, fromNode, data, ct).ConfigureAwait(false)).RunAsync(ct).ConfigureAwait(false);

    /// <summary>Retries a failed or cancelled execution as a new one: completed nodes keep their results, the failed node and the rest run again.</summary>
    public async Task<ExecutionResult> RetryAsync(string executionId, CancellationToken ct) =>
        await (await PrepareRetryAsync(executionId, ct).ConfigureAwait(false)).RunAsync(ct).ConfigureAwait(false);

    /// <summary>
    /// <see cref="ReplayAsync"/> in two steps, for callers that answer with the new execution's id before it finishes
    /// (the server's 202): checks and plans the run and fixes its id; nothing is written until <see cref="PreparedExecution.RunAsync"/>.
    /// </summary>
    public Task<PreparedExecution> PrepareReplayAsync(string executionId, string fromNode, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromNode);
        return PrepareBranchAsync(executionId, fromNode, null, retry: false, ct);
    }

    /// <summary><see cref="ForkAsync"/> in two steps (see <see cref="PrepareReplayAsync"/>).</summary>
    public Task<PreparedExecution> PrepareForkAsync(string executionId, string fromNode, IReadOnlyList<Item> data, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromNode);
        ArgumentNullException.ThrowIfNull(data);
        return PrepareBranchAsync(executionId, fromNode, data, retry: false, ct);
    }

    /// <summary><see cref="RetryAsync"/> in two steps (see <see cref="PrepareReplayAsync"/>).</summary>
    public Task<PreparedExecution> PrepareRetryAsync(string executionId, CancellationToken ct) =>
        PrepareBranchAsync(executionId, null, null, retry: true, ct);

    /// <summary>Deletes (and optionally compacts) finished executions by age and count, in small transactions.</summary>
    public async Task<PruneResult> PruneAsync(RetentionPolicy policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var now = _options.TimeProvider.GetUtcNow();
        int byAge = 0, byCount = 0, compacted = 0, batches = 0;
        if (policy.MaxAge is { } age)
        {
            byAge = await DrainAsync(() => Store.DeleteFinishedBeforeAsync(now - age, policy.BatchSize, ct)).ConfigureAwait(false);
        }

        if (policy.MaxCount is { } count)
        {
            byCount = await DrainAsync(() => Store.DeleteBeyondCountAsync(count, policy.BatchSize, ct)).ConfigureAwait(false);
        }

        if (policy.CompactAfter is { } compactAfter)
        {
            compacted = await DrainAsync(() => Store.CompactFinishedBeforeAsync(now - compactAfter, policy.BatchSize, ct)).ConfigureAwait(false);
        }

        return new PruneResult(byAge, byCount, compacted, batches);

        async Task<int> DrainAsync(Func<Task<int>> batch)
        {
            var total = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var n = await batch().ConfigureAwait(false);
                batches++;
                total += n;
                if (n < policy.BatchSize)
                {
                    return total;
                }
            }
        }
    }

    private async Task<PreparedExecution> PrepareBranchAsync(string originId, string? fromNode, IReadOnlyList<Item>? data, bool retry, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(originId);
        var origin = await Store.GetAsync(originId, ct).ConfigureAwait(false) ?? throw new ExecutionNotFoundException(originId);
        if (retry && origin.Status is not (ExecutionState.Error or ExecutionState.Canceled))
        {
            throw new ExecutionBranchException($"Execution {originId} is {ExecutionProjection.ToColumn(origin.Status)}; only failed or cancelled executions can be retried (replay it with --from <node> instead).");
        }

        if (origin.CompactedAt is not null)
        {
            throw new ExecutionBranchException($"Execution {originId} was compacted by retention on {origin.CompactedAt:u}; its item data is gone, so it cannot be replayed, forked or retried.");
        }

        var events = await ReadAllAsync(originId, ct).ConfigureAwait(false);
        var created = events.OfType<ExecutionCreated>().Single();
        var workflow = WorkflowJson.Parse(created.WorkflowJson);
        var rerun = new HashSet<string>(StringComparer.Ordinal);
        if (fromNode is not null)
        {
            if (workflow.FindNode(fromNode) is null)
            {
                throw new ExecutionBranchException($"Execution {originId}'s workflow has no node named \"{fromNode}\"; nodes: {string.Join(", ", workflow.Nodes.Select(n => $"\"{n.Name}\""))}.", nameof(fromNode));
            }

            rerun = workflow.Downstream(fromNode);
            rerun.Add(fromNode);
        }

        var id = await NewExecutionIdAsync(ct).ConfigureAwait(false);
        var history = new List<NodeCompleted>();
        foreach (var c in events.OfType<NodeCompleted>())
        {
            if (!rerun.Contains(c.Node))
            {
                history.Add(c with { ExecutionId = id });
            }
        }

        if (data is not null)
        {
            history.Add(new NodeCompleted { ExecutionId = id, Node = fromNode!, RunIndex = 0, OutputsJson = JournalItems.Outputs(data) });
        }

        var policy = SavePolicy.For(workflow, _options.SaveDefaults);
        var mode = retry ? ExecutionModes.Retry : created.Mode;

        // The new journal is self-contained: the recorded results it starts from are copied into it, so it can be
        // resumed, listed and replayed on its own even after its origin is pruned.
        var head = new List<ExecutionEvent>
        {
            created with { ExecutionId = id, Mode = mode, ParentExecutionId = originId, Timestamp = _options.TimeProvider.GetUtcNow() },
        };
        head.AddRange(history);
        for (var i = 0; i < head.Count; i++)
        {
            head[i] = head[i] with { Sequence = i + 1 };
        }

        return new PreparedExecution(id, created.WorkflowId, async runCt =>
        {
            var journal = await JournalForAsync(id, policy, _options.CommitStartAtOnce, runCt).ConfigureAwait(false);
            await journal.Journal.AppendAsync(id, 0, head, runCt).ConfigureAwait(false);

            // The engine continues the sequence from the history it replays, so it must see the copies' new sequences.
            var run = new RunOptions
            {
                ExecutionId = id,
                Mode = mode,
                TriggerItems = JournalItems.ParseItems(created.TriggerItemsJson),
                UsePinData = created.Mode == ExecutionModes.Manual,
                StartNode = created.StartNode,
                DestinationNode = created.DestinationNode,
                ParentExecutionId = originId,
                WorkflowId = created.WorkflowId,
            };
            run = RunOptionsCopy.With(run, id, journal.Journal, journal.ResumeUrl, [.. head.OfType<NodeCompleted>()], head.Count, _options.TimeProvider, _options.Environment);
            return await ExecuteAsync(workflow, run, policy, journal.Journal, runCt).ConfigureAwait(false);
        });
    }

    // Appends the resume events (the append is the arbiter: only one resumer's append at the last sequence succeeds),
    // then runs the workflow again with the journal's completed nodes as history. Null when someone else won.
    private async Task<ExecutionResult?> ContinueAsync(ExecutionSummary summary, IReadOnlyList<ExecutionEvent> resumeEvents, CancellationToken ct, List<ExecutionEvent>? events = null)
    {
        events ??= await ReadAllAsync(summary.Id, ct).ConfigureAwait(false);
        var created = events.OfType<ExecutionCreated>().FirstOrDefault()
            ?? throw new JournalFormatException(summary.Id, 1, "ExecutionCreated", "the journal does not start with ExecutionCreated");
        var workflow = WorkflowJson.Parse(created.WorkflowJson);
        var policy = SavePolicy.For(workflow, _options.SaveDefaults);
        var journal = await JournalForAsync(summary.Id, policy with { Progress = true }, _options.CommitStartAtOnce, ct).ConfigureAwait(false);
        if (!_inFlight.TryAdd(summary.Id, 0))
        {
            return null;
        }

        try
        {
            var stamped = new ExecutionEvent[resumeEvents.Count];
            for (var i = 0; i < stamped.Length; i++)
            {
                stamped[i] = resumeEvents[i] with { Sequence = summary.LastSequence + 1 + i, Timestamp = _options.TimeProvider.GetUtcNow() };
            }

            try
            {
                await journal.Journal.AppendAsync(summary.Id, summary.LastSequence, stamped, ct).ConfigureAwait(false);
            }
            catch (JournalConflictException)
            {
                return null;
            }

            var history = events.OfType<NodeCompleted>().Concat(stamped.OfType<NodeCompleted>()).ToList();
            var run = new RunOptions
            {
                Mode = created.Mode,
                TriggerItems = JournalItems.ParseItems(created.TriggerItemsJson),
                UsePinData = created.Mode == ExecutionModes.Manual,
                StartNode = created.StartNode,
                DestinationNode = created.DestinationNode,
                ParentExecutionId = created.ParentExecutionId,
                WorkflowId = created.WorkflowId,
            };
            run = RunOptionsCopy.With(run, summary.Id, journal.Journal, journal.ResumeUrl, history, summary.LastSequence + stamped.Length, _options.TimeProvider, _options.Environment);

            // A resumed run (restart, timer, webhook) has no caller to set the credential scope: take the workflow's
            // project from the store, so nodes after the wait still see that project's credentials (and only them).
            using var scope = Credentials.CredentialScope.Current is null && created.WorkflowId is { } workflowId
                && (await _storage.Workflows.GetAsync(workflowId, ct).ConfigureAwait(false))?.ProjectId is { } projectId
                    ? Credentials.CredentialScope.Enter(new Credentials.CredentialScope(projectId, workflowId, summary.Id))
                    : null;
            return await ExecuteAsync(workflow, run, policy, journal.Journal, ct, alreadyInFlight: true).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(summary.Id, out _);
        }
    }

    private async Task<ExecutionResult> ExecuteAsync(Workflow workflow, RunOptions run, SavePolicy policy, StoreJournal journal, CancellationToken ct, bool alreadyInFlight = false)
    {
        var id = run.ExecutionId!;
        if (!alreadyInFlight && !_inFlight.TryAdd(id, 0))
        {
            throw new InvalidOperationException($"Execution {id} is already running in this process.");
        }

        try
        {
            using var parkable = CancellationTokenSource.CreateLinkedTokenSource(ct, _parking.Token);
            ExecutionResult result;
            try
            {
                result = await _engine.RunAsync(workflow, run, parkable.Token).ConfigureAwait(false);
            }
            catch
            {
                // Appends still in flight finish before the failure is reported, so nothing of this run lands later.
                await journal.SettleAsync().ConfigureAwait(false);
                throw;
            }

            if (journal.Mode == JournalMode.NotifyOnly || journal.Parked)
            {
                return result;
            }

            if (policy.Keeps(result.Status, run.Mode))
            {
                await journal.CompleteAsync(id).ConfigureAwait(false);
            }
            else
            {
                journal.Discard();
                await journal.SettleAsync().ConfigureAwait(false);
                if (journal.Wrote)
                {
                    await Store.DeleteAsync(id, CancellationToken.None).ConfigureAwait(false);
                }
            }

            return result;
        }
        finally
        {
            if (!alreadyInFlight)
            {
                _inFlight.TryRemove(id, out _);
            }
        }
    }

    private async Task<(StoreJournal Journal, string ResumeUrl)> JournalForAsync(string executionId, SavePolicy policy, bool commitStartAtOnce, CancellationToken ct)
    {
        var mode = !_options.Save ? JournalMode.NotifyOnly : policy.Progress ? JournalMode.Durable : JournalMode.Buffered;
        var token = await _tokens.ForAsync(executionId, ct).ConfigureAwait(false);
        var journal = new StoreJournal(Store, mode, token, _options.OnEvent) { Parking = _parking.Token, CommitStartAtOnce = commitStartAtOnce };
        return (journal, _options.ResumeUrlBase.TrimEnd('/') + "/" + token);
    }

    private async Task<List<ExecutionEvent>> ReadAllAsync(string executionId, CancellationToken ct)
    {
        var events = new List<ExecutionEvent>();
        await foreach (var e in Store.ReadAsync(executionId, ct).ConfigureAwait(false))
        {
            events.Add(e);
        }

        return events;
    }
}
