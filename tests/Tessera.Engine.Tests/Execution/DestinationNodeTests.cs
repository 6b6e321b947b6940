using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using static Tessera.Engine.Tests.Execution.TestNodes;

namespace Tessera.Engine.Tests.Execution;

/// <summary><see cref="RunOptions.DestinationNode"/>: n8n's "execute to node" runs the destination and its ancestors only.</summary>
public sealed class DestinationNodeTests
{
    private static WorkflowEngine Engine() => new(Registry(), new LiteralEvaluator());

    private static string[] Order(ExecutionResult result) => [.. result.RunData.InOrder.Select(r => r.Node)];

    [Theory]
    [InlineData("v1")]
    [InlineData("v0")]
    public async Task RunAsync_Destination_RunsItsAncestorsOnlyAndStopsAfterIt(string order)
    {
        // T → A → B → C, and A → Side (a sibling branch not needed for B).
        var wf = Workflow(order, ("T", "test.trigger", 0, 0), ("A", "test.pass", 100, 0), ("B", "test.pass", 200, 0), ("C", "test.pass", 300, 0), ("Side", "test.pass", 200, -200))
            .Connect("T", "A").Connect("A", "B").Connect("B", "C").Connect("A", "Side");

        var result = await Engine().RunAsync(wf, new RunOptions { DestinationNode = "B", TriggerItems = [new Item(JsObject.Parse("{\"n\":1}"))] });

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(["T", "A", "B"], Order(result));
        Assert.Equal("A>B", result.RunData["B"][0].Outputs[0][0].Json["path"].TryGetString());
    }

    [Fact]
    public async Task RunAsync_DestinationBehindASecondTrigger_StartsFromTheTriggerThatReachesIt()
    {
        // M comes first, so a plain run starts there; only T2 leads to the destination.
        var wf = Workflow("v1", ("M", "test.trigger", 0, 0), ("Y", "test.pass", 100, 0), ("T2", "test.trigger", 0, 200), ("X", "test.pass", 100, 200))
            .Connect("M", "Y").Connect("T2", "X");

        var plain = await Engine().RunAsync(wf, new RunOptions());
        var result = await Engine().RunAsync(wf, new RunOptions { DestinationNode = "X" });

        Assert.Equal(["M", "Y"], Order(plain));
        Assert.Equal(["T2", "X"], Order(result));
    }

    [Fact]
    public async Task RunAsync_DestinationIsAMergeNode_RunsBothBranchesFeedingIt()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("A", "test.pass", 100, -100), ("B", "test.pass", 100, 100), ("J", "test.join", 200, 0), ("After", "test.pass", 300, 0))
            .Connect("T", "A").Connect("T", "B").Connect("A", "J", 0, 0).Connect("B", "J", 0, 1).Connect("J", "After");

        var result = await Engine().RunAsync(wf, new RunOptions { DestinationNode = "J" });

        Assert.Equal(["T", "A", "B", "J"], Order(result));
        Assert.False(result.RunData.HasRun("After"));
    }

    [Fact]
    public async Task RunAsync_UnknownDestination_ValidationErrorNamingIt()
    {
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("A", "test.pass", 100, 0)).Connect("T", "A");

        var e = await Assert.ThrowsAsync<WorkflowValidationException>(() => Engine().RunAsync(wf, new RunOptions { DestinationNode = "Nope" }));

        Assert.Contains("Nope", e.Message, StringComparison.Ordinal);
    }
}
