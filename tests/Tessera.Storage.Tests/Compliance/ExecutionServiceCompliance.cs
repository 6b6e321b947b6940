using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Journal;
using Tessera.Nodes;
using Tessera.Storage.Durable;
using Tessera.Storage.Executions;
using Tessera.Storage.Tests.Durable;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>The durable execution service against a real database: run, crash-resume, waits, replay, fork, retry, retention.</summary>
public abstract class ExecutionServiceCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private static readonly WorkflowEngine Engine = TesseraEngineFactory.Create();

    private ExecutionService Service(List<ExecutionEvent>? seen = null, bool save = true) => new(Storage, Engine, new ExecutionServiceOptions
    {
        TimeProvider = Time,
        OnEvent = seen is null ? null : e => { lock (seen) { seen.Add(e); } },
        Save = save,
        ResumeUrlBase = "http://tessera.test/webhook-waiting/",
    });

    private async Task<List<ExecutionEvent>> JournalAsync(string id)
    {
        var events = new List<ExecutionEvent>();
        await foreach (var e in Storage.Executions.ReadAsync(id, Ct))
        {
            events.Add(e);
        }

        return events;
    }

    private static double LastN(ExecutionResult result) => result.LastOutput[0].Json["n"].AsNumber();

    [StoreFact]
    public async Task RunAsync_SavedRun_JournalsEveryNodeAndReportsEachStoredEvent()
    {
        var seen = new List<ExecutionEvent>();

        var result = await Service(seen).RunAsync(TestWorkflows.Sets(3), new RunOptions(), Ct);

        Assert.Equal(ExecutionStatus.Success, result.Status);
        var summary = await Storage.Executions.GetAsync(result.ExecutionId, Ct);
        Assert.Equal(ExecutionState.Success, summary!.Status);
        var journal = await JournalAsync(result.ExecutionId);
        Assert.Equal(4, journal.OfType<NodeCompleted>().Count());
        Assert.Equal(journal.Select(e => e.Sequence), seen.Select(e => e.Sequence));
    }

    [StoreFact]
    public async Task RunAsync_SaveOff_WritesNothingButStillReportsEvents()
    {
        var seen = new List<ExecutionEvent>();

        var result = await Service(seen, save: false).RunAsync(TestWorkflows.Sets(2), new RunOptions(), Ct);

        Assert.Equal(2, LastN(result));
        Assert.Null(await Storage.Executions.GetAsync(result.ExecutionId, Ct));
        Assert.Contains(seen, e => e is ExecutionFinished);
    }

    [StoreFact]
    public async Task RunAsync_SaveDataSuccessNone_DeletesTheRunAtTheEnd()
    {
        var workflow = TestWorkflows.Sets(2, """{"executionOrder":"v1","saveDataSuccessExecution":"none"}""");

        var result = await Service().RunAsync(workflow, new RunOptions(), Ct);

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Null(await Storage.Executions.GetAsync(result.ExecutionId, Ct));
    }

    [StoreFact]
    public async Task RunAsync_SaveExecutionProgressFalse_WritesTheJournalInOneAppend()
    {
        var workflow = TestWorkflows.Sets(3, """{"executionOrder":"v1","saveExecutionProgress":false}""");

        var result = await Service().RunAsync(workflow, new RunOptions(), Ct);

        var journal = await JournalAsync(result.ExecutionId);
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(e => e.Sequence));
        Assert.IsType<ExecutionFinished>(journal[^1]);
        Assert.Equal(ExecutionState.Success, (await Storage.Executions.GetAsync(result.ExecutionId, Ct))!.Status);
    }

    [StoreFact]
    public async Task Park_BufferedRunInFlight_StoresItsCompletedNodesAndLeavesItRunningForTheNextStart()
    {
        // saveExecutionProgress: false keeps the journal in memory; a 3 s in-process Wait is the node in flight.
        var workflow = TestWorkflows.Chain(
            [TestWorkflows.SetNode("S1"), TestWorkflows.WaitNode("Hold", """{"resume":"timeInterval","amount":3,"unit":"seconds"}"""), TestWorkflows.SetNode("S2")],
            """{"executionOrder":"v1","saveExecutionProgress":false}""");
        var seen = new List<ExecutionEvent>();
        var service = Service(seen);
        var run = service.RunAsync(workflow, new RunOptions(), Ct);
        while (!run.IsCompleted && !HasStarted(seen, "Hold"))
        {
            await Task.Delay(5, Ct);
        }

        service.Park();
        var result = await run;

        Assert.Equal(ExecutionStatus.Canceled, result.Status);
        Assert.Empty(service.InFlight);
        Assert.Equal(ExecutionState.Running, (await Storage.Executions.GetAsync(result.ExecutionId, Ct))!.Status);
        var parked = await JournalAsync(result.ExecutionId);
        Assert.Equal(["Start", "S1"], parked.OfType<NodeCompleted>().Select(c => c.Node));
        Assert.DoesNotContain(parked, e => e is ExecutionCancelled or ExecutionFinished);

        var resumed = Assert.Single(await Service().ResumeInterruptedAsync(Ct));

        Assert.Equal(ExecutionStatus.Success, resumed.Status);
        Assert.Equal(2, LastN(resumed));
        Assert.Equal(["Start", "S1", "Hold", "S2"], (await JournalAsync(result.ExecutionId)).OfType<NodeCompleted>().Select(c => c.Node));
    }

    private static bool HasStarted(List<ExecutionEvent> seen, string node)
    {
        lock (seen)
        {
            return seen.Any(e => e is NodeStarted s && s.Node == node);
        }
    }

    [StoreFact]
    public async Task ResumeInterruptedAsync_ProcessDiedMidRun_FinishesWithoutRerunningCompletedNodes()
    {
        var workflow = TestWorkflows.Sets(6);
        var reference = await Engine.RunAsync(workflow, new RunOptions(), Ct);
        var id = "crashed-" + Guid.NewGuid().ToString("n");
        var dying = new DyingJournal(Storage.Executions, appendsBeforeDeath: 7);
        await Assert.ThrowsAsync<SimulatedCrash>(() => Engine.RunAsync(workflow, new RunOptions { ExecutionId = id, Journal = dying }, Ct));
        Assert.Equal(ExecutionState.Running, (await Storage.Executions.GetAsync(id, Ct))!.Status);

        var results = await Service().ResumeInterruptedAsync(Ct);

        var resumed = Assert.Single(results);
        Assert.Equal(ExecutionStatus.Success, resumed.Status);
        Assert.True(JsonEquality.DeepEquals(reference.LastOutput[0].Json, resumed.LastOutput[0].Json));
        var journal = await JournalAsync(id);
        Assert.All(journal.OfType<NodeCompleted>().GroupBy(c => (c.Node, c.RunIndex)), g => Assert.Single(g));
        Assert.Equal(7, journal.OfType<NodeCompleted>().Count());
        Assert.Contains(journal, e => e is ExecutionResumed { Reason: "restart" });
        Assert.Empty(await Service().ResumeInterruptedAsync(Ct));
    }

    [StoreFact]
    public async Task ResumeInterruptedAsync_RunHeldByAnotherLiveProcess_IsLeftAloneUntilItsLeaseExpires()
    {
        // Arrange: a run started by another store (another process, alive: same host and pid) that stopped appending.
        await using var other = await OpenAgainAsync();
        var workflow = TestWorkflows.Sets(3);
        var id = "held-" + Guid.NewGuid().ToString("n");
        await Assert.ThrowsAsync<SimulatedCrash>(() => Engine.RunAsync(workflow, new RunOptions { ExecutionId = id, Journal = new DyingJournal(other.Executions, appendsBeforeDeath: 3) }, Ct));

        // Act: resume while its lease holds, then after the lease (60 s) passed without renewal.
        var whileHeld = await Service().ResumeInterruptedAsync(Ct);
        Time.Advance(TimeSpan.FromSeconds(61));
        var afterExpiry = await Service().ResumeInterruptedAsync(Ct);

        // Assert
        Assert.Empty(whileHeld);
        Assert.Equal(ExecutionStatus.Success, Assert.Single(afterExpiry).Status);
        Assert.Equal(3, LastN(afterExpiry[0]));
        Assert.False(await other.Executions.TryClaimAsync(id, Ct));
    }

    [StoreFact]
    public async Task RunAsync_NodeRunningLongerThanTheLease_KeepsTheLeaseByRenewingIt()
    {
        // Arrange: real time and a 2-second lease; the run sits in a 4-second in-process wait, appending nothing.
        var options = Target.Options(TimeProvider.System);
        options.ExecutionLease = TimeSpan.FromSeconds(2);
        await using var storage = await TesseraStorage.OpenAsync(options);
        await using var other = await TesseraStorage.OpenAsync(options);
        var service = new ExecutionService(storage, Engine, new ExecutionServiceOptions { ResumeUrlBase = "http://tessera.test/webhook-waiting/" });
        var id = "long-" + Guid.NewGuid().ToString("n");
        var run = service.RunAsync(TestWorkflows.Chain([TestWorkflows.WaitNode("W", """{"resume":"timeInterval","amount":4,"unit":"seconds"}"""), TestWorkflows.SetNode("A")]), new RunOptions { ExecutionId = id }, Ct);

        // Act: after the first lease would have run out, another process tries to take the run over.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var takenOver = await other.Executions.TryClaimAsync(id, Ct);
        var result = await run;

        // Assert
        Assert.False(takenOver, "another process could take over a run whose holder is alive and running it");
        Assert.Equal(ExecutionStatus.Success, result.Status);
    }

    [StoreFact]
    public async Task TryClaimAsync_LeaseRenewedOrTakenOnWake_StaysWithItsHolder()
    {
        // Arrange: a parked run of another store, woken by this one (it takes the lease), and one of its own it renews.
        await using var other = await OpenAgainAsync();
        var otherService = new ExecutionService(other, Engine, new ExecutionServiceOptions { TimeProvider = Time, ResumeUrlBase = "http://tessera.test/webhook-waiting/" });
        var parked = await otherService.RunAsync(TestWorkflows.Chain([TestWorkflows.WaitNode("W", """{"resume":"webhook"}"""), TestWorkflows.SetNode("A")]), new RunOptions(), Ct);
        var held = "renewed-" + Guid.NewGuid().ToString("n");
        await Assert.ThrowsAsync<SimulatedCrash>(() => Engine.RunAsync(TestWorkflows.Sets(2), new RunOptions { ExecutionId = held, Journal = new DyingJournal(other.Executions, appendsBeforeDeath: 2) }, Ct));

        // Act
        var token = (await JournalAsync(parked.ExecutionId)).OfType<ExecutionWaiting>().Single().DetailsJson!;
        Time.Advance(TimeSpan.FromSeconds(50));
        await other.Executions.RenewLeasesAsync([held], Ct);
        Time.Advance(TimeSpan.FromSeconds(50));
        var renewedStillHeld = !await Storage.Executions.TryClaimAsync(held, Ct);
        await Storage.Executions.AppendAsync(parked.ExecutionId, (await Storage.Executions.GetAsync(parked.ExecutionId, Ct))!.LastSequence, [new ExecutionResumed { ExecutionId = parked.ExecutionId, Reason = "test" }], Ct);
        var wokenHeldHere = !await other.Executions.TryClaimAsync(parked.ExecutionId, Ct);

        // Assert
        Assert.Contains("resumeToken", token);
        Assert.True(renewedStillHeld, "a lease renewed 50 s ago was taken over");
        Assert.True(wokenHeldHere, "the process that woke a parked run does not hold it");
        Assert.True(await Storage.Executions.TryClaimAsync(parked.ExecutionId, Ct));
        Assert.False(await Storage.Executions.TryClaimAsync("no-such-execution", Ct));
    }

    [StoreFact]
    public async Task WakeDueTimersAsync_LongWaitPassed_ResumesWithTheWaitNodesInput()
    {
        var workflow = TestWorkflows.Chain([TestWorkflows.SetNode("A"), TestWorkflows.WaitNode("Wait", """{"resume":"timeInterval","amount":2,"unit":"hours"}"""), TestWorkflows.SetNode("B")]);
        var service = Service();
        var parked = await service.RunAsync(workflow, new RunOptions(), Ct);
        Assert.Equal(ExecutionStatus.Waiting, parked.Status);
        Assert.Equal(0, await service.WakeDueTimersAsync(Ct));

        Time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(1, await Service().WakeDueTimersAsync(Ct));

        var summary = await Storage.Executions.GetAsync(parked.ExecutionId, Ct);
        Assert.Equal(ExecutionState.Success, summary!.Status);
        var b = (await JournalAsync(parked.ExecutionId)).OfType<NodeCompleted>().Single(c => c.Node == "B");
        Assert.Contains("\"path\":\"/A/B\"", b.OutputsJson);
        Assert.Null(await Storage.Waits.GetAsync(parked.ExecutionId, Ct));
    }

    [StoreFact]
    public async Task ResumeByTokenAsync_SavedWorkflow_RunsTheRestInItsProjectsCredentialScope()
    {
        var project = await Storage.Projects.CreateAsync("Scoped", null, Ct);
        var workflow = TestWorkflows.Chain([TestWorkflows.WaitNode("Wait", """{"resume":"webhook"}"""), """{"name":"Probe","type":"tessera.test.scopeProbe","typeVersion":1,"position":[600,0],"parameters":{}}"""]);
        var stored = await Storage.Workflows.CreateAsync(new Workflows.WorkflowDraft { Name = "scoped", Json = Tessera.Engine.Workflows.WorkflowJson.Serialize(workflow), ProjectId = project.Id }, Ct);
        workflow.Id = stored.Id;
        var registry = BuiltInNodes.CreateRegistry().Add(new ScopeProbe());
        var engine = new WorkflowEngine(registry, new Tessera.Engine.Expressions.ExpressionEvaluator());
        var service = new ExecutionService(Storage, engine, new ExecutionServiceOptions { TimeProvider = Time, ResumeUrlBase = "http://tessera.test/webhook-waiting/" });

        var parked = await service.RunAsync(workflow, new RunOptions { WorkflowId = stored.Id }, Ct);
        var token = (await Storage.Waits.GetAsync(parked.ExecutionId, Ct))!.ResumeToken!;
        var resumed = await service.ResumeByTokenAsync(token, [Item.Empty()], Ct);

        Assert.Equal(ExecutionStatus.Success, resumed!.Status);
        var probe = resumed.RunData.InOrder.Single(r => r.Node == "Probe").Run.Outputs[0][0];
        Assert.Equal(project.Id, probe.Json["project"].AsString());
    }

    /// <summary>Outputs the credential scope's project it runs in.</summary>
    private sealed class ScopeProbe : Tessera.Engine.Nodes.INodeType
    {
        public Tessera.Engine.Nodes.NodeTypeDescription Description { get; } = new()
        {
            Name = "tessera.test.scopeProbe",
            DisplayName = "Scope probe",
            Versions = [1],
        };

        public ValueTask<Tessera.Engine.Nodes.NodeOutput> ExecuteAsync(Tessera.Engine.Nodes.NodeExecutionContext context) =>
            ValueTask.FromResult(Tessera.Engine.Nodes.NodeOutput.Single([new Item(new JsObject { ["project"] = Credentials.CredentialScope.Current?.ProjectId ?? "none" })]));
    }

    [StoreFact]
    public async Task ResumeByTokenAsync_WebhookWait_ContinuesWithTheDeliveredDataOnce()
    {
        var workflow = TestWorkflows.Chain([TestWorkflows.ResumeUrlNode("Url"), TestWorkflows.WaitNode("Wait", """{"resume":"webhook"}"""), TestWorkflows.SetNode("After")]);
        var service = Service();
        var parked = await service.RunAsync(workflow, new RunOptions(), Ct);
        var wait = await Storage.Waits.GetAsync(parked.ExecutionId, Ct);
        var url = parked.RunData.InOrder.First(r => r.Node == "Url").Run.Outputs[0][0].Json["url"].AsString();
        Assert.NotNull(wait!.ResumeToken);
        Assert.StartsWith(parked.ExecutionId + ".", wait.ResumeToken);
        Assert.Equal("http://tessera.test/webhook-waiting/" + wait.ResumeToken, url);

        var result = await service.ResumeByTokenAsync(wait.ResumeToken!, [Item.FromJson(JsonCodec.Parse("""{"body":{"ok":true}}"""))], Ct);
        var again = await service.ResumeByTokenAsync(wait.ResumeToken!, [Item.Empty()], Ct);

        Assert.Equal(ExecutionStatus.Success, result!.Status);
        Assert.True(result.LastOutput[0].Json["body"]["ok"].AsBoolean());
        Assert.Equal(1, LastN(result));
        Assert.Null(again);
    }

    [StoreFact]
    public async Task ResumeWaitingAsync_NotParked_ReturnsNull()
    {
        var done = await Service().RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct);

        Assert.Null(await Service().ResumeWaitingAsync(done.ExecutionId, "timer", null, Ct));
    }

    [StoreFact]
    public async Task ReplayAsync_FromMiddleNode_RerunsOnlyItAndDownstreamAsALinkedExecution()
    {
        var origin = await Service().RunAsync(TestWorkflows.Sets(4), new RunOptions(), Ct);

        var replay = await Service().ReplayAsync(origin.ExecutionId, "S3", Ct);

        Assert.NotEqual(origin.ExecutionId, replay.ExecutionId);
        Assert.Equal(origin.ExecutionId, (await Storage.Executions.GetAsync(replay.ExecutionId, Ct))!.ParentExecutionId);
        Assert.True(JsonEquality.DeepEquals(origin.LastOutput[0].Json, replay.LastOutput[0].Json));
        var started = (await JournalAsync(replay.ExecutionId)).OfType<NodeStarted>().Select(s => s.Node);
        Assert.Equal(["S3", "S4"], started);
    }

    [StoreFact]
    public async Task ForkAsync_EditedData_FlowsDownstream()
    {
        var origin = await Service().RunAsync(TestWorkflows.Sets(3), new RunOptions(), Ct);

        var fork = await Service().ForkAsync(origin.ExecutionId, "S1", [Item.FromJson(JsonCodec.Parse("""{"n":100,"path":"/edited"}"""))], Ct);

        Assert.Equal(102, LastN(fork));
        Assert.Equal("/edited/S2/S3", fork.LastOutput[0].Json["path"].AsString());
        Assert.Equal(origin.ExecutionId, (await Storage.Executions.GetAsync(fork.ExecutionId, Ct))!.ParentExecutionId);
    }

    [StoreFact]
    public async Task ReplayAsync_UnknownNode_ThrowsNamingTheNodes()
    {
        var origin = await Service().RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct);

        var e = await Assert.ThrowsAsync<ExecutionBranchException>(() => Service().ReplayAsync(origin.ExecutionId, "Nope", Ct));

        Assert.Contains("\"S1\"", e.Message);
        Assert.Equal("fromNode", e.Field);
    }

    [StoreFact]
    public async Task RetryAsync_FailedExecution_KeepsCompletedNodesAndRerunsTheFailedOne()
    {
        var workflow = TestWorkflows.Chain([TestWorkflows.SetNode("A"), """{"name":"Stop","type":"n8n-nodes-base.stopAndError","typeVersion":1,"position":[0,0],"parameters":{"errorMessage":"no"}}"""]);
        var origin = await Service().RunAsync(workflow, new RunOptions(), Ct);
        Assert.Equal(ExecutionStatus.Error, origin.Status);

        var retry = await Service().RetryAsync(origin.ExecutionId, Ct);

        var summary = await Storage.Executions.GetAsync(retry.ExecutionId, Ct);
        Assert.Equal("retry", summary!.Mode);
        Assert.Equal(origin.ExecutionId, summary.ParentExecutionId);
        Assert.Equal(["Stop"], (await JournalAsync(retry.ExecutionId)).OfType<NodeStarted>().Select(s => s.Node));
        var succeeded = await Service().RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct);
        Assert.Null((await Assert.ThrowsAsync<ExecutionBranchException>(() => Service().RetryAsync(succeeded.ExecutionId, Ct))).Field);
    }

    [StoreFact]
    public async Task PruneAsync_AgeAndCount_DeletesOnlyFinishedSurplusInBatches()
    {
        var service = Service();
        var old = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            old.Add((await service.RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct)).ExecutionId);
        }

        Time.Advance(TimeSpan.FromDays(20));
        var recent = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            recent.Add((await service.RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct)).ExecutionId);
        }

        var parked = await service.RunAsync(TestWorkflows.Chain([TestWorkflows.WaitNode("W", """{"resume":"webhook"}""")]), new RunOptions(), Ct);
        Time.Advance(TimeSpan.FromDays(1));

        var result = await service.PruneAsync(new RetentionPolicy { MaxAge = RetentionPolicy.ParseAge("14d"), MaxCount = 2, BatchSize = 2 }, Ct);

        Assert.Equal(5, result.DeletedByAge);
        Assert.Equal(2, result.DeletedByCount);
        Assert.True(result.Batches >= 4);
        var left = (await Storage.Executions.ListAsync(new ExecutionQuery { Limit = 100 }, Ct)).Items.Select(s => s.Id).ToHashSet();
        Assert.Equal(new HashSet<string> { recent[2], recent[3], parked.ExecutionId }, left);
    }

    [StoreFact]
    public async Task PruneAsync_LastRunsOfAWorkflowVersionPruned_DeletesItsSnapshotOnly()
    {
        var service = Service();
        var gone = await service.RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct);
        Time.Advance(TimeSpan.FromHours(3));
        var kept = await service.RunAsync(TestWorkflows.Sets(2), new RunOptions(), Ct);

        var result = await service.PruneAsync(new RetentionPolicy { MaxAge = TimeSpan.FromHours(1) }, Ct);

        Assert.Equal(1, result.DeletedByAge);
        Assert.Null(await Storage.Executions.GetAsync(gone.ExecutionId, Ct));
        Assert.Equal(1L, Convert.ToInt64(await Target.ScalarAsync("SELECT COUNT(*) FROM workflow_snapshots"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("\"S2\"", ((ExecutionCreated)(await JournalAsync(kept.ExecutionId))[0]).WorkflowJson);
    }

    [StoreFact]
    public async Task PruneAsync_SnapshotStillRunLater_IsKeptForTheRunsLeft()
    {
        // Arrange: one workflow run now and again two hours later. The second run must refresh the snapshot's last
        // use, or pruning the first run would take the snapshot the second still names.
        var service = Service();
        var first = await service.RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct);
        Time.Advance(TimeSpan.FromHours(2));
        var second = await service.RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct);
        Time.Advance(TimeSpan.FromMinutes(5));

        var result = await service.PruneAsync(new RetentionPolicy { MaxAge = TimeSpan.FromHours(1) }, Ct);

        Assert.Equal(1, result.DeletedByAge);
        Assert.Null(await Storage.Executions.GetAsync(first.ExecutionId, Ct));
        Assert.Contains("\"S1\"", ((ExecutionCreated)(await JournalAsync(second.ExecutionId))[0]).WorkflowJson);
    }

    [StoreFact]
    public async Task PruneAsync_Compaction_KeepsSummaryDropsItems()
    {
        var run = await Service().RunAsync(TestWorkflows.Sets(2), new RunOptions(), Ct);
        Time.Advance(TimeSpan.FromDays(2));

        var result = await Service().PruneAsync(new RetentionPolicy { CompactAfter = TimeSpan.FromDays(1) }, Ct);

        Assert.Equal(1, result.Compacted);
        var summary = await Storage.Executions.GetAsync(run.ExecutionId, Ct);
        Assert.Equal(ExecutionState.Success, summary!.Status);
        Assert.NotNull(summary.CompactedAt);
        Assert.All((await JournalAsync(run.ExecutionId)).OfType<NodeCompleted>(), c => Assert.Equal("[]", c.OutputsJson));
        var created = (await JournalAsync(run.ExecutionId)).OfType<ExecutionCreated>().Single();
        Assert.Null(created.TriggerItemsJson);
        Assert.Contains("\"S2\"", created.WorkflowJson);
        await Assert.ThrowsAsync<ExecutionBranchException>(() => Service().ReplayAsync(run.ExecutionId, "S1", Ct));
    }

    [StoreFact]
    public async Task ReadAsync_EventOfUnknownType_ThrowsNamingTheEventInsteadOfSkippingIt()
    {
        var run = await Service().RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct);
        await Target.ScalarAsync($"UPDATE execution_events SET type = 'NodeTeleported', data = replace(data, '\"NodeCompleted\"', '\"NodeTeleported\"') WHERE execution_id = '{run.ExecutionId}' AND sequence = 3");

        var e = await Assert.ThrowsAsync<JournalFormatException>(() => JournalAsync(run.ExecutionId));

        Assert.Equal(3, e.Sequence);
        Assert.Contains("newer Tessera", e.Message);
    }

    [StoreFact]
    public async Task ReadAsync_DamagedEventJson_ThrowsJournalFormatException()
    {
        var run = await Service().RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct);
        await Target.ScalarAsync($"UPDATE execution_events SET data = '{{\"type\":\"NodeCompleted\",\"executionId' WHERE execution_id = '{run.ExecutionId}' AND sequence = 2");

        await Assert.ThrowsAsync<JournalFormatException>(() => JournalAsync(run.ExecutionId));
    }

    private sealed class SimulatedCrash : Exception;

    /// <summary>Stores the first appends, then "dies": the process is gone before the next append lands.</summary>
    private sealed class DyingJournal(IExecutionJournal inner, int appendsBeforeDeath) : IExecutionJournal
    {
        private int _left = appendsBeforeDeath;

        public async ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
        {
            if (_left-- <= 0)
            {
                throw new SimulatedCrash();
            }

            await inner.AppendAsync(executionId, expectedSequence, events, cancellationToken);
        }

        public IAsyncEnumerable<ExecutionEvent> ReadAsync(string executionId, CancellationToken cancellationToken) => inner.ReadAsync(executionId, cancellationToken);
    }
}
