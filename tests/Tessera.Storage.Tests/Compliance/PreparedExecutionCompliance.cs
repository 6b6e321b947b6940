using Tessera.Engine.Execution;
using Tessera.Nodes;
using Tessera.Storage.Durable;
using Tessera.Storage.Tests.Durable;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>The two-step ("id first") retry, replay and fork the server uses to answer 202 with the new id.</summary>
public abstract class PreparedExecutionCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private static readonly WorkflowEngine Engine = TesseraEngineFactory.Create();

    private ExecutionService Service() => new(Storage, Engine, new ExecutionServiceOptions { TimeProvider = Time, ResumeUrlBase = "http://tessera.test/webhook-waiting/" });

    [StoreFact]
    public async Task PrepareReplayAsync_FixesTheIdAndWritesNothing_RunAsyncRunsUnderThatIdOnce()
    {
        var service = Service();
        var origin = await service.RunAsync(TestWorkflows.Sets(3), new RunOptions(), Ct);

        var prepared = await service.PrepareReplayAsync(origin.ExecutionId, "S2", Ct);
        var before = await Storage.Executions.GetAsync(prepared.Id, Ct);
        var result = await prepared.RunAsync(Ct);
        var after = await Storage.Executions.GetAsync(prepared.Id, Ct);

        Assert.Null(before);
        Assert.Equal(prepared.Id, result.ExecutionId);
        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(origin.ExecutionId, after!.ParentExecutionId);
        Assert.Equal(origin.RunData["S1"][0].StartTime, result.RunData["S1"][0].StartTime);
        Assert.Equal(3, result.LastOutput[0].Json["n"].AsNumber());
        await Assert.ThrowsAsync<InvalidOperationException>(() => prepared.RunAsync(Ct));
    }

    [StoreFact]
    public async Task PrepareForkAsync_RunsDownstreamOnTheGivenItems()
    {
        var service = Service();
        var origin = await service.RunAsync(TestWorkflows.Sets(2), new RunOptions(), Ct);

        var prepared = await service.PrepareForkAsync(origin.ExecutionId, "S1", [new Tessera.Engine.Items.Item(Tessera.Engine.Data.JsObject.Parse("{\"n\":10}"))], Ct);
        var result = await prepared.RunAsync(Ct);

        Assert.Equal(11, result.LastOutput[0].Json["n"].AsNumber());
    }

    [StoreFact]
    public async Task Prepare_UnknownNodeOrUnfailedRetry_ThrowsBeforeWritingAnything()
    {
        var service = Service();
        var origin = await service.RunAsync(TestWorkflows.Sets(1), new RunOptions(), Ct);
        var count = (await Storage.Executions.ListAsync(new(), Ct)).Items.Count;

        var unknown = await Assert.ThrowsAsync<ExecutionBranchException>(() => service.PrepareReplayAsync(origin.ExecutionId, "Nope", Ct));
        var retry = await Assert.ThrowsAsync<ExecutionBranchException>(() => service.PrepareRetryAsync(origin.ExecutionId, Ct));
        await Assert.ThrowsAsync<ExecutionNotFoundException>(() => service.PrepareRetryAsync("missing", Ct));

        Assert.Contains("\"S1\"", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("only failed or cancelled", retry.Message, StringComparison.Ordinal);
        Assert.Equal(count, (await Storage.Executions.ListAsync(new(), Ct)).Items.Count);
    }
}
