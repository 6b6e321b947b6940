using System.Threading.Channels;
using Tessera.Engine.Journal;

namespace Tessera.Storage.Executions;

/// <summary>One caller's append waiting for the group commit: stamped events, their JSON, and the task to complete.</summary>
internal sealed class AppendRequest(string executionId, long expectedSequence, ExecutionEvent[] events, string[] json, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ExecutionId { get; } = executionId;

    public long ExpectedSequence { get; } = expectedSequence;

    public ExecutionEvent[] Events { get; } = events;

    /// <summary>Serialised once, by the caller, so the writer only binds strings.</summary>
    public string[] Json { get; } = json;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Completes after the transaction holding the events committed (or with the reason they were not written).</summary>
    public Task Completion => _done.Task;

    public void Succeed() => _done.TrySetResult();

    public void Fail(Exception e) => _done.TrySetException(e);

    public void Cancel() => _done.TrySetCanceled(CancellationToken);
}

/// <summary>
/// Group commit: a single writer takes appends from every concurrent execution off a channel and commits what is
/// queued together, in one transaction, up to <see cref="MaxBatchEvents"/> events. There is no waiting for company:
/// an append that finds the writer idle is committed at once, and appends that arrive during a commit form the next
/// group. Each caller's task completes only after the transaction holding its events committed.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Events per transaction at most (one append larger than this still goes whole, alone).</summary>
    public const int MaxBatchEvents = 256;

    private readonly Channel<AppendRequest> _queue = Channel.CreateUnbounded<AppendRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<AppendRequest>, Task> _commit;
    private readonly Task _loop;

    /// <param name="commit">Writes a group and completes every request in it (success or its own failure); must not throw.</param>
    public GroupCommitWriter(Func<IReadOnlyList<AppendRequest>, Task> commit)
    {
        _commit = commit;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Queues the append; the returned task completes when it is durable.</summary>
    public Task EnqueueAsync(AppendRequest request)
    {
        if (!_queue.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(TesseraStorage), "The storage was disposed; the journal append was not written.");
        }

        return request.Completion;
    }

    private async Task LoopAsync()
    {
        var group = new List<AppendRequest>();
        AppendRequest? carried = null;
        while (carried is not null || await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            var events = 0;
            if (carried is not null)
            {
                group.Add(carried);
                events = carried.Events.Length;
                carried = null;
            }

            while (events < MaxBatchEvents && _queue.Reader.TryRead(out var request))
            {
                if (request.CancellationToken.IsCancellationRequested)
                {
                    // Not started yet, so nothing of it is written: honouring the cancellation is safe.
                    request.Cancel();
                    continue;
                }

                if (group.Count > 0 && events + request.Events.Length > MaxBatchEvents)
                {
                    carried = request;
                    break;
                }

                group.Add(request);
                events += request.Events.Length;
            }

            if (group.Count == 0)
            {
                continue;
            }

            try
            {
                await _commit(group).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The commit delegate completes every request itself; this only guards the loop against a bug there.
                foreach (var request in group)
                {
                    request.Fail(e);
                }
            }
        }
    }

    /// <summary>Stops taking appends, writes what is queued, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
