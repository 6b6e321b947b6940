using Tessera.Engine.Journal;
using Tessera.Storage.Executions;

namespace Tessera.Storage.Tests.Executions;

public sealed class GroupCommitWriterTests
{
    private static AppendRequest Request(string id, int events, CancellationToken ct = default) => new(
        id,
        0,
        Enumerable.Range(0, events).Select(_ => (ExecutionEvent)new NodeStarted { ExecutionId = id, Timestamp = DateTimeOffset.UnixEpoch, Node = "A" }).ToArray(),
        ct);

    [Fact]
    public async Task EnqueueInBackground_ReturnsBeforeTheCommitAndKeepsTheOrderOfLaterAppends()
    {
        // Arrange
        var written = new List<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var writer = new GroupCommitWriter(async group =>
        {
            await gate.Task;
            lock (written)
            {
                written.AddRange(group.Select(r => r.ExecutionId));
            }

            foreach (var r in group)
            {
                r.Succeed();
            }
        });

        // Act
        var first = writer.EnqueueInBackground(Request("b1", 1));
        var second = writer.EnqueueInBackground(Request("b2", 1));
        var durable = writer.EnqueueAsync(Request("d3", 1));
        var returnedBeforeCommit = !first.IsCompleted && !second.IsCompleted && !durable.IsCompleted;
        gate.SetResult();
        await durable;

        // Assert
        Assert.True(returnedBeforeCommit);
        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully);
        Assert.Equal(["b1", "b2", "d3"], written);
    }

    [Fact]
    public async Task EnqueueInBackground_NoOtherCommitComes_IsCommittedByAWorkerSoon()
    {
        // Arrange
        var written = new List<string>();
        await using var writer = new GroupCommitWriter(group =>
        {
            lock (written)
            {
                written.AddRange(group.Select(r => r.ExecutionId));
            }

            foreach (var r in group)
            {
                r.Succeed();
            }

            return Task.CompletedTask;
        });

        // Act
        var append = writer.EnqueueInBackground(Request("alone", 1));
        var finished = await Task.WhenAny(append, Task.Delay(TimeSpan.FromSeconds(10)));

        // Assert
        Assert.Same(append, finished);
        Assert.Equal(["alone"], written);
    }

    [Fact]
    public async Task EnqueueInBackground_AfterACommitTookTheEarlierOnes_WaitsItsOwnFullDelay()
    {
        // Arrange: a delay long enough that scheduling noise cannot hide the difference.
        var delay = TimeSpan.FromMilliseconds(400);
        var committedAt = new Dictionary<string, long>();
        await using var writer = new GroupCommitWriter(
            group =>
            {
                lock (committedAt)
                {
                    foreach (var r in group)
                    {
                        committedAt[r.ExecutionId] = System.Diagnostics.Stopwatch.GetTimestamp();
                        r.Succeed();
                    }
                }

                return Task.CompletedTask;
            },
            delay);

        // Act: b1 arms the timer; a durable append takes b1 along at once; b2 comes half a delay later.
        var b1 = writer.EnqueueInBackground(Request("b1", 1));
        await writer.EnqueueAsync(Request("d1", 1));
        await b1;
        await Task.Delay(delay / 2);
        var b2Queued = System.Diagnostics.Stopwatch.GetTimestamp();
        await writer.EnqueueInBackground(Request("b2", 1));

        // Assert: the timer armed for b1 did not cut b2's wait short (timers only ever fire late, never early).
        var waited = System.Diagnostics.Stopwatch.GetElapsedTime(b2Queued, committedAt["b2"]);
        Assert.True(waited >= delay * 0.9, $"b2 was committed after {waited.TotalMilliseconds:0} ms, before its own {delay.TotalMilliseconds:0} ms delay");
    }

    [Fact]
    public async Task CommitQueuedIfIdle_BackgroundAppendsWaiting_CommitsThemWithoutWaitingForTheDelay()
    {
        // Arrange: a delay far longer than the test allows.
        var written = new List<string>();
        await using var writer = new GroupCommitWriter(
            group =>
            {
                lock (written)
                {
                    written.AddRange(group.Select(r => r.ExecutionId));
                }

                foreach (var r in group)
                {
                    r.Succeed();
                }

                return Task.CompletedTask;
            },
            TimeSpan.FromMinutes(5));
        var append = writer.EnqueueInBackground(Request("waiting", 1));

        // Act: a run now waits for it (before a node with side effects).
        writer.CommitQueuedIfIdle();
        var finished = await Task.WhenAny(append, Task.Delay(TimeSpan.FromSeconds(20)));

        // Assert
        Assert.Same(append, finished);
        Assert.Equal(["waiting"], written);
    }

    [Fact]
    public async Task EnqueueAsync_AppendsArriveDuringACommit_AreCommittedTogetherNext()
    {
        var groups = new List<string[]>();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var writer = new GroupCommitWriter(async group =>
        {
            lock (groups)
            {
                groups.Add(group.Select(r => r.ExecutionId).ToArray());
            }

            if (groups.Count == 1)
            {
                firstStarted.SetResult();
                await releaseFirst.Task;
            }

            foreach (var r in group)
            {
                r.Succeed();
            }
        });

        var first = writer.EnqueueAsync(Request("first", 1));
        await firstStarted.Task;
        var queued = Enumerable.Range(0, 10).Select(i => writer.EnqueueAsync(Request($"q{i}", 2))).ToArray();
        Assert.False(first.IsCompleted);
        releaseFirst.SetResult();
        await Task.WhenAll(queued.Append(first));

        Assert.Equal(2, groups.Count);
        Assert.Equal(["first"], groups[0]);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"q{i}"), groups[1]);
    }

    [Fact]
    public async Task EnqueueAsync_IdleWriter_CommitsOnTheCallersThreadAndReturnsCompleted()
    {
        // The caller would wait for the commit anyway: with a commit that completes synchronously (SQLite's do), the
        // append is durable when EnqueueAsync returns, so the caller's await does not suspend.
        var threads = new List<int>();
        await using var writer = new GroupCommitWriter(group =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            foreach (var r in group)
            {
                r.Succeed();
            }

            return Task.CompletedTask;
        });

        var caller = Environment.CurrentManagedThreadId;
        var first = writer.EnqueueAsync(Request("a", 1));
        var firstCompleted = first.IsCompletedSuccessfully;
        var second = writer.EnqueueAsync(Request("b", 1));

        Assert.True(firstCompleted);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.Equal([caller, caller], threads);
        await Task.WhenAll(first, second);
    }

    [Fact]
    public async Task EnqueueAsync_AppendsQueuedWhileTheCallerCommits_AreCommittedByAWorkerWithoutAnotherAppend()
    {
        // The leading caller commits one group and returns; appends that queued meanwhile must not wait for a later
        // append to come and lead.
        var groups = new List<string[]>();
        GroupCommitWriter? writer = null;
        Task? queuedDuringCommit = null;
        writer = new GroupCommitWriter(group =>
        {
            lock (groups)
            {
                groups.Add(group.Select(r => r.ExecutionId).ToArray());
            }

            // An append from another execution arrives while the first group is being written.
            queuedDuringCommit ??= writer!.EnqueueAsync(Request("during", 1));
            foreach (var r in group)
            {
                r.Succeed();
            }

            return Task.CompletedTask;
        });
        await using var _ = writer;

        await writer.EnqueueAsync(Request("first", 1));
        await queuedDuringCommit!.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([["first"], ["during"]], groups);
    }

    [Fact]
    public async Task EnqueueAsync_MoreThanMaxBatchEventsQueued_SplitsIntoBoundedGroupsInOrder()
    {
        var groups = new List<(string[] Ids, int Events)>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var writer = new GroupCommitWriter(async group =>
        {
            groups.Add((group.Select(r => r.ExecutionId).ToArray(), group.Sum(r => r.Events.Length)));
            if (groups.Count == 1)
            {
                started.SetResult();
                await gate.Task;
            }

            foreach (var r in group)
            {
                r.Succeed();
            }
        });

        var blocker = writer.EnqueueAsync(Request("blocker", 1));
        await started.Task;
        var tasks = Enumerable.Range(0, 100).Select(i => writer.EnqueueAsync(Request($"r{i:D3}", 10))).ToList();
        gate.SetResult();
        await Task.WhenAll(tasks.Append(blocker));

        Assert.All(groups.Skip(1), g => Assert.InRange(g.Events, 1, GroupCommitWriter.MaxBatchEvents));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"r{i:D3}"), groups.Skip(1).SelectMany(g => g.Ids));
        Assert.True(groups.Count >= 1 + (1000 / GroupCommitWriter.MaxBatchEvents));
    }

    [Fact]
    public async Task EnqueueAsync_CallerCancelledBeforeItsGroup_IsCancelledAndNotWritten()
    {
        var written = new List<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var writer = new GroupCommitWriter(async group =>
        {
            written.AddRange(group.Select(r => r.ExecutionId));
            if (written.Count == 1)
            {
                started.SetResult();
                await gate.Task;
            }

            foreach (var r in group)
            {
                r.Succeed();
            }
        });

        var blocker = writer.EnqueueAsync(Request("blocker", 1));
        await started.Task;
        using var cts = new CancellationTokenSource();
        var cancelled = writer.EnqueueAsync(Request("cancelled", 1, cts.Token));
        var kept = writer.EnqueueAsync(Request("kept", 1));
        await cts.CancelAsync();
        gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await kept;
        await blocker;
        Assert.Equal(["blocker", "kept"], written);
    }
    [Fact]
    public async Task DisposeAsync_AnAppendPastItsOpenCheck_IsWaitedForAndWrittenBeforeItReturns()
    {
        // Arrange: an append held between its check that the writer is open and its queueing, as a thread can be.
        var disposed = false;
        var late = false;
        var written = new List<string>();
        var writer = new GroupCommitWriter(group =>
        {
            late |= Volatile.Read(ref disposed);
            written.AddRange(group.Select(r => r.ExecutionId));
            foreach (var r in group)
            {
                r.Succeed();
            }

            return Task.CompletedTask;
        });
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        writer.EnteredForTests = () =>
        {
            entered.Set();
            release.Wait();
        };
        var append = Task.Factory.StartNew(() => writer.EnqueueAsync(Request("held", 1)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        entered.Wait();
        writer.EnteredForTests = null;

        // Act
        var disposing = writer.DisposeAsync().AsTask();
        await Task.Delay(50);
        var returnedEarly = disposing.IsCompleted;
        release.Set();
        await disposing;
        Volatile.Write(ref disposed, true);

        // Assert: the dispose waited, wrote the held append, and nothing was committed after it returned.
        Assert.False(returnedEarly, "DisposeAsync returned while an append was still on its way into the queue");
        Assert.True(append.IsCompletedSuccessfully, $"the held append is {append.Status}");
        Assert.Equal(["held"], written);
        Assert.False(late);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.EnqueueAsync(Request("after", 1)));
    }
}
