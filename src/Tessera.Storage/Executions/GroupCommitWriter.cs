using System.Collections.Concurrent;
using System.Diagnostics;
using Tessera.Engine.Journal;

namespace Tessera.Storage.Executions;

/// <summary>One caller's append waiting for the group commit: stamped events, their JSON, and the task to complete.</summary>
internal sealed class AppendRequest(string executionId, long expectedSequence, ExecutionEvent[] events, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string[]? _json;

    public string ExecutionId { get; } = executionId;

    public long ExpectedSequence { get; } = expectedSequence;

    public ExecutionEvent[] Events { get; } = events;

    /// <summary>The events' JSON: serialised by the caller (<see cref="SerializeEvents"/>) or, for a background append, by the writer.</summary>
    public string[] Json => _json ?? SerializeEvents();

    /// <summary>Serialises the events once (idempotent).</summary>
    public string[] SerializeEvents()
    {
        if (_json is null)
        {
            var json = new string[Events.Length];
            for (var i = 0; i < json.Length; i++)
            {
                json[i] = JournalSerializer.Serialize(Events[i]);
            }

            _json = json;
        }

        return _json;
    }

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Completes after the transaction holding the events committed (or with the reason they were not written).</summary>
    public Task Completion => _done.Task;

    public void Succeed() => _done.TrySetResult();

    public void Fail(Exception e) => _done.TrySetException(e);

    public void Cancel() => _done.TrySetCanceled(CancellationToken);
}

