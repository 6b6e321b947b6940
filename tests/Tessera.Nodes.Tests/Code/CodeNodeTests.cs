using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.JavaScript;
using Tessera.Engine.Workflows;
using Tessera.Nodes.Code;

namespace Tessera.Nodes.Tests.Code;

/// <summary>One runner pool for the class; each test builds an engine that uses it through its services.</summary>
public sealed class CodeRunnerFixture : IDisposable
{
    public JavaScriptRunnerPool Pool { get; } = new(new JavaScriptRunnerOptions { CodeTimeout = TimeSpan.FromSeconds(20) });

    public void Dispose() => Pool.Dispose();
}

public sealed class CodeNodeTests(CodeRunnerFixture fixture) : IClassFixture<CodeRunnerFixture>
{
    private async Task<ExecutionResult> RunAsync(JsObject codeNode, IReadOnlyList<Item>? trigger = null, string? onError = null)
    {
        var workflow = WorkflowJson.Parse($$"""
        {
          "name": "code test",
          "nodes": [
            { "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {} },
            {{JsonCodec.Serialize(codeNode)}}
          ],
          "connections": { "Start": { "main": [[{ "node": "Code", "type": "main", "index": 0 }]] } },
          "settings": { "executionOrder": "v1" }
        }
        """);
        if (onError is not null)
        {
            workflow.FindNode("Code")!.OnError = onError;
        }

        var engine = TesseraEngineFactory.Create(configure: s => s.Add(fixture.Pool));
        return await engine.RunAsync(workflow, new RunOptions { TriggerItems = trigger });
    }

    private static JsObject Node(string type, double version, JsObject parameters) => new()
    {
        ["name"] = "Code",
        ["type"] = type,
        ["typeVersion"] = version,
        ["position"] = new JsArray { 200, 0 },
        ["parameters"] = parameters,
    };

    private static List<Item> Items(params string[] json) => [.. json.Select(j => new Item(JsonCodec.Parse(j).AsObject()))];

    private static IReadOnlyList<Item> Output(ExecutionResult result) => result.RunData["Code"][0].Outputs[0];

    [Fact]
    public async Task Code_RunOnceForAllItems_TransformsItemsAndLogs()
    {
        var node = Node("n8n-nodes-base.code", 2, new JsObject
        {
            ["jsCode"] = "console.log('count', $input.all().length);\nreturn $input.all().map(i => ({ json: { name: i.json.name.toUpperCase() } }));",
        });

        var result = await RunAsync(node, Items("""{"name":"ada"}""", """{"name":"bob"}"""));

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(["ADA", "BOB"], Output(result).Select(i => i.Json["name"].AsString()));
        Assert.Equal(["count 2"], result.RunData["Code"][0].Logs!);
    }

    [Fact]
    public async Task Code_RunOnceForEachItem_ReturnsOneItemPerInputPaired()
    {
        var node = Node("n8n-nodes-base.code", 2, new JsObject
        {
            ["mode"] = "runOnceForEachItem",
            ["jsCode"] = "$json.seen = true;\nreturn $input.item;",
        });

        var result = await RunAsync(node, Items("""{"n":1}""", """{"n":2}"""));

        Assert.Equal([1.0, 2.0], Output(result).Select(i => i.Json["n"].AsNumber()));
        Assert.All(Output(result), i => Assert.True(i.Json["seen"].AsBoolean()));
        Assert.Equal([0, 1], Output(result).Select(i => i.Paired![0].Item));
    }

    [Fact]
    public async Task Code_RunOnceForEachItemLegacySyntax_ItemIsTheWholeItem()
    {
        var node = Node("n8n-nodes-base.code", 1, new JsObject
        {
            ["mode"] = "runOnceForEachItem",
            ["jsCode"] = "item.json.copy = item.json.n;\nreturn item;",
        });

        var result = await RunAsync(node, Items("""{"n":1}""", """{"n":2}"""));

        Assert.Equal([1.0, 2.0], Output(result).Select(i => i.Json["copy"].AsNumber()));
    }

    [Fact]
    public async Task Code_DefaultCode_AddsMyNewField()
    {
        var node = Node("n8n-nodes-base.code", 1, new JsObject());

        var result = await RunAsync(node, Items("""{"a":1}"""));

        Assert.Equal(1, Output(result)[0].Json["myNewField"].AsNumber());
    }

    [Fact]
    public async Task Code_ThrowsOnLineThree_FailsNamingTheLine()
    {
        var node = Node("n8n-nodes-base.code", 2, new JsObject { ["jsCode"] = "const a = 1;\n\nthrow new Error('bad input');" });

        var result = await RunAsync(node);

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Equal("Code", result.FailedNode);
        Assert.Equal("bad input [line 3]", result.Error?.Message);
    }

    [Fact]
    public async Task Code_ReturnsUndefined_FailsWithN8nMessage()
    {
        var node = Node("n8n-nodes-base.code", 2, new JsObject { ["jsCode"] = "const x = 1;" });

        var result = await RunAsync(node);

        Assert.Equal("Code doesn't return items properly", result.Error?.Message);
    }

