using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Flow;

namespace Tessera.Nodes.Tests.Flow;

public sealed class RoutingNodeTests
{
    private static readonly List<Item> People = FlowHarness.Items(
        """{"email":"Shane@yahoo.com","firstname":"Shane","count":1}""",
        """{"email":"sarah@gmail.com","firstname":"Sarah","count":12}""");

    [Fact]
    public async Task If_V1Conditions_RouteTrueAndFalse()
    {
        var node = FlowHarness.Node("n8n-nodes-base.if", 1, """{"conditions":{"number":[{"value1":"={{ $json.count }}","operation":"larger","value2":5}]}}""");
        var output = await new FlowHarness().RunAsync(new IfNode(), node, People);
        Assert.Equal("""[{"email":"sarah@gmail.com","firstname":"Sarah","count":12}]""", FlowHarness.Json(output.Outputs[0]));
        Assert.Equal("""[{"email":"Shane@yahoo.com","firstname":"Shane","count":1}]""", FlowHarness.Json(output.Outputs[1]));
        Assert.Equal(0, output.Outputs[1][0].Paired![0].Item);
    }

    [Fact]
    public async Task If_V2FilterWithIgnoreCase_MatchesRegardlessOfCase()
    {
        var node = FlowHarness.Node("n8n-nodes-base.if", 2, """
            {"conditions":{"options":{"caseSensitive":true},"combinator":"and","conditions":[
              {"leftValue":"={{ $json.firstname }}","rightValue":"s","operator":{"type":"string","operation":"startsWith"}}]},
             "options":{"ignoreCase":true}}
            """);
        var output = await new FlowHarness().RunAsync(new IfNode(), node, People);
        Assert.Equal(2, output.Outputs[0].Count);
        Assert.Empty(output.Outputs[1]);
    }

    [Fact]
    public async Task If_V2BadOperandExpression_ErrorNamesTheExactOperand()
    {
        var workflow = Tessera.Engine.Workflows.WorkflowJson.Parse("""
            {"nodes":[
              {"name":"T","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
              {"name":"If","type":"n8n-nodes-base.if","typeVersion":2,"position":[200,0],"parameters":{"conditions":{
                "options":{},"combinator":"and","conditions":[
                  {"leftValue":"={{ 1 }}","rightValue":0,"operator":{"type":"number","operation":"gt"}},
                  {"leftValue":"={{ 2 }}","rightValue":"={{ $json. }}","operator":{"type":"number","operation":"gt"}}]}}}],
             "connections":{"T":{"main":[[{"node":"If","type":"main","index":0}]]}}}
            """);

        var result = await TesseraEngineFactory.Create().RunAsync(workflow);

        Assert.Equal(Tessera.Engine.Execution.ExecutionStatus.Error, result.Status);
        Assert.Equal("conditions.conditions[1].rightValue", result.Error!.Context!["parameter"].AsString());
    }