/// <summary>
/// Group commit: appends from every concurrent execution are queued and committed in order by one worker at a time,
/// what is queued together, up to <see cref="MaxBatchEvents"/> events per transaction. There is no waiting for
/// company: an append that finds no commit under way commits at once, on its caller's thread, and appends that
/// arrive during a commit form the next group, which a thread-pool worker commits. Each caller's task completes only
/// after the transaction holding its events committed. Appends are written in the order they were queued, so appends
/// queued back to back by one execution (without waiting in between) land in order.
/// </summary>
/// <remarks>
/// The caller's thread saves the hand-off: single-event appends went from ~6,000 to ~8,000 a second, and the server's
/// webhook load measured level (docs/benchmarks.md, "The CLI's saved run"). An earlier version that let the caller
/// drain the whole queue halved the server's throughput; the caller here commits one group only.
/// </remarks>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Events per transaction at most (one append larger than this still goes whole, alone).</summary>
    public const int MaxBatchEvents = 256;

    /// <summary>Background appends waiting this long for a commit to ride along with get one of their own.</summary>
    public static readonly TimeSpan BackgroundDelay = TimeSpan.FromMilliseconds(2);

    /// <summary>Background events queued at once that get a commit of their own without waiting.</summary>
    public const int BackgroundEventsBeforeCommit = 64;

    private readonly ConcurrentQueue<AppendRequest> _queue = new();
    private readonly Func<IReadOnlyList<AppendRequest>, Task> _commit;
    private readonly List<AppendRequest> _group = [];
    private int _leading;
    private int _backgroundEvents;
    private int _timerArmed;
    private long _firstBackgroundAt;
    private int _closed;

    // Enqueuers between their check of _closed and queueing: DisposeAsync waits for them, so no append lands in the
    // queue after its last drain (where it would never complete, or reopen the writer's connection behind the store).
    private int _entering;

    private readonly TimeSpan _backgroundDelay;

    /// <param name="commit">Writes a group and completes every request in it (success or its own failure); must not throw.</param>
    /// <param name="backgroundDelay">How long background appends wait for company; default <see cref="BackgroundDelay"/>.</param>
    public GroupCommitWriter(Func<IReadOnlyList<AppendRequest>, Task> commit, TimeSpan? backgroundDelay = null)
    {
        _commit = commit;
        _backgroundDelay = backgroundDelay ?? BackgroundDelay;
    }

    /// <summary>Queues the append; the returned task completes when it is durable.</summary>
    public Task EnqueueAsync(AppendRequest request)
    {
        bool lead;
        Enter();
        try
        {
            EnteredForTests?.Invoke();
            _queue.Enqueue(request);
            lead = TryLead();
        }
        finally
        {
            Interlocked.Decrement(ref _entering);
        }

        if (lead)
        {
            _ = LeadOneGroupAsync();
        }

        return request.Completion;
    }

    /// <summary>
    /// The caller that found no commit under way commits the next group itself (its own append and whatever is queued
    /// with it), then hands anything queued meanwhile to a worker. It would wait for that commit anyway; doing it on its
    /// own thread saves the hand-off, and on SQLite, whose commands complete synchronously, the caller's await then
    /// finds its task already complete.
    /// </summary>
    private async Task LeadOneGroupAsync()
    {
        try
        {
            await CommitNextGroupAsync().ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Runs between an enqueuer's check that the writer is open and its queueing (tests hold it there).</summary>
    internal Action? EnteredForTests { get; set; }

    // Both sides fence between their write and their read (Interlocked here, Interlocked.Exchange in DisposeAsync),
    // so an enqueuer either sees the writer closed or is counted before DisposeAsync looks.
    private void Enter()
    {
        Interlocked.Increment(ref _entering);
        if (Volatile.Read(ref _closed) != 0)
        {
            Interlocked.Decrement(ref _entering);
            throw new ObjectDisposedException(nameof(TesseraStorage), "The storage was disposed; the journal append was not written.");
        }
    }

    /// <summary>
    /// Queues an append whose caller does not wait for it: it rides along with the next group commit — the next
    /// durable append of any execution, its own caller's included — and only if none comes within the background
    /// delay (<see cref="BackgroundDelay"/>) of the first background append since the last commit, or <see cref="BackgroundEventsBeforeCommit"/> events pile up, a worker commits it.
    /// The returned task completes when it is durable.
    /// </summary>
    public Task EnqueueInBackground(AppendRequest request)
    {
        Enter();
        try
        {
            return QueueInBackground(request);
        }
        finally
        {
            Interlocked.Decrement(ref _entering);
        }
    }

    private Task QueueInBackground(AppendRequest request)
    {
        _queue.Enqueue(request);
        var queued = Interlocked.Add(ref _backgroundEvents, request.Events.Length);
        if (queued == request.Events.Length)
        {
            // The first background events since the last commit: the delay counts from them.
            Volatile.Write(ref _firstBackgroundAt, Stopwatch.GetTimestamp());
        }

        if (queued >= BackgroundEventsBeforeCommit)
        {
            if (TryLead())
            {
                _ = Task.Run(DrainAsync);
            }
        }
        else if (Interlocked.CompareExchange(ref _timerArmed, 1, 0) == 0)
        {
            _ = DrainLaterAsync();
        }

        return request.Completion;
    }

    /// <summary>
    /// Starts a commit of what is queued unless one is under way: a run waits for its background appends before a node
    /// with side effects, and when the writer is idle nothing else would come for them to ride along with. Under load a
    /// commit is nearly always under way, so this does not split groups.
    /// </summary>
    public void CommitQueuedIfIdle()
    {
        // The caller waits for these appends next, so it commits them itself, as EnqueueAsync does.
        if (!_queue.IsEmpty && TryLead())
        {
            _ = LeadOneGroupAsync();
        }
    }

    private async Task DrainLaterAsync()
    {
        // A commit since the timer was armed took the background events along; the timer then waits out the delay of
        // those queued after it instead of cutting a sequential run's appends into extra commits.
        var wait = _backgroundDelay;
        while (true)
        {
            await Task.Delay(wait).ConfigureAwait(false);
            var age = Stopwatch.GetElapsedTime(Volatile.Read(ref _firstBackgroundAt));
            if (Volatile.Read(ref _backgroundEvents) == 0 || age >= _backgroundDelay * 0.95)
            {
                break;
            }

            wait = _backgroundDelay - age;
        }

        Volatile.Write(ref _timerArmed, 0);
        if (!_queue.IsEmpty && TryLead())
        {
            await DrainAsync().ConfigureAwait(false);
        }
    }

    private bool TryLead() => Interlocked.CompareExchange(ref _leading, 1, 0) == 0;

    // Gives up leadership; a queue left behind (appends that came during the last commit) goes to a worker.
    private void Release()
    {
        // A full fence (not a plain write) so this check and an enqueuer's failed attempt to lead cannot both miss.
        Interlocked.Exchange(ref _leading, 0);
        if (!_queue.IsEmpty && TryLead())
        {
            _ = Task.Run(DrainAsync);
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            while (await CommitNextGroupAsync().ConfigureAwait(false))
            {
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Commits the next group off the queue; false when the queue was empty. Only the leader calls it.</summary>
    private async Task<bool> CommitNextGroupAsync()
    {
        var group = _group;
        group.Clear();
        Volatile.Write(ref _backgroundEvents, 0);
        var events = 0;
        while (events < MaxBatchEvents && _queue.TryPeek(out var request))
        {
            if (group.Count > 0 && events + request.Events.Length > MaxBatchEvents)
            {
                break;
            }

            _queue.TryDequeue(out _);
            if (request.CancellationToken.IsCancellationRequested)
            {
                // Not started yet, so nothing of it is written: honouring the cancellation is safe.
                request.Cancel();
                continue;
            }

            group.Add(request);
            events += request.Events.Length;
        }

        if (group.Count == 0)
        {
            return !_queue.IsEmpty;
        }

        try
        {
            await _commit(group).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The commit delegate completes every request itself; this only guards the writer against a bug there.
            foreach (var request in group)
            {
                request.Fail(e);
            }
        }

        return true;
    }

    /// <summary>Stops taking appends, writes what is queued, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _closed, 1);
        while (Volatile.Read(ref _entering) > 0)
        {
            await Task.Yield();
        }

        while (true)
        {
            if (TryLead())
            {
                try
                {
                    while (await CommitNextGroupAsync().ConfigureAwait(false))
                    {
                    }
                }
                finally
                {
                    Interlocked.Exchange(ref _leading, 0);
                }

                if (_queue.IsEmpty)
                {
                    return;
                }
            }
            else
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
        }
    }
}
