using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Journal;
using Tessera.Engine.Workflows;
using static Tessera.Engine.Tests.Execution.TestNodes;

namespace Tessera.Engine.Tests.Execution;

public sealed class WorkflowEngineTests
{
    private static WorkflowEngine Engine(WorkflowEngineOptions? options = null, params Nodes.INodeType[] extra) =>
        new(Registry(extra), new LiteralEvaluator(), options: options);

    private static Item[] Items(params string[] json) => [.. json.Select(j => new Item(JsObject.Parse(j)))];

    private static string[] Paths(ExecutionResult result, string node, int run = 0, int output = 0) =>
        [.. result.RunData[node][run].Outputs[output].Select(i => i.Json["path"].TryGetString() ?? "")];

    private static string[] Order(ExecutionResult result) => [.. result.RunData.InOrder.Select(r => r.Node)];

    [Fact]
    public async Task RunAsync_LinearWorkflow_RunsEveryNodeAndRecordsOutputs()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("A", "test.pass", 100, 0), ("B", "test.pass", 200, 0))
            .Connect("T", "A").Connect("A", "B");

        var result = await Engine().RunAsync(wf, new RunOptions { TriggerItems = Items("{\"n\":1}", "{\"n\":2}") });

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(["T", "A", "B"], Order(result));
        Assert.Equal(["A>B", "A>B"], Paths(result, "B"));
        Assert.Equal(2, result.LastOutput.Count);
        Assert.Equal(new NodeRunSource("A"), result.RunData["B"][0].Source[0]);
    }

    [Fact]
    public async Task RunAsync_V1_RunsBranchToItsEndAndOrdersSiblingsByPosition()
    {
        // The false branch (output 1) sits higher on the canvas, so v1 runs it first, to its end.
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("If", "test.branch", 100, 0),
                ("Yes", "test.pass", 200, 200), ("YesAfter", "test.pass", 300, 200),
                ("No", "test.pass", 200, -200), ("NoAfter", "test.pass", 300, -200))
            .Connect("T", "If").Connect("If", "Yes", 0).Connect("If", "No", 1)
            .Connect("Yes", "YesAfter").Connect("No", "NoAfter");

        var result = await Engine().RunAsync(wf, new RunOptions { TriggerItems = Items("{\"ok\":true}", "{\"ok\":false}") });

        Assert.Equal(["T", "If", "No", "NoAfter", "Yes", "YesAfter"], Order(result));
    }

    [Fact]
    public async Task RunAsync_V0_RunsBreadthFirstInConnectionOrder()
    {
        var wf = Workflow("v0", ("T", "test.trigger", 0, 0), ("If", "test.branch", 100, 0),
                ("Yes", "test.pass", 200, 200), ("YesAfter", "test.pass", 300, 200),
                ("No", "test.pass", 200, -200), ("NoAfter", "test.pass", 300, -200))
            .Connect("T", "If").Connect("If", "Yes", 0).Connect("If", "No", 1)
            .Connect("Yes", "YesAfter").Connect("No", "NoAfter");

        var result = await Engine().RunAsync(wf, new RunOptions { TriggerItems = Items("{\"ok\":true}", "{\"ok\":false}") });

        Assert.Equal(["T", "If", "Yes", "No", "YesAfter", "NoAfter"], Order(result));
    }

    [Fact]
    public async Task RunAsync_TwoOutputsIntoOneNode_RunsItOncePerOutputHigherOutputFirst()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("If", "test.branch", 100, 0), ("A", "test.pass", 200, 0))
            .Connect("T", "If").Connect("If", "A", 0).Connect("If", "A", 1);

        var result = await Engine().RunAsync(wf, new RunOptions { TriggerItems = Items("{\"ok\":true}", "{\"ok\":false}") });

        Assert.Equal(2, result.RunData["A"].Count);
        Assert.False(result.RunData["A"][0].Outputs[0][0].Json["ok"].AsBoolean());
        Assert.True(result.RunData["A"][1].Outputs[0][0].Json["ok"].AsBoolean());
    }

    [Theory]
    [InlineData("v0")]
    [InlineData("v1")]
    public async Task RunAsync_MergeNode_WaitsForBothInputsAndRunsOnce(string order)
    {
        var wf = Workflow(order, ("T", "test.trigger", 0, 0), ("A", "test.pass", 100, -100), ("B", "test.pass", 100, 100), ("Join", "test.join", 200, 0))
            .Connect("T", "A").Connect("T", "B").Connect("A", "Join", 0, 0).Connect("B", "Join", 0, 1);

        var result = await Engine().RunAsync(wf);

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Single(result.RunData["Join"]);
        var output = result.RunData["Join"][0].Outputs[0];
        Assert.Equal([0.0, 1.0], output.Select(i => i.Json["input"].AsNumber()));
        Assert.Equal("Join", Order(result)[^1]);
    }

    [Fact]
    public async Task RunAsync_V1MergeMissingAnInput_RunsItLastWithWhatArrived()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("If", "test.branch", 100, 0), ("A", "test.pass", 200, -100),
                ("B", "test.pass", 200, 100), ("Join", "test.join", 300, 0), ("Other", "test.pass", 100, 300))
            .Connect("T", "If").Connect("T", "Other").Connect("If", "A", 0).Connect("If", "B", 1)
            .Connect("A", "Join", 0, 0).Connect("B", "Join", 0, 1);

        var result = await Engine().RunAsync(wf, new RunOptions { TriggerItems = Items("{\"ok\":true}") });

        Assert.Equal("Join", Order(result)[^1]);
        Assert.False(result.RunData.HasRun("B"));
        Assert.Single(result.RunData["Join"][0].Outputs[0]);
    }

    [Fact]
    public async Task RunAsync_V1MergeRequiringMissingInput_DoesNotRun()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("If", "test.branch", 100, 0), ("A", "test.pass", 200, -100),
                ("B", "test.pass", 200, 100), ("Join", "test.join", 300, 0))
            .Connect("T", "If").Connect("If", "A", 0).Connect("If", "B", 1)
            .Connect("A", "Join", 0, 0).Connect("B", "Join", 0, 1);
        wf.Node("Join").Parameters["requireBoth"] = true;

        var result = await Engine().RunAsync(wf, new RunOptions { TriggerItems = Items("{\"ok\":true}") });

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.False(result.RunData.HasRun("Join"));
    }

    [Fact]
    public async Task RunAsync_V0MergeMissingAnInput_ForcesTheMissingBranchWithAnEmptyItem()
    {
        var wf = Workflow("v0", ("T", "test.trigger", 0, 0), ("If", "test.branch", 100, 0), ("A", "test.pass", 200, -100),
                ("B", "test.pass", 200, 100), ("Join", "test.join", 300, 0))
            .Connect("T", "If").Connect("If", "A", 0).Connect("If", "B", 1)
            .Connect("A", "Join", 0, 0).Connect("B", "Join", 0, 1);

        var result = await Engine().RunAsync(wf, new RunOptions { TriggerItems = Items("{\"ok\":true}") });

        Assert.True(result.RunData.HasRun("B"));
        Assert.Equal("B", Paths(result, "B")[0]);
        Assert.Equal(2, result.RunData["Join"][0].Outputs[0].Count);
    }

    [Fact]
    public async Task RunAsync_LoopWithBackEdge_RunsUntilTheLoopHeadSaysDone()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("Loop", "test.counter", 100, 0), ("Body", "test.pass", 200, 100), ("After", "test.pass", 200, -100))
            .Connect("T", "Loop").Connect("Loop", "After", 0).Connect("Loop", "Body", 1).Connect("Body", "Loop");
        wf.Node("Loop").Parameters["times"] = 3;

        var result = await Engine().RunAsync(wf);

        Assert.Equal(3, result.RunData["Loop"].Count);
        Assert.Equal(2, result.RunData["Body"].Count);
        Assert.Equal(["Loop>Body>Loop>Body>Loop>After"], Paths(result, "After"));
    }

    [Fact]
    public async Task RunAsync_RunawayLoop_StopsAtTheRunLimitWithAClearError()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("Loop", "test.counter", 100, 0), ("Body", "test.pass", 200, 100))
            .Connect("T", "Loop").Connect("Loop", "Body", 1).Connect("Body", "Loop");
        wf.Node("Loop").Parameters["times"] = 1_000_000;

        var result = await Engine(new WorkflowEngineOptions { MaxNodeRuns = 50 }).RunAsync(wf);

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Contains("runaway loop", result.Error!.Message);
    }

    [Fact]
    public async Task RunAsync_NodeFailsWithStopWorkflow_FailsTheExecutionAndNamesTheNode()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("F", "test.fail", 100, 0), ("After", "test.pass", 200, 0))
            .Connect("T", "F").Connect("F", "After");

        var result = await Engine().RunAsync(wf);

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Equal("F", result.FailedNode);
        Assert.Equal("boom 1", result.Error!.Message);
        Assert.Equal(NodeRunStatus.Error, result.RunData["F"][0].Status);
        Assert.False(result.RunData.HasRun("After"));
    }

    [Fact]
    public async Task RunAsync_ContinueRegularOutput_PassesAnErrorItemOn()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("F", "test.fail", 100, 0), ("After", "test.pass", 200, 0))
            .Connect("T", "F").Connect("F", "After");
        wf.Node("F").OnError = "continueRegularOutput";

        var result = await Engine().RunAsync(wf);

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal("boom 1", result.RunData["After"][0].Outputs[0][0].Json["error"].AsString());
    }

    [Fact]
    public async Task RunAsync_LegacyContinueOnFail_BehavesLikeContinueRegularOutput()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("F", "test.fail", 100, 0), ("After", "test.pass", 200, 0))
            .Connect("T", "F").Connect("F", "After");
        wf.Node("F").ContinueOnFail = true;

        var result = await Engine().RunAsync(wf);

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.True(result.RunData.HasRun("After"));
    }

    [Fact]
    public async Task RunAsync_ContinueErrorOutput_RoutesInputItemsToTheErrorOutput()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("F", "test.fail", 100, 0), ("Ok", "test.pass", 200, -100), ("Err", "test.pass", 200, 100))
            .Connect("T", "F").Connect("F", "Ok", 0).Connect("F", "Err", 1);
        wf.Node("F").OnError = "continueErrorOutput";

        var result = await Engine().RunAsync(wf, new RunOptions { TriggerItems = Items("{\"n\":1}", "{\"n\":2}") });

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.False(result.RunData.HasRun("Ok"));
        Assert.Equal([1.0, 2.0], result.RunData["Err"][0].Outputs[0].Select(i => i.Json["n"].AsNumber()));
    }

    [Fact]
    public async Task RunAsync_RetryOnFail_RetriesUntilSuccessAndCountsAttempts()
    {
        var fail = new Fail();
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("F", "test.fail", 100, 0)).Connect("T", "F");
        var node = wf.Node("F");
        node.Parameters["failures"] = 2;
        node.RetryOnFail = true;
        node.MaxTries = 3;
        node.WaitBetweenTries = 0;

        var result = await Engine(null, fail).RunAsync(wf);

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(3, fail.Calls);
        Assert.Equal(3, result.RunData["F"][0].Attempts);
    }

    [Fact]
    public async Task RunAsync_RetriesExhausted_FailsWithTheLastError()
    {
        var fail = new Fail();
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("F", "test.fail", 100, 0)).Connect("T", "F");
        var node = wf.Node("F");
        node.RetryOnFail = true;
        node.MaxTries = 2;
        node.WaitBetweenTries = 0;

        var result = await Engine(null, fail).RunAsync(wf);

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Equal("boom 2", result.Error!.Message);
    }

    [Fact]
    public async Task RunAsync_DisabledNode_PassesItsInputThroughUnchanged()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("F", "test.fail", 100, 0), ("After", "test.pass", 200, 0))
            .Connect("T", "F").Connect("F", "After");
        wf.Node("F").Disabled = true;

        var result = await Engine().RunAsync(wf, new RunOptions { TriggerItems = Items("{\"n\":7}") });

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(7, result.RunData["After"][0].Outputs[0][0].Json["n"].AsNumber());
    }

    [Fact]
    public async Task RunAsync_ExecuteOnce_GivesTheNodeOnlyTheFirstItem()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("A", "test.pass", 100, 0)).Connect("T", "A");
        wf.Node("A").ExecuteOnce = true;

        var result = await Engine().RunAsync(wf, new RunOptions { TriggerItems = Items("{\"n\":1}", "{\"n\":2}") });

        Assert.Single(result.RunData["A"][0].Outputs[0]);
        Assert.Equal(2, result.RunData["A"][0].Inputs[0].Count);
    }

    [Fact]
    public async Task RunAsync_NodeWithNoOutputItems_DoesNotRunItsChild()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("E", "test.empty", 100, 0), ("After", "test.pass", 200, 0))
            .Connect("T", "E").Connect("E", "After");

        var result = await Engine().RunAsync(wf);

        Assert.True(result.RunData.HasRun("E"));
        Assert.False(result.RunData.HasRun("After"));
    }

    [Fact]
    public async Task RunAsync_AlwaysOutputData_EmitsOneEmptyItemSoTheChildRuns()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("E", "test.empty", 100, 0), ("After", "test.pass", 200, 0))
            .Connect("T", "E").Connect("E", "After");
        wf.Node("E").AlwaysOutputData = true;

        var result = await Engine().RunAsync(wf);

        Assert.Single(result.RunData["After"][0].Outputs[0]);
    }

    [Fact]
    public async Task RunAsync_PinData_UsedInManualRunsInsteadOfRunningTheNode()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("F", "test.fail", 100, 0), ("After", "test.pass", 200, 0))
            .Connect("T", "F").Connect("F", "After");
        wf.PinData = JsObject.Parse("{\"F\":[{\"json\":{\"pinned\":true}}]}");

        var pinned = await Engine().RunAsync(wf, new RunOptions { UsePinData = true });
        var unpinned = await Engine().RunAsync(wf, new RunOptions { UsePinData = false });

        Assert.Equal(ExecutionStatus.Success, pinned.Status);
        Assert.True(pinned.RunData["After"][0].Outputs[0][0].Json["pinned"].AsBoolean());
        Assert.True(pinned.RunData["F"][0].FromPinData);
        Assert.Equal(ExecutionStatus.Error, unpinned.Status);
    }

    [Fact]
    public async Task RunAsync_ExecutionTimeout_CancelsTheRunAndSaysWhy()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("S", "test.slow", 100, 0)).Connect("T", "S");

        var result = await Engine().RunAsync(wf, new RunOptions { Timeout = TimeSpan.FromMilliseconds(100) });

        Assert.Equal(ExecutionStatus.Canceled, result.Status);
        Assert.Contains("timeout", result.Error!.Message);
    }

    [Fact]
    public async Task RunAsync_CallerCancels_EndsAsCancelledNotFailed()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("S", "test.slow", 100, 0)).Connect("T", "S");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var result = await Engine().RunAsync(wf, new RunOptions(), cts.Token);

        Assert.Equal(ExecutionStatus.Canceled, result.Status);
        Assert.Equal("The execution was cancelled.", result.Error!.Message);
    }

    [Fact]
    public async Task RunAsync_WithJournal_WritesGaplessEventsInOrder()
    {
        var journal = new RecordingJournal();
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("A", "test.pass", 100, 0)).Connect("T", "A");

        await Engine().RunAsync(wf, new RunOptions { Journal = journal, ExecutionId = "e1" });

        Assert.Equal(Enumerable.Range(1, journal.Events.Count).Select(i => (long)i), journal.Events.Select(e => e.Sequence));
        Assert.IsType<ExecutionCreated>(journal.Events[0]);
        Assert.IsType<ExecutionFinished>(journal.Events[^1]);
        Assert.Equal(["T", "A"], journal.Events.OfType<NodeCompleted>().Select(e => e.Node));
    }

    [Fact]
    public async Task RunAsync_RetriesWithJournal_RecordsEachRetryInSequenceBeforeTheResult()
    {
        var journal = new RecordingJournal();
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("F", "test.fail", 100, 0)).Connect("T", "F");
        var node = wf.Node("F");
        node.Parameters["failures"] = 2;
        node.RetryOnFail = true;
        node.MaxTries = 3;
        node.WaitBetweenTries = 0;

        await Engine(null, new Fail()).RunAsync(wf, new RunOptions { Journal = journal, ExecutionId = "e1" });

        Assert.Equal(Enumerable.Range(1, journal.Events.Count).Select(i => (long)i), journal.Events.Select(e => e.Sequence));
        var forF = journal.Events.Where(e => e is NodeRetried or NodeCompleted { Node: "F" }).ToList();
        Assert.Equal([1, 2], forF.OfType<NodeRetried>().Select(r => r.Attempt));
        Assert.IsType<NodeCompleted>(forF[^1]);
    }

    [Fact]
    public async Task RunAsync_WithHistory_ReusesRecordedRunsInsteadOfRunningAgain()
    {
        var fail = new Fail();
        var journal = new RecordingJournal();
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("F", "test.fail", 100, 0), ("After", "test.pass", 200, 0))
            .Connect("T", "F").Connect("F", "After");
        wf.Node("F").Parameters["failures"] = 0;
        await Engine(null, fail).RunAsync(wf, new RunOptions { Journal = journal, ExecutionId = "e1" });
        var history = journal.Events.OfType<NodeCompleted>().Where(e => e.Node != "After").ToList();

        var resumed = await Engine(null, fail).RunAsync(wf, new RunOptions { History = history, ExecutionId = "e1" });

        Assert.Equal(1, fail.Calls);
        Assert.Equal(ExecutionStatus.Success, resumed.Status);
        Assert.Equal("After", resumed.RunData["After"][0].Outputs[0][0].Json["path"].AsString());
    }

    [Fact]
    public async Task RunAsync_InvalidWorkflow_ThrowsWithEveryProblem()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("A", "test.nope", 100, 0), ("A", "test.pass", 100, 0))
            .Connect("T", "Ghost");

        var e = await Assert.ThrowsAsync<WorkflowValidationException>(() => Engine().RunAsync(wf));

        Assert.Contains(e.Problems, p => p.Code == "node.duplicateName");
        Assert.Contains(e.Problems, p => p.Code == "node.unknownType");
        Assert.Contains(e.Problems, p => p.Code == "connection.missingTarget" && p.Message.Contains("Ghost"));
    }

    [Fact]
    public void Validate_LoopWithoutExit_IsReported()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("A", "test.pass", 100, 0), ("B", "test.pass", 200, 0))
            .Connect("T", "A").Connect("A", "B").Connect("B", "A");

        var problems = Engine().Validate(wf);

        var problem = Assert.Single(problems);
        Assert.Equal("workflow.endlessLoop", problem.Code);
        Assert.Contains("\"A\"", problem.Location);
    }

    [Fact]
    public void Validate_UnsupportedVersion_NamesTheSupportedOnes()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0));
        wf.Node("T").TypeVersion = 9;

        var problem = Assert.Single(Engine().Validate(wf));

        Assert.Equal("node.unsupportedVersion", problem.Code);
        Assert.Contains("supported versions: 1", problem.Message);
    }

    [Fact]
    public async Task RunAsync_SideEffectFreeNode_DefersItsCompletionAndFlushesBeforeTheNextNodeWithSideEffects()
    {
        // Arrange: T (side effects unknown) → P (side-effect free) → A (side effects unknown).
        var journal = new CallLogJournal();
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("P", PureNode.Type, 100, 0), ("A", "test.pass", 200, 0)).Connect("T", "P").Connect("P", "A");

        // Act
        var result = await Engine(null, new PureNode()).RunAsync(wf, new RunOptions { Journal = journal, ExecutionId = "e1" });

        // Assert
        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(
            [
                "append ExecutionCreated", "flush", "append NodeStarted T", "append NodeCompleted T",
                "append NodeStarted P", "deferred NodeCompleted P",
                "flush", "append NodeStarted A", "append NodeCompleted A", "append ExecutionFinished",
            ],
            journal.Calls);
    }

    private sealed class PureNode : Nodes.INodeType
    {
        public const string Type = "test.pure";

        public Nodes.NodeTypeDescription Description { get; } = new() { Name = Type, DisplayName = "Pure", Versions = [1], SideEffectFree = true };

        public ValueTask<Nodes.NodeOutput> ExecuteAsync(Nodes.NodeExecutionContext context) => ValueTask.FromResult(Nodes.NodeOutput.Single(context.InputItems));
    }

    private sealed class CallLogJournal : IExecutionJournal
    {
        public List<string> Calls { get; } = [];

        public ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
        {
            Calls.AddRange(events.Select(e => "append " + Describe(e)));
            return ValueTask.CompletedTask;
        }

        public ValueTask AppendDeferredAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
        {
            Calls.AddRange(events.Select(e => "deferred " + Describe(e)));
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(string executionId, CancellationToken cancellationToken)
        {
            Calls.Add("flush");
            return ValueTask.CompletedTask;
        }

        public IAsyncEnumerable<ExecutionEvent> ReadAsync(string executionId, CancellationToken cancellationToken) => AsyncEnumerable.Empty<ExecutionEvent>();

        private static string Describe(ExecutionEvent e) => e switch
        {
            NodeStarted s => $"NodeStarted {s.Node}",
            NodeCompleted c => $"NodeCompleted {c.Node}",
            _ => e.GetType().Name,
        };
    }

    private sealed class RecordingJournal : IExecutionJournal
    {
        public List<ExecutionEvent> Events { get; } = [];

        public ValueTask AppendAsync(string executionId, long expectedSequence, IReadOnlyList<ExecutionEvent> events, CancellationToken cancellationToken)
        {
            lock (Events)
            {
                if (expectedSequence != Events.Count)
                {
                    throw new JournalConflictException(executionId, expectedSequence, Events.Count);
                }

                Events.AddRange(events);
            }

            return ValueTask.CompletedTask;
        }

        public IAsyncEnumerable<ExecutionEvent> ReadAsync(string executionId, CancellationToken cancellationToken) => Events.ToAsyncEnumerable();
    }
}