    [Fact]
    public async Task Code_EachItemWithContinueOnFail_TurnsFailingItemIntoErrorItem()
    {
        var node = Node("n8n-nodes-base.code", 2, new JsObject
        {
            ["mode"] = "runOnceForEachItem",
            ["jsCode"] = "if ($json.n === 2) {\n  throw new Error('two');\n}\nreturn { n: $json.n };",
        });

        var result = await RunAsync(node, Items("""{"n":1}""", """{"n":2}""", """{"n":3}"""), onError: "continueRegularOutput");

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(1, Output(result)[0].Json["n"].AsNumber());
        Assert.Equal("two [line 2]", Output(result)[1].Json["error"].AsString());
        Assert.Equal(3, Output(result)[2].Json["n"].AsNumber());
    }

    [Theory]
    [InlineData("return {json: 'test'};", "A 'json' property isn't an object [item 0]")]
    [InlineData("const a = 1;\nthrow new Error('broken');", "broken [line 2]")]
    public async Task Code_AllItemsWithContinueOnFail_OutputsOneErrorItem(string code, string message)
    {
        var node = Node("n8n-nodes-base.code", 2, new JsObject { ["jsCode"] = code });

        var result = await RunAsync(node, Items("""{"n":1}""", """{"n":2}"""), onError: "continueRegularOutput");

        Assert.Equal(ExecutionStatus.Success, result.Status);
        var item = Assert.Single(Output(result));
        Assert.Equal(message, item.Json["error"].AsString());
    }

    [Fact]
    public async Task Code_Python_FailsSayingItIsNotSupported()
    {
        var node = Node("n8n-nodes-base.code", 2, new JsObject { ["language"] = "python", ["pythonCode"] = "return _input.all()" });

        var result = await RunAsync(node);

        Assert.Equal("Python is not supported", result.Error?.Message);
    }

    [Fact]
    public async Task Code_ReadsAnotherNodeByName()
    {
        var node = Node("n8n-nodes-base.code", 2, new JsObject
        {
            ["jsCode"] = "return [{ json: { fromStart: $('Start').all().length, first: $('Start').first().json.v } }];",
        });

        var result = await RunAsync(node, Items("""{"v":"x"}""", """{"v":"y"}"""));

        Assert.Equal(2, Output(result)[0].Json["fromStart"].AsNumber());
        Assert.Equal("x", Output(result)[0].Json["first"].AsString());
    }

    [Fact]
    public async Task Function_Legacy_MutatesItems()
    {
        var node = Node("n8n-nodes-base.function", 1, new JsObject
        {
            ["functionCode"] = "for (const item of items) {\n  item.json.double = item.json.n * 2;\n}\nreturn items;",
        });

        var result = await RunAsync(node, Items("""{"n":4}"""));

        Assert.Equal(8, Output(result)[0].Json["double"].AsNumber());
    }

    [Fact]
    public async Task FunctionItem_Legacy_ReturnsNewJsonKeepingBinary()
    {
        var input = Items("""{"n":4}""");
        input[0].Binary = new Dictionary<string, BinaryData> { ["data"] = BinaryData.FromBytes("hi"u8, "text/plain", "hi.txt") };
        var node = Node("n8n-nodes-base.functionItem", 1, new JsObject { ["functionCode"] = "item.plus = item.n + 1;\nreturn item;" });

        var result = await RunAsync(node, input);

        Assert.Equal(5, Output(result)[0].Json["plus"].AsNumber());
        Assert.Equal("aGk=", Output(result)[0].Binary!["data"].Data);
    }

    [Fact]
    public async Task Code_NodeUnavailable_FailsOnlyThatNodeWithNodeJsMessage()
    {
        using var missing = new JavaScriptRunnerPool(new JavaScriptRunnerOptions { NodeExecutable = "/nonexistent/node-for-tessera" });
        var workflow = WorkflowJson.Parse("""
        {
          "nodes": [
            { "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {} },
            { "name": "Code", "type": "n8n-nodes-base.code", "typeVersion": 2, "position": [200, 0], "parameters": { "jsCode": "return [];" } }
          ],
          "connections": { "Start": { "main": [[{ "node": "Code", "type": "main", "index": 0 }]] } }
        }
        """);
        var engine = TesseraEngineFactory.Create(configure: s => s.Add(missing));

        var result = await engine.RunAsync(workflow, new RunOptions());

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Equal("Code", result.FailedNode);
        Assert.Contains("Node.js", result.Error?.Message, StringComparison.Ordinal);
        Assert.True(result.RunData.HasRun("Start"));
    }

    [Fact]
    public void Registry_HasCodeFunctionAndFunctionItem()
    {
        var registry = BuiltInNodes.CreateRegistry();

        Assert.NotNull(registry.Find("n8n-nodes-base.code"));
        Assert.NotNull(registry.Find("n8n-nodes-base.function"));
        Assert.NotNull(registry.Find("n8n-nodes-base.functionItem"));
        Assert.Equal([1.0, 2.0], new CodeNode(() => JavaScriptRunnerPool.Shared).Description.Versions);
    }
}
