using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Nodes.Flow;

namespace Tessera.Nodes.Tests.Flow;

public sealed class SplitInBatchesNodeTests
{
    private static readonly List<Item> Five = FlowHarness.Items("""{"i":0}""", """{"i":1}""", """{"i":2}""", """{"i":3}""", """{"i":4}""");

    [Fact]
    public async Task V3_HandsOutBatchesThenDoneWithProcessedItems()
    {
        var harness = new FlowHarness();
        var node = FlowHarness.Node("n8n-nodes-base.splitInBatches", 3, """{"batchSize":2}""");
        var type = new SplitInBatchesNode();
        NodeRunSource?[] fromData = [new NodeRunSource("Data")];
        NodeRunSource?[] fromLoop = [new NodeRunSource("Body")];

        var first = await harness.RunAsync(type, node, [Five], fromData);
        Assert.Empty(first.Outputs[0]);
        Assert.Equal("""[{"i":0},{"i":1}]""", FlowHarness.Json(first.Outputs[1]));
        Assert.False(harness.State["noItemsLeft"].AsBoolean());
        Assert.Equal(3, harness.State["maxRunIndex"].AsNumber());

        await harness.RunAsync(type, node, [first.Outputs[1]], fromLoop);
        var third = await harness.RunAsync(type, node, [FlowHarness.Items("""{"i":2}""", """{"i":3}""")], fromLoop);
        Assert.Equal("""[{"i":4}]""", FlowHarness.Json(third.Outputs[1]));
        Assert.True(harness.State["noItemsLeft"].AsBoolean());
        Assert.Equal(2, harness.State["currentRunIndex"].AsNumber());

        var done = await harness.RunAsync(type, node, [third.Outputs[1]], fromLoop);
        Assert.Equal(FlowHarness.Json(Five), FlowHarness.Json(done.Outputs[0]));
        Assert.Empty(done.Outputs[1]);
        Assert.True(harness.State["done"].AsBoolean());
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(2, 5)] // 10 by default, so all five at once
    [InlineData(1, 5)]
    public async Task BatchSizeUnset_UsesTheVersionsDefault(double version, int expectedBatch)
    {
        var harness = new FlowHarness();
        var node = FlowHarness.Node("n8n-nodes-base.splitInBatches", version, "{}");

        var first = await harness.RunAsync(new SplitInBatchesNode(), node, [Five], [new NodeRunSource("Data")]);

        var batch = version >= 3 ? first.Outputs[1] : first.Outputs[0];
        Assert.Equal(expectedBatch, batch.Count);
    }

    [Fact]
    public async Task V3_NewDataAfterDone_StartsOver()
    {
        var harness = new FlowHarness();
        var node = FlowHarness.Node("n8n-nodes-base.splitInBatches", 3, """{"batchSize":5}""");
        var type = new SplitInBatchesNode();
        var first = await harness.RunAsync(type, node, [Five], [new NodeRunSource("Data")]);
        await harness.RunAsync(type, node, [first.Outputs[1]], [new NodeRunSource("Body")]);

        var again = await harness.RunAsync(type, node, [FlowHarness.Items("""{"i":9}""")], [new NodeRunSource("Data")]);
        Assert.Equal("""[{"i":9}]""", FlowHarness.Json(again.Outputs[1]));
    }

    [Fact]
    public async Task V2_OutputsAreLoopThenDone()
    {
        var harness = new FlowHarness();
        var node = FlowHarness.Node("n8n-nodes-base.splitInBatches", 2, """{"batchSize":10}""");
        var first = await harness.RunAsync(new SplitInBatchesNode(), node, [Five], [new NodeRunSource("Data")]);
        Assert.Equal(5, first.Outputs[0].Count);
        var done = await harness.RunAsync(new SplitInBatchesNode(), node, [first.Outputs[0]], [new NodeRunSource("Body")]);
        Assert.Equal(5, done.Outputs[1].Count);
    }

    [Fact]
    public async Task V1_ReturnsNothingWhenExhausted()
    {
        var harness = new FlowHarness();
        var node = FlowHarness.Node("n8n-nodes-base.splitInBatches", 1, """{"batchSize":5}""");
        var first = await harness.RunAsync(new SplitInBatchesNode(), node, [Five], [new NodeRunSource("Data")]);
        Assert.Single(first.Outputs);
        var end = await harness.RunAsync(new SplitInBatchesNode(), node, [first.Main], [new NodeRunSource("If")]);
        Assert.Empty(end.Outputs);
    }

    [Fact]
    public async Task Reset_FromOriginalSource_StartsOverButNotOnLoopBack()
    {
        var harness = new FlowHarness();
        var node = FlowHarness.Node("n8n-nodes-base.splitInBatches", 2.1, """{"batchSize":1,"options":{"reset":true}}""");
        var type = new SplitInBatchesNode();
        await harness.RunAsync(type, node, [Five], [new NodeRunSource("Data")]);
        var loopBack = await harness.RunAsync(type, node, [FlowHarness.Items("""{"i":0}""")], [new NodeRunSource("Body")]);
        Assert.Equal("""[{"i":1}]""", FlowHarness.Json(loopBack.Outputs[0]));

        var restarted = await harness.RunAsync(type, node, [FlowHarness.Items("""{"i":7}""", """{"i":8}""")], [new NodeRunSource("Data")]);
        Assert.Equal("""[{"i":7}]""", FlowHarness.Json(restarted.Outputs[0]));
        Assert.Equal(0, harness.State["currentRunIndex"].AsNumber());
    }
}
