using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Journal;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;
using Tessera.Nodes;
using Tessera.Storage.Durable;
using Tessera.Storage.Executions;
using Tessera.Storage.Tests.Durable;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>
/// Pipelined commits (docs/storage.md): side-effect-free nodes' completions are committed in the background, a node
/// with side effects starts only once everything before it is stored, and a completion lost in a crash is simply
/// run again.
/// </summary>
public abstract class PipelinedCommitCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private ExecutionService Service(WorkflowEngine engine, bool commitStartAtOnce = true) =>
        new(Storage, engine, new ExecutionServiceOptions { TimeProvider = Time, CommitStartAtOnce = commitStartAtOnce });

    private static Workflow ProbeOnly(string name) => WorkflowJson.Parse("{\"name\":\"probe\",\"nodes\":[" + StoreProbeNode.Json(name) + "],\"connections\":{}}");

    private async Task<List<ExecutionEvent>> JournalAsync(string id)
    {
        var events = new List<ExecutionEvent>();
        await foreach (var e in Storage.Executions.ReadAsync(id, Ct))
        {
            events.Add(e);
        }

        return events;
    }

    [StoreFact]
    public async Task RunAsync_SideEffectNodeAfterPureNodes_StartsOnlyOnceTheirCompletionsAreStored()
    {
        // Arrange: Start → S1 → S2 (pure, pipelined) → Probe (side effects: reads the store when it runs) → S3.
        var engine = TesseraEngineFactory.Create();
        var probe = new StoreProbeNode(Storage.Executions);
        engine.NodeTypes.Add(probe);
        var workflow = TestWorkflows.Chain([TestWorkflows.SetNode("S1"), TestWorkflows.SetNode("S2"), StoreProbeNode.Json("Probe"), TestWorkflows.SetNode("S3")]);

        // Act
        var result = await Service(engine).RunAsync(workflow, new RunOptions(), Ct);

        // Assert
        Assert.Equal(ExecutionStatus.Success, result.Status);
        var seen = Assert.Single(probe.Seen);
        Assert.Contains("ExecutionCreated", seen);
        Assert.Contains("NodeCompleted:Start", seen);
        Assert.Contains("NodeCompleted:S1", seen);
        Assert.Contains("NodeCompleted:S2", seen);
        Assert.DoesNotContain("NodeCompleted:Probe", seen);
    }

    [StoreFact]
    public async Task RunAsync_StartCommittedAtOnce_PureFirstNodeSeesItsExecutionStored() =>
        Assert.Equal("ExecutionCreated", await ProbeFirstPureNodeAsync(commitStartAtOnce: true));

    [StoreFact]
    public async Task RunAsync_StartNotCommittedAtOnce_PureFirstNodeRunsBeforeAnythingIsStored() =>
        Assert.Equal(string.Empty, await ProbeFirstPureNodeAsync(commitStartAtOnce: false));

    /// <summary>Runs a lone side-effect-free probe (nothing forces a commit before it); returns what it saw stored.</summary>
    private async Task<string> ProbeFirstPureNodeAsync(bool commitStartAtOnce)
    {
        var engine = TesseraEngineFactory.Create();
        var probe = new StoreProbeNode(Storage.Executions, sideEffectFree: true);
        engine.NodeTypes.Add(probe);

        var result = await Service(engine, commitStartAtOnce).RunAsync(ProbeOnly("Probe"), new RunOptions(), Ct);

        // Either way the whole run is stored once it returns.
        var journal = await JournalAsync(result.ExecutionId);
        Assert.Equal(["ExecutionCreated", "NodeStarted", "NodeCompleted", "ExecutionFinished"], journal.Select(e => e.GetType().Name));
        return Assert.Single(probe.Seen);
    }

    [StoreFact]
    public async Task RunAsync_StartNotCommittedAtOnce_SideEffectFirstNode_StartsOnlyOnceItsExecutionIsStored()
    {
        // Arrange: a node with side effects as the very first node, with no completion before it to carry the start.
        var engine = TesseraEngineFactory.Create();
        var probe = new StoreProbeNode(Storage.Executions);
        engine.NodeTypes.Add(probe);

        // Act
        var result = await Service(engine, commitStartAtOnce: false).RunAsync(ProbeOnly("Probe"), new RunOptions(), Ct);

        // Assert: a crash during its side effect would leave a running execution to resume, not nothing at all.
        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal("ExecutionCreated", Assert.Single(probe.Seen));
    }

    [StoreFact]
    public async Task RunAsync_StartNotCommittedAtOnce_StoresTheSameJournalAsAStartCommittedAtOnce()
    {
        var engine = TesseraEngineFactory.Create();
        var workflow = TestWorkflows.Sets(5);

        var deferred = await Service(engine, commitStartAtOnce: false).RunAsync(workflow, new RunOptions(), Ct);
        var atOnce = await Service(engine).RunAsync(workflow, new RunOptions(), Ct);

        var a = await JournalAsync(deferred.ExecutionId);
        var b = await JournalAsync(atOnce.ExecutionId);
        Assert.Equal(b.Select(e => (e.GetType().Name, e.Sequence)), a.Select(e => (e.GetType().Name, e.Sequence)));
        Assert.Equal(ExecutionState.Success, (await Storage.Executions.GetAsync(deferred.ExecutionId, Ct))!.Status);
    }

    [StoreFact]
    public async Task RunAsync_SideEffectNodeAfterPureNodes_DoesNotWaitOutThePipelinedCommitDelay()
    {
        // Arrange: pipelined completions would wait 5 minutes for company; nothing else is writing.
        var options = Target.Options(Time);
        options.PipelinedCommitDelay = TimeSpan.FromMinutes(5);
        await using var storage = await TesseraStorage.OpenAsync(options);
        var engine = TesseraEngineFactory.Create();
        var probe = new StoreProbeNode(storage.Executions);
        engine.NodeTypes.Add(probe);
        var workflow = TestWorkflows.Chain([TestWorkflows.SetNode("S1"), StoreProbeNode.Json("Probe")]);

        // Act: the probe must wait for S1's completion to be stored, which the run's wait commits at once.
        var run = new ExecutionService(storage, engine, new ExecutionServiceOptions { TimeProvider = Time }).RunAsync(workflow, new RunOptions(), Ct);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));

        // Assert
        Assert.Same(run, finished);
        Assert.Contains("NodeCompleted:S1", Assert.Single(probe.Seen));
    }

    [StoreFact]
    public async Task RunAsync_PipelinedRun_IsFinishedInTheStoreWhenItReturns()
    {
        var engine = TesseraEngineFactory.Create();

        var result = await Service(engine).RunAsync(TestWorkflows.Sets(8), new RunOptions(), Ct);

        // Everything, ExecutionFinished last, is stored before the run reports that it finished.
        var summary = await Storage.Executions.GetAsync(result.ExecutionId, Ct);
        Assert.Equal(ExecutionState.Success, summary!.Status);
        var journal = await JournalAsync(result.ExecutionId);
        Assert.Equal(9, journal.OfType<NodeCompleted>().Count());
        Assert.IsType<ExecutionFinished>(journal[^1]);
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(e => e.Sequence));
    }

    [StoreFact]
    public async Task ResumeInterruptedAsync_PipelinedCompletionsLostInACrash_RerunsThemAndEqualsAnUninterruptedRun()
    {
        // Arrange: a run whose process dies after its first 3 background appends landed; the later ones never do.
        var engine = TesseraEngineFactory.Create();
        var workflow = TestWorkflows.Sets(6);
        var reference = await engine.RunAsync(workflow, new RunOptions(), Ct);
        var id = "pipelined-" + Guid.NewGuid().ToString("n");
        var store = new StoreJournal(Storage.Executions, JournalMode.Durable, "token", null);
        var dying = new LosingJournal(store, deferredBeforeDeath: 3);
        await Assert.ThrowsAsync<SimulatedCrash>(() => engine.RunAsync(workflow, new RunOptions { ExecutionId = id, Journal = dying }, Ct));
        await store.FlushAsync(id, Ct);
        var before = await JournalAsync(id);
        Assert.Equal(ExecutionState.Running, (await Storage.Executions.GetAsync(id, Ct))!.Status);
        Assert.True(dying.Lost > 0, "the crash should lose completions that were on their way to the store");
        var storedBefore = before.OfType<NodeCompleted>().Select(c => c.Node).ToHashSet();

        // Act
        var resumed = Assert.Single(await Service(engine).ResumeInterruptedAsync(Ct));

        // Assert: the lost nodes ran again after the restart, the stored ones did not, and the result is the same.
        Assert.Equal(ExecutionStatus.Success, resumed.Status);
        Assert.True(JsonEquality.DeepEquals(reference.LastOutput[0].Json, resumed.LastOutput[0].Json));
        var journal = await JournalAsync(id);
        Assert.All(journal.OfType<NodeCompleted>().GroupBy(c => (c.Node, c.RunIndex)), g => Assert.Single(g));
        Assert.Equal(7, journal.OfType<NodeCompleted>().Count());
        var restart = journal.OfType<ExecutionResumed>().Single(r => r.Reason == "restart").Sequence;
        Assert.All(journal.OfType<NodeCompleted>(), c => Assert.Equal(storedBefore.Contains(c.Node), c.Sequence < restart));
    }

    private sealed class SimulatedCrash : Exception;

    /// <summary>
    /// Lets the first deferred appends through to the store, then "dies": later deferred appends are lost (the process
    /// was gone before their background commit) and the next durable point fails.
    /// </summary>
    private sealed class LosingJournal(StoreJournal inner, int deferredBeforeDeath) : IExecutionJournal
    {
        private int _left = deferredBeforeDeath;

        public int Lost { get; private set; }

        public ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
        {
            if (_left > 0)
            {
                return inner.AppendAsync(executionId, expectedSequence, events, cancellationToken);
            }

            // A start rides along with the completion that follows it, so it is lost with it; anything durable fails.
            if (events.All(e => e is NodeStarted))
            {
                Lost++;
                return ValueTask.CompletedTask;
            }

            throw new SimulatedCrash();
        }

        public ValueTask AppendDeferredAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
        {
            if (_left-- > 0)
            {
                return inner.AppendDeferredAsync(executionId, expectedSequence, events, cancellationToken);
            }

            Lost++;
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(string executionId, CancellationToken cancellationToken) =>
            _left <= 0 ? throw new SimulatedCrash() : inner.FlushAsync(executionId, cancellationToken);

        public IAsyncEnumerable<ExecutionEvent> ReadAsync(string executionId, CancellationToken cancellationToken) => inner.ReadAsync(executionId, cancellationToken);
    }

    /// <summary>A node with (pretend) side effects that records which events of its execution the store holds when it starts.</summary>
    private sealed class StoreProbeNode(IExecutionStore store, bool sideEffectFree = false) : INodeType
    {
        public const string Type = "tessera-test.storeProbe";

        public List<string> Seen { get; } = [];

        public NodeTypeDescription Description { get; } = new() { Name = Type, DisplayName = "Store probe", Versions = [1], SideEffectFree = sideEffectFree };

        public static string Json(string name) =>
            """{"name":"NAME","type":"TYPE","typeVersion":1,"position":[0,0],"parameters":{}}""".Replace("NAME", name, StringComparison.Ordinal).Replace("TYPE", Type, StringComparison.Ordinal);

        public async ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
        {
            var stored = new List<string>();
            await foreach (var e in store.ReadAsync(context.Execution.Id, context.CancellationToken))
            {
                stored.Add(e is NodeCompleted c ? "NodeCompleted:" + c.Node : e.GetType().Name);
            }

            Seen.Add(string.Join(",", stored));
            return NodeOutput.Single(context.InputItems);
        }
    }
}
