using Tessera.Server.Execution;

namespace Tessera.Server.Tests.Execution;

public sealed class ExecutionQueueTests
{
    private static ExecutionQueue Queue(int max, int queued = 100, int perProject = 0, int perWorkflow = 0, int queuedPerWorkflow = 0) =>
        new(new ExecutionQueueOptions
        {
            MaxConcurrency = max,
            MaxQueued = queued,
            MaxConcurrencyPerProject = perProject,
            MaxConcurrencyPerWorkflow = perWorkflow,
            MaxQueuedPerWorkflow = queuedPerWorkflow,
        });

    [Fact]
    public async Task EnterAsync_UnderLimit_GrantsAtOnce()
    {
        var queue = Queue(2);

        var a = queue.EnterAsync("p", "w1");
        var b = queue.EnterAsync("p", "w2");

        Assert.True(a.IsCompleted && b.IsCompleted);
        Assert.Equal(2, queue.Running);
        (await a).Dispose();
        Assert.Equal(1, queue.Running);
    }

    [Fact]
    public async Task EnterAsync_AtLimit_WaitsUntilARelease()
    {
        var queue = Queue(1);
        var first = await queue.EnterAsync("p", "w");

        var second = queue.EnterAsync("p", "w").AsTask();

        Assert.False(second.IsCompleted);
        Assert.Equal(1, queue.Waiting);
        first.Dispose();
        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, queue.Waiting);
        Assert.Equal(1, queue.Running);
    }

    [Fact]
    public async Task EnterAsync_QueueFull_Rejects503WithRetryAfter()
    {
        var queue = Queue(1, queued: 1);
        using var running = await queue.EnterAsync("p", "w");
        _ = queue.EnterAsync("p", "w");

        var e = Assert.Throws<ExecutionQueueRejectedException>(() => queue.EnterAsync("p", "w2"));

        Assert.Equal(503, e.StatusCode);
        Assert.Equal(QueueRejection.OverCapacity, e.Reason);
        Assert.True(e.RetryAfter >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task EnterAsync_WorkflowQueueFull_Rejects429()
    {
        var queue = Queue(4, perWorkflow: 1, queuedPerWorkflow: 1);
        using var running = await queue.EnterAsync("p", "w");
        _ = queue.EnterAsync("p", "w");

        var e = Assert.Throws<ExecutionQueueRejectedException>(() => queue.EnterAsync("p", "w"));
        var other = queue.EnterAsync("p", "other");

        Assert.Equal(429, e.StatusCode);
        Assert.True(other.IsCompleted, "another workflow still gets a free slot");
    }

    [Fact]
    public async Task EnterAsync_PerWorkflowLimit_LetsOtherWorkflowsPass()
    {
        var queue = Queue(3, perWorkflow: 1);
        using var a = await queue.EnterAsync("p", "w");

        var blocked = queue.EnterAsync("p", "w").AsTask();
        var free = queue.EnterAsync("p", "x");

        Assert.False(blocked.IsCompleted);
        Assert.True(free.IsCompleted);
        a.Dispose();
        (await blocked.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task EnterAsync_PerProjectLimit_HoldsOnlyThatProject()
    {
        var queue = Queue(4, perProject: 1);
        using var a = await queue.EnterAsync("busy", "w1");

        var blocked = queue.EnterAsync("busy", "w2").AsTask();
        var other = queue.EnterAsync("calm", "w3");

        Assert.False(blocked.IsCompleted);
        Assert.True(other.IsCompleted);
        a.Dispose();
        (await blocked.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task Release_ManyWaitersFromTwoProjects_ServesProjectsInTurn()
    {
        var queue = Queue(1);
        var holder = await queue.EnterAsync("seed", "w");
        var order = new List<string>();
        var waiters = new List<Task>();
        // Project A floods the queue first; project B arrives after.
        for (var i = 0; i < 6; i++)
        {
            waiters.Add(Track(queue.EnterAsync("A", "a").AsTask(), "A", order));
        }

        for (var i = 0; i < 3; i++)
        {
            waiters.Add(Track(queue.EnterAsync("B", "b").AsTask(), "B", order));
        }

        holder.Dispose();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("ABABABAAA", string.Concat(order));
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_LeavesTheQueue()
    {
        var queue = Queue(1);
        using var running = await queue.EnterAsync("p", "w");
        using var cts = new CancellationTokenSource();

        var waiting = queue.EnterAsync("p", "w", cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, queue.Waiting);
    }

    [Fact]
    public async Task Dispose_Twice_ReleasesOnce()
    {
        var queue = Queue(2);
        var a = await queue.EnterAsync("p", "w");
        using var b = await queue.EnterAsync("p", "w");

        a.Dispose();
        a.Dispose();

        Assert.Equal(1, queue.Running);
    }

    [Fact]
    public async Task EnterAsync_ConcurrentStorm_NeverExceedsLimitAndRunsAll()
    {
        var queue = Queue(3, queued: 10_000, perProject: 2);
        var running = 0;
        var peak = 0;
        var done = 0;
        var tasks = Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            using var lease = await queue.EnterAsync("p" + (i % 4), "w" + (i % 7));
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref done);
        })).ToArray();

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(400, done);
        Assert.InRange(peak, 1, 3);
        Assert.Equal(0, queue.Running);
        Assert.Equal(0, queue.Waiting);
    }

    [Fact]
    public void FromEnvironment_ReadsLimits_AndRejectsNonsense()
    {
        var values = new Dictionary<string, string?> { ["TESSERA_CONCURRENCY"] = "5", ["TESSERA_WORKFLOW_QUEUE_LIMIT"] = "7" };

        var options = ExecutionQueueOptions.FromEnvironment(k => values.GetValueOrDefault(k));
        values["TESSERA_CONCURRENCY"] = "zero";

        Assert.Equal(5, options.MaxConcurrency);
        Assert.Equal(7, options.MaxQueuedPerWorkflow);
        var e = Assert.Throws<InvalidOperationException>(() => ExecutionQueueOptions.FromEnvironment(k => values.GetValueOrDefault(k)));
        Assert.Contains("TESSERA_CONCURRENCY", e.Message, StringComparison.Ordinal);
    }

    private static async Task Track(Task<ExecutionLease> entering, string name, List<string> order)
    {
        var lease = await entering;
        lock (order)
        {
            order.Add(name);
        }

        // Hold briefly then release, so the next waiter is chosen by the queue, not by arrival.
        await Task.Yield();
        lease.Dispose();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public async Task EnterAsync_CallersHangingUpWhileSlotsFree_NeverDeadlocks()
    {
        // Clients that disconnect cancel their wait while releases hand out slots: the queue must keep moving.
        var queue = new ExecutionQueue(new ExecutionQueueOptions { MaxConcurrency = 2, MaxQueued = 10_000 });
        var work = Enumerable.Range(0, 4_000).Select(async i =>
        {
            using var hangUp = new CancellationTokenSource();
            var entering = queue.EnterAsync("p", "w" + (i % 3), hangUp.Token).AsTask();
            if (i % 2 == 0)
            {
                hangUp.CancelAfter(TimeSpan.FromTicks(i % 7));
            }

            try
            {
                using var lease = await entering;
                await Task.Yield();
            }
            catch (OperationCanceledException)
            {
            }
        });

        await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, queue.Running);
        Assert.Equal(0, queue.Waiting);
    }
}
