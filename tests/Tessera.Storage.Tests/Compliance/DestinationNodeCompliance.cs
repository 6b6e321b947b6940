using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Journal;
using Tessera.Nodes;
using Tessera.Storage.Durable;
using Tessera.Storage.Tests.Durable;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>A run to a destination node (n8n's "execute to node") keeps stopping there after it waited and resumed.</summary>
public abstract class DestinationNodeCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private static readonly WorkflowEngine Engine = TesseraEngineFactory.Create();

    [StoreFact]
    public async Task ResumeWaitingAsync_RunToDestination_StillStopsAfterTheDestination()
    {
        var workflow = TestWorkflows.Chain([TestWorkflows.WaitNode("Wait", """{"resume":"webhook"}"""), TestWorkflows.SetNode("To"), TestWorkflows.SetNode("Beyond")]);
        var service = new ExecutionService(Storage, Engine, new ExecutionServiceOptions { TimeProvider = Time, ResumeUrlBase = "http://tessera.test/webhook-waiting/" });

        var parked = await service.RunAsync(workflow, new RunOptions { DestinationNode = "To" }, Ct);
        var created = await FirstEventAsync(parked.ExecutionId);
        var resumed = await service.ResumeWaitingAsync(parked.ExecutionId, "webhook", [Item.Empty()], Ct);

        Assert.Equal(ExecutionStatus.Waiting, parked.Status);
        Assert.Equal("To", created.DestinationNode);
        Assert.Equal(ExecutionStatus.Success, resumed!.Status);
        Assert.True(resumed.RunData.HasRun("To"));
        Assert.False(resumed.RunData.HasRun("Beyond"));
    }

    private async Task<ExecutionCreated> FirstEventAsync(string id)
    {
        await foreach (var e in Storage.Executions.ReadAsync(id, Ct))
        {
            return (ExecutionCreated)e;
        }

        throw new InvalidOperationException("empty journal");
    }
}
