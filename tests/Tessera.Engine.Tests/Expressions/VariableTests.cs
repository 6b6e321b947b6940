using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Expressions.Variables;
using Tessera.Engine.Items;

namespace Tessera.Engine.Tests.Expressions;

public sealed class VariableTests
{
    private static Item NewItem(string json, params int[] paired) =>
        new(JsObject.Parse(json)) { Paired = paired.Length == 0 ? null : paired.Select(p => new PairedItem(p)).ToArray() };

    /// <summary>Trigger (2 items) → Edit (2 items, paired 1:1) → Current.</summary>
    private static ExpressionTestHost LinearHost()
    {
        var host = new ExpressionTestHost();
        host.AddNode("Trigger", new JsObject { ["path"] = "hook" });
        var triggerOut = new List<Item> { NewItem("""{"id":1,"name":"a"}"""), NewItem("""{"id":2,"name":"b"}""") };
        host.AddRun("Trigger", [triggerOut]);
        var editOut = new List<Item> { NewItem("""{"v":10}""", 0), NewItem("""{"v":20}""", 1) };
        host.AddRun("Edit", [editOut], new NodeRunSource("Trigger"), triggerOut);
        host.Inputs.AddRange(editOut);
        host.Source.Add(new NodeRunSource("Edit"));
        return host;
    }

    [Theory]
    [InlineData("$json.v", 1, "20")]
    [InlineData("$input.item.json.v", 1, "20")]
    [InlineData("$input.all().map(i => i.json.v)", 0, "[10,20]")]
    [InlineData("$input.first().json.v", 1, "10")]
    [InlineData("$input.last().json.v", 0, "20")]
    [InlineData("$('Trigger').item.json.name", 1, "\"b\"")]
    [InlineData("$('Trigger').item.json.id", 0, "1")]
    [InlineData("$('Trigger').itemMatching(1).json.id", 0, "2")]
    [InlineData("$('Edit').item.json.v", 1, "20")]
    [InlineData("$('Trigger').first().json.id", 1, "1")]
    [InlineData("$('Trigger').last().json.id", 0, "2")]
    [InlineData("$('Trigger').all().length", 0, "2")]
    [InlineData("$('Trigger').all(0, 0)[1].json.name", 0, "\"b\"")]
    [InlineData("$('Trigger').isExecuted", 0, "true")]
    [InlineData("$('Trigger').params.path", 0, "\"hook\"")]
    [InlineData("$node['Trigger'].json.id", 1, "2")]
    [InlineData("$node.Trigger.parameter.path", 0, "\"hook\"")]
    [InlineData("$node['Edit'].runIndex", 0, "0")]
    [InlineData("$items('Trigger').map(i => i.json.id)", 0, "[1,2]")]
    [InlineData("$items().length", 0, "2")]
    [InlineData("$prevNode", 0, "{\"name\":\"Edit\",\"outputIndex\":0,\"runIndex\":0}")]
    [InlineData("$runIndex", 0, "0")]
    [InlineData("$itemIndex", 1, "1")]
    [InlineData("$position", 1, "1")]
    [InlineData("$workflow", 0, "{\"id\":\"wf-1\",\"name\":\"Test workflow\",\"active\":true}")]
    [InlineData("$execution.id + ' ' + $execution.mode", 0, "\"exec-42 test\"")]
    [InlineData("$execution.resumeUrl", 0, "\"http://localhost:5678/webhook-waiting/exec-42\"")]
    [InlineData("$execution.customData.set('a', 1)", 0, "undefined")]
    [InlineData("$env.API_BASE", 0, "\"https://api.example.com\"")]
    [InlineData("$env.HOME", 0, "undefined")]
    [InlineData("$vars.region", 0, "\"eu\"")]
    [InlineData("$if($json.v > 15, 'big', 'small')", 1, "\"big\"")]
    [InlineData("$if(false, 'x')", 0, "false")]
    [InlineData("$ifEmpty('', 'd') + $ifEmpty([], 'e') + $ifEmpty(0, 'f')", 0, "\"de0\"")]
    [InlineData("$min(3, 1, 2) + $max(3, 1, 2)", 0, "4")]
    [InlineData("$now.toMillis()", 0, "1710498645123")]
    [InlineData("$today.toMillis()", 0, "1710460800000")]
    [InlineData("DateTime.fromMillis(0).toMillis()", 0, "0")]
    [InlineData("typeof Duration.fromObject", 0, "\"function\"")]
    public void Evaluate_N8nVariable_ReturnsExpected(string expression, int itemIndex, string expected)
    {
        Assert.Equal(expected, LinearHost().Json(expression, itemIndex));
    }

