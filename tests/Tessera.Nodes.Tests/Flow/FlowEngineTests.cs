using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using Tessera.Nodes.Flow.SubWorkflows;

namespace Tessera.Nodes.Tests.Flow;

/// <summary>Flow nodes inside real executions (engine, expression evaluator, sub-workflow executor).</summary>
public sealed class FlowEngineTests
{
    private const string LoopWorkflow = """
        {
          "nodes": [
            { "name": "Trigger", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {} },
            { "name": "Data", "type": "n8n-nodes-testing.testData", "typeVersion": 1, "position": [200, 0], "parameters": { "data": [ { "n": 1 }, { "n": 2 }, { "n": 3 } ] } },
            { "name": "Loop", "type": "n8n-nodes-base.splitInBatches", "typeVersion": 1, "position": [400, 0], "parameters": { "batchSize": 1 } },
            { "name": "Check", "type": "n8n-nodes-base.if", "typeVersion": 1, "position": [600, 0],
              "parameters": { "conditions": { "boolean": [ { "value1": "={{ $node[\"Loop\"].context[\"noItemsLeft\"] }}", "value2": true } ] } } },
            { "name": "Done", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": [800, 0], "parameters": {} }
          ],
          "connections": {
            "Trigger": { "main": [ [ { "node": "Data", "type": "main", "index": 0 } ] ] },
            "Data": { "main": [ [ { "node": "Loop", "type": "main", "index": 0 } ] ] },
            "Loop": { "main": [ [ { "node": "Check", "type": "main", "index": 0 } ] ] },
            "Check": { "main": [ [ { "node": "Done", "type": "main", "index": 0 } ], [ { "node": "Loop", "type": "main", "index": 0 } ] ] }
          }
        }
        """;

    [Fact]
    public async Task SplitInBatchesV1_ContextVisibleToExpressions_EndsLoop()
    {
        var result = await TesseraEngineFactory.Create().RunAsync(WorkflowJson.Parse(LoopWorkflow));
        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(3, result.RunData.RunCount("Loop"));
        Assert.Equal("""[{"n":3}]""", JsonCodec.Serialize(new JsArray(result.RunData["Done"][0].Outputs[0].Select(i => (JsValue)i.Json))));
    }

    private const string SubWorkflow = """
        { "nodes": [
            { "name": "Start", "type": "n8n-nodes-base.executeWorkflowTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {} },
            { "name": "Only big", "type": "n8n-nodes-base.filter", "typeVersion": 2, "position": [200, 0],
              "parameters": { "conditions": { "options": {}, "combinator": "and", "conditions": [
                { "leftValue": "={{ $json.n }}", "rightValue": 1, "operator": { "type": "number", "operation": "gt" } } ] } } } ],
          "connections": { "Start": { "main": [ [ { "node": "Only big", "type": "main", "index": 0 } ] ] } } }
        """;

    private static Workflow Caller(string mode) => WorkflowJson.Parse($$"""
        { "nodes": [
            { "name": "Trigger", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {} },
            { "name": "Data", "type": "n8n-nodes-testing.testData", "typeVersion": 1, "position": [200, 0], "parameters": { "data": [ { "n": 1 }, { "n": 2 }, { "n": 3 } ] } },
            { "name": "Call", "type": "n8n-nodes-base.executeWorkflow", "typeVersion": 1, "position": [400, 0],
              "parameters": { "source": "parameter", "mode": "{{mode}}", "workflowJson": {{JsonCodec.Serialize(SubWorkflow)}} } } ],
          "connections": {
            "Trigger": { "main": [ [ { "node": "Data", "type": "main", "index": 0 } ] ] },
            "Data": { "main": [ [ { "node": "Call", "type": "main", "index": 0 } ] ] } } }
        """);

    [Fact]
    public async Task ExecuteWorkflow_Once_ReturnsSubWorkflowLastOutput()
    {
        var result = await TesseraEngineFactory.Create().RunAsync(Caller("once"));
        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal([2.0, 3.0], result.RunData["Call"][0].Outputs[0].Select(i => i.Json["n"].AsNumber()));
    }

    [Fact]
    public async Task ExecuteWorkflow_Each_PairsResultsWithTheirItem()
    {
        var result = await TesseraEngineFactory.Create().RunAsync(Caller("each"));
        var output = result.RunData["Call"][0].Outputs[0];
        Assert.Equal(2, output.Count);
        Assert.Equal(2, output[1].Paired![0].Item);
    }

    [Fact]
    public async Task ExecuteWorkflow_DatabaseSourceWithoutStore_FailsWithClearError()
    {
        var caller = Caller("once");
        caller.Nodes[2].Parameters = JsObject.Parse("""{ "source": "database", "workflowId": "42" }""");
        var result = await TesseraEngineFactory.Create().RunAsync(caller);
        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Equal("Cannot load workflow '42': no workflow store is available", result.Error!.Message);
    }

    [Fact]
    public async Task ExecuteWorkflow_WithoutExecutor_FailsWithClearError()
    {
        var node = FlowHarness.Node("n8n-nodes-base.executeWorkflow", 1, """{ "source": "parameter", "workflowJson": "{}" }""");
        var e = await Assert.ThrowsAsync<Tessera.Engine.Nodes.NodeOperationException>(async () =>
            await new FlowHarness().RunAsync(new ExecuteWorkflowNode(), node, [Item.Empty()]));
        Assert.StartsWith("No sub-workflow runner is available", e.Message, StringComparison.Ordinal);
    }
}