    [Fact]
    public async Task If_V2StrictTypeError_FailsWithItemIndex()
    {
        var node = FlowHarness.Node("n8n-nodes-base.if", 2, """
            {"conditions":{"options":{},"combinator":"and","conditions":[
              {"leftValue":"={{ $json.email }}","rightValue":"={{ 3 }}","operator":{"type":"number","operation":"gt"}}]}}
            """);
        var e = await Assert.ThrowsAsync<NodeOperationException>(async () => await new FlowHarness().RunAsync(new IfNode(), node, People));
        Assert.Equal(0, e.ItemIndex);
        Assert.StartsWith("Wrong type: 'Shane@yahoo.com' is a string but was expecting a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task If_V22LooseTypeValidation_ConvertsText()
    {
        var node = FlowHarness.Node("n8n-nodes-base.if", 2.2, """
            {"looseTypeValidation":true,"conditions":{"options":{"typeValidation":"strict"},"combinator":"and","conditions":[
              {"leftValue":"={{ $json.admin }}","rightValue":"","operator":{"type":"boolean","operation":"true","singleValue":true}}]}}
            """);
        var items = FlowHarness.Items("""{"admin":"false"}""", """{"admin":"true"}""", """{"admin":1}""");
        var output = await new FlowHarness().RunAsync(new IfNode(), node, items);
        Assert.Equal("""[{"admin":"true"},{"admin":1}]""", FlowHarness.Json(output.Outputs[0]));
    }

    [Fact]
    public async Task If_TypeErrorWithContinueOnFail_SendsItemToFalse()
    {
        var node = FlowHarness.Node("n8n-nodes-base.if", 2, """
            {"conditions":{"options":{},"combinator":"and","conditions":[
              {"leftValue":"={{ $json.email }}","rightValue":"={{ 3 }}","operator":{"type":"number","operation":"gt"}}]}}
            """);
        node.OnError = "continueRegularOutput";
        var output = await new FlowHarness().RunAsync(new IfNode(), node, People);
        Assert.Empty(output.Outputs[0]);
        Assert.Equal(2, output.Outputs[1].Count);
    }

    [Fact]
    public async Task Filter_V1OrCombination_KeepsAnyMatch()
    {
        var node = FlowHarness.Node("n8n-nodes-base.filter", 1, """
            {"combineConditions":"OR","conditions":{"string":[{"value1":"={{ $json.email }}","operation":"endsWith","value2":"gmail.com"}],
             "number":[{"value1":"={{ $json.count }}","operation":"equal","value2":1}]}}
            """);
        var output = await new FlowHarness().RunAsync(new FilterNode(), node, People);
        Assert.Single(output.Outputs);
        Assert.Equal(2, output.Main.Count);
    }

    [Fact]
    public async Task Filter_V2_KeepsMatchesAndCanReportDiscarded()
    {
        var node = FlowHarness.Node("n8n-nodes-base.filter", 2, """
            {"conditions":{"options":{},"combinator":"and","conditions":[
              {"leftValue":"={{ $json.count }}","rightValue":5,"operator":{"type":"number","operation":"gt"}}]},
             "options":{"includeDiscarded":true}}
            """);
        var output = await new FlowHarness().RunAsync(new FilterNode(), node, People);
        Assert.Equal("Sarah", output.Outputs[0][0].Json["firstname"].AsString());
        Assert.Equal("Shane", output.Outputs[1][0].Json["firstname"].AsString());
        Assert.Equal(2, new FilterNode().Description.Outputs(node));
    }

    [Fact]
    public async Task Switch_V1Rules_UseRuleOutputAndFallback()
    {
        var node = FlowHarness.Node("n8n-nodes-base.switch", 1, """
            {"value1":"={{ $json.data }}","rules":{"rules":[{"operation":"equal"},{"operation":"equal","value2":1,"output":1}]},"fallbackOutput":3}
            """);
        var items = FlowHarness.Items("""{"data":0}""", """{"data":1}""", """{"data":7}""");
        var output = await new FlowHarness().RunAsync(new SwitchNode(), node, items);
        Assert.Equal(4, output.Outputs.Count);
        Assert.Equal("""[{"data":0}]""", FlowHarness.Json(output.Outputs[0]));
        Assert.Equal("""[{"data":1}]""", FlowHarness.Json(output.Outputs[1]));
        Assert.Empty(output.Outputs[2]);
        Assert.Equal("""[{"data":7}]""", FlowHarness.Json(output.Outputs[3]));
    }

    [Fact]
    public async Task Switch_V2Rules_OutputPerRuleWithFallbackIndex()
    {
        var node = FlowHarness.Node("n8n-nodes-base.switch", 2, """
            {"dataType":"string","value1":"={{ $json.o }}","rules":{"rules":[{"value2":"first"},{"value2":"second"}]},"fallbackOutput":1}
            """);
        var items = FlowHarness.Items("""{"o":"first"}""", """{"o":"other"}""");
        var output = await new FlowHarness().RunAsync(new SwitchNode(), node, items);
        Assert.Equal(2, output.Outputs.Count);
        Assert.Equal("""[{"o":"first"}]""", FlowHarness.Json(output.Outputs[0]));
        Assert.Equal("""[{"o":"other"}]""", FlowHarness.Json(output.Outputs[1]));
    }

    [Fact]
    public async Task Switch_ExpressionMode_RoutesByIndexAndRejectsOutOfRange()
    {
        var node = FlowHarness.Node("n8n-nodes-base.switch", 3, """{"mode":"expression","numberOutputs":2,"output":"={{ $json.to }}"}""");
        var output = await new FlowHarness().RunAsync(new SwitchNode(), node, FlowHarness.Items("""{"to":1}"""));
        Assert.Single(output.Outputs[1]);

        var e = await Assert.ThrowsAsync<NodeOperationException>(async () => await new FlowHarness().RunAsync(new SwitchNode(), node, FlowHarness.Items("""{"to":5}""")));
        Assert.Equal("The output 5 is not allowed. It has to be between 0 and 1!", e.Message);
    }

    private const string V3Rules = """
        {"rules":{"values":[
          {"conditions":{"options":{},"combinator":"and","conditions":[{"leftValue":"={{ $json.n }}","rightValue":1,"operator":{"type":"number","operation":"gte"}}]},"renameOutput":true,"outputKey":"Big"},
          {"conditions":{"options":{},"combinator":"and","conditions":[{"leftValue":"={{ $json.n }}","rightValue":2,"operator":{"type":"number","operation":"gte"}}]}}]},
         "options":OPTIONS}
        """;

    [Fact]
    public async Task Switch_V3Rules_FirstMatchExtraFallbackAndNames()
    {
        var node = FlowHarness.Node("n8n-nodes-base.switch", 3, V3Rules.Replace("OPTIONS", """{"fallbackOutput":"extra","renameFallbackOutput":"Rest"}""", StringComparison.Ordinal));
        var items = FlowHarness.Items("""{"n":0}""", """{"n":1}""", """{"n":2}""");
        var output = await new FlowHarness().RunAsync(new SwitchNode(), node, items);
        Assert.Equal(3, output.Outputs.Count);
        Assert.Equal("""[{"n":1},{"n":2}]""", FlowHarness.Json(output.Outputs[0]));
        Assert.Empty(output.Outputs[1]);
        Assert.Equal("""[{"n":0}]""", FlowHarness.Json(output.Outputs[2]));
        Assert.Equal(["Big", "1", "Rest"], new SwitchNode().Description.OutputNames!(node));
    }

    [Fact]
    public async Task Switch_V3AllMatchingOutputs_SendsToEveryMatch()
    {
        var node = FlowHarness.Node("n8n-nodes-base.switch", 3.2, V3Rules.Replace("OPTIONS", """{"allMatchingOutputs":true,"fallbackOutput":1}""", StringComparison.Ordinal));
        var output = await new FlowHarness().RunAsync(new SwitchNode(), node, FlowHarness.Items("""{"n":2}""", """{"n":0}"""));
        Assert.Equal(2, output.Outputs.Count);
        Assert.Equal("""[{"n":2}]""", FlowHarness.Json(output.Outputs[0]));
        Assert.Equal("""[{"n":2},{"n":0}]""", FlowHarness.Json(output.Outputs[1]));
    }
}
