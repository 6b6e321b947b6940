using Tessera.Engine.Journal;

namespace Tessera.Server.Executions;

/// <summary>
/// The journal a run writes to: appends go to the store, then to the live event hub. Publishing after the append
/// means a client never sees progress the journal does not hold.
/// </summary>
internal sealed class PublishingJournal(IExecutionJournal inner, ExecutionEventHub hub) : IExecutionJournal
{
    public async ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
    {
        await inner.AppendAsync(executionId, expectedSequence, events, cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            hub.Publish(e);
        }
    }

    public IAsyncEnumerable<ExecutionEvent> ReadAsync(string executionId, CancellationToken cancellationToken) =>
        inner.ReadAsync(executionId, cancellationToken);
}