    [Fact]
    public void Evaluate_Parameter_ReadsCurrentNodeParameters()
    {
        var host = LinearHost();
        host.Node.Parameters["mode"] = "raw";
        Assert.Equal("\"raw\"", host.Json("$parameter.mode"));
    }

    [Fact]
    public void Evaluate_JsonMutation_IsLive()
    {
        var host = LinearHost();
        host.Json("(() => { $json.added = 1 })()", 0);
        Assert.Equal(1, host.Inputs[0].Json["added"].AsNumber());
    }

    [Fact]
    public void Evaluate_ExecutionModeOutsideManual_IsProduction()
    {
        var host = LinearHost();
        host.Mode = ExecutionModes.Webhook;
        Assert.Equal("\"production\"", host.Json("$execution.mode"));
    }

    [Fact]
    public void Evaluate_TodayInWorkflowZone_IsLocalMidnight()
    {
        var host = LinearHost();
        host.TimeZone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        // 10:30 UTC on 15 March 2024 is 06:30 in New York (EDT, UTC-4): midnight there is 04:00 UTC.
        Assert.Equal("1710475200000", host.Json("$today.toMillis()"));
        Assert.Equal("6", host.Json("$now.hour"));
        // A JavaScript Date's local zone is the server's (UTC), not the workflow's: n8n 2.8.4 with TZ=UTC and a workflow
        // zone still returns UTC hours here.
        Assert.Equal("10", host.Json("new Date().getHours()"));
    }

