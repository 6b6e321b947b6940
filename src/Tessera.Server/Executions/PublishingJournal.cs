using Tessera.Engine.Journal;

namespace Tessera.Server.Executions;

/// <summary>
/// The journal a run writes to: appends go to the store, then to the live event hub. Publishing after the append
/// means a client never sees progress the journal does not hold.
/// When <c>parking</c> turns true (shutdown), later events are dropped.
/// </summary>
internal sealed class PublishingJournal(IExecutionJournal inner, ExecutionEventHub hub, Func<bool>? parking = null) : IExecutionJournal
{
    public async ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
    {
        if (parking?.Invoke() == true)
        {
            // Parked for a shutdown: every completed node is already stored; dropping the rest (the cancellation
            // the park causes among it) leaves the execution running for the next start to resume.
            return;
        }

        await inner.AppendAsync(executionId, expectedSequence, events, cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            hub.Publish(e);
        }
    }

    public IAsyncEnumerable<ExecutionEvent> ReadAsync(string executionId, CancellationToken cancellationToken) =>
        inner.ReadAsync(executionId, cancellationToken);
}
