using System.Runtime.CompilerServices;
using Tessera.Engine.Data;
using Tessera.Engine.Journal;
using Tessera.Storage.Executions;

namespace Tessera.Storage.Durable;

/// <summary>How a run's journal reaches the store.</summary>
internal enum JournalMode
{
    /// <summary>Committed at every durable point (node completed or failed, parked, finished); NodeStarted and
    /// NodeRetried ride along with the next durable event, which halves the transactions without losing anything a
    /// resume needs (the in-flight node is re-run either way).</summary>
    Durable,

    /// <summary>Kept in memory and written once when the run parks or ends (<c>saveExecutionProgress: false</c>).</summary>
    Buffered,

    /// <summary>Never written; events only reach the listener (<c>--no-save</c>).</summary>
    NotifyOnly,
}

/// <summary>
/// The engine's journal for one execution under the <see cref="ExecutionService"/>: forwards events to the store
/// according to the <see cref="JournalMode"/>, stamps webhook waits with the execution's resume token, and tells the
/// listener about every accepted event.
/// </summary>
internal sealed class StoreJournal(IExecutionStore store, JournalMode mode, string resumeToken, Action<ExecutionEvent>? onEvent) : IExecutionJournal
{
    private readonly List<ExecutionEvent> _pending = [];
    private readonly List<Task> _inFlight = [];
    private long _pendingFrom;

    /// <summary>True once anything of this run reached the store (or is on its way there).</summary>
    public bool Wrote { get; private set; }

    /// <summary>Fires when the service parks its runs for a shutdown (<see cref="ExecutionService.Park"/>).</summary>
    public CancellationToken Parking { get; init; }

    /// <summary>
    /// True once the run was parked: what was buffered is in the store and later events (the cancellation the park
    /// causes among them) are dropped, so the execution stays running for the next start to resume.
    /// </summary>
    public bool Parked { get; private set; }

    public JournalMode Mode => mode;

    /// <summary>Durable mode: false lets <c>ExecutionCreated</c> ride along with the run's first commit (<see cref="ExecutionServiceOptions.CommitStartAtOnce"/>).</summary>
    public bool CommitStartAtOnce { get; init; } = true;