    [Fact]
    public void Evaluate_UnknownNode_FailsWithNodeName()
    {
        var e = Assert.Throws<ExpressionException>(() => LinearHost().Eval("={{ $('Nope').item.json }}"));
        Assert.Contains("'Nope'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NodeNotExecuted_Fails()
    {
        var host = LinearHost();
        host.AddNode("Later");
        var e = Assert.Throws<ExpressionException>(() => host.Eval("={{ $('Later').first() }}"));
        Assert.Contains("hasn't been executed", e.Message, StringComparison.Ordinal);
        Assert.Equal("false", host.Json("$('Later').isExecuted"));
    }

    [Fact]
    public void Evaluate_ItemLinkingThroughSeveralNodes_FollowsPairedItems()
    {
        // Trigger (3) → Filter keeps items 0 and 2 → Current: item 1 of Current comes from Trigger item 2.
        var host = new ExpressionTestHost();
        var triggerOut = new List<Item> { NewItem("""{"id":"x"}"""), NewItem("""{"id":"y"}"""), NewItem("""{"id":"z"}""") };
        host.AddRun("Trigger", [triggerOut]);
        var filterOut = new List<Item> { NewItem("""{"k":0}""", 0), NewItem("""{"k":2}""", 2) };
        host.AddRun("Filter", [filterOut], new NodeRunSource("Trigger"), triggerOut);
        var mapOut = new List<Item> { NewItem("""{"m":0}""", 0), NewItem("""{"m":1}""", 1) };
        host.AddRun("Map", [mapOut], new NodeRunSource("Filter"), filterOut);
        host.Inputs.AddRange(mapOut);
        host.Source.Add(new NodeRunSource("Map"));
        Assert.Equal("\"z\"", host.Json("$('Trigger').item.json.id", 1));
        Assert.Equal("2", host.Json("$('Filter').item.json.k", 1));
    }

    [Fact]
    public void Evaluate_ItemLinkingUsesSourceRunAndOutput()
    {
        // Loop ran twice; the current node was fed from run 1, output 1.
        var host = new ExpressionTestHost();
        host.AddRun("Loop", [[NewItem("""{"run":0}""")], [NewItem("""{"run":"0b"}""")]]);
        host.AddRun("Loop", [[NewItem("""{"run":1}""")], [NewItem("""{"run":"1b"}""")]]);
        host.Inputs.Add(NewItem("""{"x":1}"""));
        host.Source.Add(new NodeRunSource("Loop", 1, 1));
        Assert.Equal("\"1b\"", host.Json("$('Loop').item.json.run"));
    }

    [Fact]
    public void Evaluate_ItemLinkedToSeveralItems_FailsWithMultipleMatches()
    {
        // Split Out (2 items) → Aggregate (1 item paired with both) → Current.
        var host = new ExpressionTestHost();
        var splitOut = new List<Item> { NewItem("""{"n":1}"""), NewItem("""{"n":2}""") };
        host.AddRun("Split Out", [splitOut]);
        var aggregateOut = new List<Item> { NewItem("""{"all":[1,2]}""", 0, 1) };
        host.AddRun("Aggregate", [aggregateOut], new NodeRunSource("Split Out"), splitOut);
        host.Inputs.AddRange(aggregateOut);
        host.Source.Add(new NodeRunSource("Aggregate"));
        var e = Assert.Throws<ExpressionException>(() => host.Eval("={{ $('Split Out').item.json.n }}"));
        Assert.Equal("Multiple matches found", e.Message);
    }

    [Fact]
    public void Evaluate_MissingPairedItemWithSingleInput_FallsBackToFirstItem()
    {
        var host = new ExpressionTestHost();
        var triggerOut = new List<Item> { NewItem("""{"id":7}""") };
        host.AddRun("Trigger", [triggerOut]);
        var httpOut = new List<Item> { NewItem("""{"r":1}"""), NewItem("""{"r":2}""") };
        host.AddRun("HTTP", [httpOut], new NodeRunSource("Trigger"), triggerOut);
        host.Inputs.AddRange(httpOut);
        host.Source.Add(new NodeRunSource("HTTP"));
        Assert.Equal("7", host.Json("$('Trigger').item.json.id", 1));
    }

    [Fact]
    public void Evaluate_MissingPairedItemWithSeveralInputs_FailsWithHint()
    {
        var host = new ExpressionTestHost();
        var triggerOut = new List<Item> { NewItem("""{"id":1}"""), NewItem("""{"id":2}""") };
        host.AddRun("Trigger", [triggerOut]);
        var codeOut = new List<Item> { NewItem("""{"r":1}""") };
        host.AddRun("Code", [codeOut], new NodeRunSource("Trigger"), triggerOut);
        host.Inputs.AddRange(codeOut);
        host.Source.Add(new NodeRunSource("Code"));
        var e = Assert.Throws<ExpressionException>(() => host.Eval("={{ $('Trigger').item.json.id }}"));
        Assert.Contains("paired item", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_JmesPath_QueriesTheCurrentItem()
    {
        Assert.Equal("20", LinearHost().Json("$jmespath($json, 'v')", 1));
    }

    [Fact]
    public void Evaluate_Binary_ExposesAttachmentMetadata()
    {
        var host = new ExpressionTestHost();
        var item = new Item(new JsObject());
        item.Binary = new Dictionary<string, BinaryData> { ["data"] = BinaryData.FromJson(JsObject.Parse("""{"data":"aGk=","mimeType":"text/plain","fileName":"a.txt"}""")) };
        host.Inputs.Add(item);
        Assert.Equal("\"a.txt\"", host.Json("$binary.data.fileName"));
    }
}

public sealed class ExtensionDispatchTests
{
    [Theory]
    [InlineData("$json.items.map(i => i.x).sum()", "6")]
    [InlineData("$json.missing.isEmpty()", "true")]
    [InlineData("$json.name.toUpperCase()", "\"ADA\"")]
    [InlineData("({ toUpperCase: () => 'own' }).toUpperCase()", "\"own\"")]
    [InlineData("$json.items.map(i => i.x).filter(x => x > 1).sum()", "5")]
    public void CallMethod_JavaScriptFirstThenExtensions_Resolves(string expression, string expected)
    {
        var host = ExpressionTestHost.WithItem("""{"name":"Ada","items":[{"x":1},{"x":2},{"x":3}]}""");
        Assert.Equal(expected, host.Json(expression));
    }

    [Fact]
    public void CallMethod_ExtensionOnWrongType_FailsTheExpression()
    {
        var host = ExpressionTestHost.WithItem("""{"n":5}""");
        var e = Assert.Throws<ExpressionException>(() => host.Eval("={{ $json.n.toTitleCase() }}"));
        Assert.Contains("toTitleCase", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_WithLuxonDateTime_PrintsIso()
    {
        var host = ExpressionTestHost.WithItem("{}");
        var text = host.Eval("=at {{ $now }}").AsString();
        Assert.StartsWith("at 2024-03-15T10:30:45.123", text, StringComparison.Ordinal);
    }
}
