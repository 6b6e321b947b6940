using Tessera.Engine.Journal;
using Tessera.Storage.Executions;

namespace Tessera.Storage.Tests.Executions;

public sealed class ExecutionProjectionTests
{
    private static readonly DateTimeOffset T = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_FirstEventNotCreated_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ExecutionProjection.Apply(null, [new NodeStarted { ExecutionId = "e", Node = "A", Sequence = 1 }]));

        Assert.Contains("ExecutionCreated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_WaitThenFinish_ClearsWaitAndSetsOutcome()
    {
        var (summary, wait) = ExecutionProjection.Apply(null,
        [
            new ExecutionCreated { ExecutionId = "e", Sequence = 1, Timestamp = T, WorkflowJson = "{}", Mode = "manual" },
            new ExecutionWaiting { ExecutionId = "e", Sequence = 2, Timestamp = T, Node = "W", Kind = "timer", Until = T.AddHours(1) },
            new ExecutionFinished { ExecutionId = "e", Sequence = 3, Timestamp = T.AddHours(2), Status = "success" },
        ]);

        Assert.IsType<WaitChange.Clear>(wait);
        Assert.Equal(ExecutionState.Success, summary.Status);
        Assert.Null(summary.WaitUntil);
        Assert.Equal(T.AddHours(2), summary.FinishedAt);
        Assert.Equal(3, summary.LastSequence);
        Assert.Equal("W", summary.LastNode);
    }

    [Fact]
    public void ResumeTokenOf_DetailsWithToken_ReadsIt()
    {
        Assert.Equal("abc", Tessera.Storage.Waits.WaitRows.ResumeTokenOf("""{"resumeToken":"abc","x":1}"""));
        Assert.Null(Tessera.Storage.Waits.WaitRows.ResumeTokenOf("""{"resumeToken":5}"""));
        Assert.Null(Tessera.Storage.Waits.WaitRows.ResumeTokenOf("not json"));
        Assert.Null(Tessera.Storage.Waits.WaitRows.ResumeTokenOf(null));
    }
}