    public async ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
    {
        if (Parking.IsCancellationRequested)
        {
            await ParkAsync(executionId).ConfigureAwait(false);
            return;
        }

        var accepted = Accept(expectedSequence, events);
        if (mode != JournalMode.NotifyOnly)
        {
            var flush = false;
            var terminal = false;
            foreach (var e in accepted)
            {
                flush |= mode == JournalMode.Durable ? !RidesAlong(e) : e is ExecutionWaiting;
                terminal |= e is ExecutionWaiting or ExecutionFinished or ExecutionCancelled;
            }

            if (flush)
            {
                // Parking and finishing must land even when the caller is being cancelled.
                await FlushPendingAsync(executionId, terminal ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
            }
        }

        // Deferred events are reported when accepted: a live view wants to see a node start when it starts.
        Notify(accepted);
    }

    /// <summary>
    /// Durable mode: the events (with whatever rode along) go to the store's group commit in the background and the
    /// run goes on; <see cref="FlushAsync"/>, every later durable append and the end of the run wait for them.
    /// Other modes: as <see cref="AppendAsync"/>.
    /// </summary>
    public ValueTask AppendDeferredAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
    {
        if (mode != JournalMode.Durable || store is not SqlExecutionStore sql || Parking.IsCancellationRequested)
        {
            return AppendAsync(executionId, expectedSequence, events, cancellationToken);
        }

        var accepted = Accept(expectedSequence, events);
        _inFlight.Add(sql.AppendInBackground(executionId, _pendingFrom, [.. _pending]));
        Wrote = true;
        _pending.Clear();
        Notify(accepted);
        return ValueTask.CompletedTask;
    }

    private bool RidesAlong(ExecutionEvent e) => e is NodeStarted or NodeRetried || (e is ExecutionCreated && !CommitStartAtOnce);

    /// <summary>
    /// Durable mode: makes everything accepted so far durable (what rides along too, e.g. a deferred
    /// <c>ExecutionCreated</c>) and waits for the deferred appends, throwing the first failure among them.
    /// </summary>
    public async ValueTask FlushAsync(string executionId, CancellationToken cancellationToken)
    {
        if (mode == JournalMode.Durable && _pending.Count > 0)
        {
            // Waits for the deferred appends too: they are queued ahead of it.
            await FlushPendingAsync(executionId, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_inFlight.Count > 0 && store is SqlExecutionStore sql)
        {
            sql.CommitQueuedIfIdle();
        }

        await AwaitInFlightAsync().ConfigureAwait(false);
    }

    /// <summary>Writes whatever is still buffered and waits for deferred appends (the end of a kept run).</summary>
    public async Task CompleteAsync(string executionId)
    {
        if (_pending.Count > 0)
        {
            await FlushPendingAsync(executionId, CancellationToken.None).ConfigureAwait(false);
        }

        await AwaitInFlightAsync().ConfigureAwait(false);
    }

    /// <summary>Waits for deferred appends without throwing (their failure is not the one being reported).</summary>
    public async Task SettleAsync()
    {
        try
        {
            await AwaitInFlightAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported by whoever awaits the run; a deferred append that failed left nothing behind.
        }
    }

    private async Task AwaitInFlightAsync()
    {
        if (_inFlight.Count == 0)
        {
            return;
        }

        // Not cancellable: the appends are under way either way, and a failure among them must not go unobserved.
        try
        {
            foreach (var task in _inFlight)
            {
                await task.ConfigureAwait(false);
            }
        }
        finally
        {
            _inFlight.Clear();
        }
    }

    /// <summary>Forgets whatever is still buffered (the end of a run that is not kept).</summary>
    public void Discard() => _pending.Clear();

    private ExecutionEvent[] Accept(long expectedSequence, IReadOnlyList<ExecutionEvent> events)
    {
        var accepted = new ExecutionEvent[events.Count];
        for (var i = 0; i < accepted.Length; i++)
        {
            accepted[i] = events[i] is ExecutionWaiting { Kind: "webhook" or "form" } w ? WithResumeToken(w) : events[i];
        }

        if (mode != JournalMode.NotifyOnly)
        {
            if (_pending.Count == 0)
            {
                _pendingFrom = expectedSequence;
            }

            _pending.AddRange(accepted);
        }

        return accepted;
    }

    private async Task ParkAsync(string executionId)
    {
        if (Parked)
        {
            return;
        }

        Parked = true;
        if (mode != JournalMode.NotifyOnly && _pending.Count > 0)
        {
            // A buffered run (saveExecutionProgress: false) lands now, with the nodes it completed, so it can resume.
            await FlushPendingAsync(executionId, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await SettleAsync().ConfigureAwait(false);
        }
    }

    private async Task FlushPendingAsync(string executionId, CancellationToken cancellationToken)
    {
        // Queued behind the deferred appends, so once it is durable they are too; awaiting them afterwards only
        // observes their outcome (a failure among them fails this append as a conflict anyway).
        try
        {
            await store.AppendAsync(executionId, _pendingFrom, [.. _pending], cancellationToken).ConfigureAwait(false);
            Wrote = true;
            _pending.Clear();
        }
        finally
        {
            await AwaitInFlightAsync().ConfigureAwait(false);
        }
    }

    private void Notify(ExecutionEvent[] events)
    {
        if (onEvent is null)
        {
            return;
        }

        foreach (var e in events)
        {
            onEvent(e);
        }
    }

    private ExecutionWaiting WithResumeToken(ExecutionWaiting waiting)
    {
        var details = waiting.DetailsJson is { } json && JsonCodec.Parse(json).TryGetObject() is { } o ? o : new JsObject();
        details["resumeToken"] = resumeToken;
        return waiting with { DetailsJson = JsonCodec.Serialize(details) };
    }

    public IAsyncEnumerable<ExecutionEvent> ReadAsync(string executionId, CancellationToken cancellationToken) =>
        mode == JournalMode.NotifyOnly ? Empty() : store.ReadAsync(executionId, cancellationToken);

    private static async IAsyncEnumerable<ExecutionEvent> Empty([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }
}
