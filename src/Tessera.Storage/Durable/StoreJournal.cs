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
    private long _pendingFrom;

    /// <summary>True once anything of this run reached the store.</summary>
    public bool Wrote { get; private set; }

    /// <summary>Fires when the service parks its runs for a shutdown (<see cref="ExecutionService.Park"/>).</summary>
    public CancellationToken Parking { get; init; }

    /// <summary>
    /// True once the run was parked: what was buffered is in the store and later events (the cancellation the park
    /// causes among them) are dropped, so the execution stays running for the next start to resume.
    /// </summary>
    public bool Parked { get; private set; }

    public JournalMode Mode => mode;

    public async ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
    {
        if (Parking.IsCancellationRequested)
        {
            await ParkAsync(executionId).ConfigureAwait(false);
            return;
        }

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
            var flush = mode == JournalMode.Durable
                ? accepted.Any(e => e is not (NodeStarted or NodeRetried))
                : accepted.Any(e => e is ExecutionWaiting);
            if (flush)
            {
                // Parking and finishing must land even when the caller is being cancelled.
                var terminal = accepted.Any(e => e is ExecutionWaiting or ExecutionFinished or ExecutionCancelled);
                await FlushAsync(executionId, terminal ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
            }
        }

        // Deferred events are reported when accepted: a live view wants to see a node start when it starts.
        Notify(accepted);
    }

    /// <summary>Writes whatever is still buffered (the end of a kept run).</summary>
    public Task CompleteAsync(string executionId) =>
        _pending.Count == 0 ? Task.CompletedTask : FlushAsync(executionId, CancellationToken.None);

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
            await FlushAsync(executionId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets whatever is still buffered (the end of a run that is not kept).</summary>
    public void Discard() => _pending.Clear();

    private async Task FlushAsync(string executionId, CancellationToken cancellationToken)
    {
        await store.AppendAsync(executionId, _pendingFrom, _pending.ToArray(), cancellationToken).ConfigureAwait(false);
        Wrote = true;
        _pending.Clear();
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
