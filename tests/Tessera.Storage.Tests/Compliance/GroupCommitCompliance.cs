using Tessera.Engine.Journal;
using Tessera.Storage.Executions;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>
/// The group commit under concurrency: appends of many executions share transactions, yet each append keeps its own
/// outcome (written in order, or failed alone).
/// </summary>
public abstract class GroupCommitCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private IExecutionStore Store => Storage.Executions;

    private ExecutionCreated Created(string id) => new()
    {
        ExecutionId = id,
        Timestamp = Time.GetUtcNow(),
        WorkflowId = "wf1",
        WorkflowJson = """{"nodes":[],"connections":{}}""",
        Mode = "trigger",
    };

    private NodeCompleted Completed(string id, string node) => new()
    {
        ExecutionId = id,
        Timestamp = Time.GetUtcNow(),
        Node = node,
        OutputsJson = """[[{"json":{"node":"NODE"}}]]""".Replace("NODE", node, StringComparison.Ordinal),
        DurationMs = 0.5,
    };

    private ExecutionWaiting Waiting(string id, string token) => new()
    {
        ExecutionId = id,
        Timestamp = Time.GetUtcNow(),
        Node = "Wait",
        Kind = "webhook",
        DetailsJson = "{\"resumeToken\":\"" + token + "\"}",
    };

    private static async Task<List<ExecutionEvent>> ReadAllAsync(IExecutionStore store, string id)
    {
        var events = new List<ExecutionEvent>();
        await foreach (var e in store.ReadAsync(id, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    [StoreFact]
    public async Task AppendAsync_ManyConcurrentExecutions_EveryEventOnceInOrder()
    {
        const int executions = 40;
        const int appends = 12;

        // Each execution appends sequentially (as a run does); the executions run concurrently.
        async Task RunAsync(string id)
        {
            await Store.AppendAsync(id, 0, [Created(id)], Ct);
            long sequence = 1;
            for (var a = 0; a < appends; a++)
            {
                var batch = Enumerable.Range(0, (a % 3) + 1).Select(k => (ExecutionEvent)Completed(id, $"N{a}-{k}")).ToArray();
                await Store.AppendAsync(id, sequence, batch, Ct);
                sequence += batch.Length;
            }

            await Store.AppendAsync(id, sequence, [new ExecutionFinished { ExecutionId = id, Timestamp = Time.GetUtcNow(), Status = "success" }], Ct);
        }

        var ids = Enumerable.Range(0, executions).Select(i => $"gc-{i}").ToArray();
        await Task.WhenAll(ids.Select(id => Task.Run(() => RunAsync(id))));

        foreach (var id in ids)
        {
            var events = await ReadAllAsync(Store, id);
            var expectedNodes = Enumerable.Range(0, appends).SelectMany(a => Enumerable.Range(0, (a % 3) + 1).Select(k => $"N{a}-{k}")).ToList();
            Assert.Equal(expectedNodes.Count + 2, events.Count);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            Assert.IsType<ExecutionCreated>(events[0]);
            Assert.Equal(expectedNodes, events.OfType<NodeCompleted>().Select(c => c.Node));
            Assert.All(events.OfType<NodeCompleted>(), c => Assert.Contains(c.Node, c.OutputsJson, StringComparison.Ordinal));
            Assert.IsType<ExecutionFinished>(events[^1]);

            var summary = await Store.GetAsync(id, Ct);
            Assert.NotNull(summary);
            Assert.Equal(events.Count, summary.LastSequence);
            Assert.Equal(ExecutionState.Success, summary.Status);
            Assert.Equal($"N{appends - 1}-{(appends - 1) % 3}", summary.LastNode);
        }
    }

    [StoreFact]
    public async Task AppendAsync_ConcurrentConflicts_FailOnlyTheirOwnAppend()
    {
        var ids = Enumerable.Range(0, 30).Select(i => $"cf-{i}").ToArray();
        foreach (var id in ids)
        {
            await Store.CreateAsync(Created(id), Ct);
        }

        // Every execution appends once at the right sequence; cf-0 also gets a rival at the same sequence and cf-1 a
        // stale one, all at the same time, so they share groups with the good appends.
        var good = ids.Select(id => Task.Run(async () => await Store.AppendAsync(id, 1, [Completed(id, "A")], Ct))).ToArray();
        var rival = Task.Run(async () => await Store.AppendAsync("cf-0", 1, [Completed("cf-0", "Rival")], Ct));
        var stale = Task.Run(async () => await Store.AppendAsync("cf-1", 7, [Completed("cf-1", "Stale")], Ct));
        var outcomes = await Task.WhenAll(good.Append(rival).Append(stale).Select(async t =>
        {
            try
            {
                await t;
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }));

        var staleError = Assert.IsType<JournalConflictException>(outcomes[^1]);
        Assert.Equal(7, staleError.Expected);

        // Of cf-0's two appends at sequence 1, exactly one won; every other execution's append succeeded.
        var cf0 = new[] { outcomes[0], outcomes[^2] };
        Assert.Single(cf0, o => o is null);
        Assert.Single(cf0, o => o is JournalConflictException);
        Assert.All(outcomes.Skip(1).Take(ids.Length - 1), Assert.Null);

        foreach (var id in ids)
        {
            var events = await ReadAllAsync(Store, id);
            Assert.Equal(2, events.Count);
            Assert.Equal(2, (await Store.GetAsync(id, Ct))!.LastSequence);
        }

        Assert.Equal("A", ((NodeCompleted)(await ReadAllAsync(Store, "cf-1"))[1]).Node);
    }

    [StoreFact]
    public async Task AppendAsync_OneAppendFailsInTheDatabase_OthersInItsGroupAreWritten()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"db-{i}").ToArray();
        foreach (var id in ids)
        {
            await Store.CreateAsync(Created(id), Ct);
        }

        // Resume tokens are unique in the waits table: two executions parking on the same token make the database
        // reject one transaction. The other appends, queued at the same time, must not be lost with it.
        await Store.AppendAsync("db-0", 1, [Waiting("db-0", "same-token")], Ct);
        // Queued back to back from this thread, so the failing append shares its group with others, which the
        // writer then retries each in a transaction of its own.
        var tasks = ids.Skip(1).Select(id =>
            Store.AppendAsync(id, 1, id == "db-5" ? [Waiting(id, "same-token")] : [Completed(id, "A"), Completed(id, "B")], Ct).AsTask()).ToArray();
        var failures = new List<(string Id, Exception Error)>();
        for (var i = 0; i < tasks.Length; i++)
        {
            try
            {
                await tasks[i];
            }
            catch (Exception e)
            {
                failures.Add((ids[i + 1], e));
            }
        }

        var (failedId, error) = Assert.Single(failures);
        Assert.Equal("db-5", failedId);
        Assert.Contains("resume token", error.Message, StringComparison.Ordinal);
        Assert.Single(await ReadAllAsync(Store, "db-5"));
        Assert.Equal(1, (await Store.GetAsync("db-5", Ct))!.LastSequence);
        foreach (var id in ids.Skip(1).Where(id => id != "db-5"))
        {
            Assert.Equal(["A", "B"], (await ReadAllAsync(Store, id)).OfType<NodeCompleted>().Select(c => c.Node));
            Assert.Equal(3, (await Store.GetAsync(id, Ct))!.LastSequence);
        }
    }

    [StoreFact]
    public async Task DisposeAsync_AppendsStillQueued_AreWrittenBeforeItReturns()
    {
        var other = await OpenAgainAsync();
        var ids = Enumerable.Range(0, 50).Select(i => $"dq-{i}").ToArray();
        var pending = ids.Select(id => other.Executions.AppendAsync(id, 0, [Created(id), Completed(id, "A")], Ct).AsTask()).ToArray();
        await other.DisposeAsync();

        await Task.WhenAll(pending);
        foreach (var id in ids)
        {
            Assert.Equal(2, (await ReadAllAsync(Store, id)).Count);
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await other.Executions.AppendAsync("late", 0, [Created("late")], Ct));
    }
}
