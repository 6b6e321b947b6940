using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.JavaScript;
using static Tessera.Engine.Tests.JavaScript.RunnerTestData;

namespace Tessera.Engine.Tests.JavaScript;

public sealed class JavaScriptRunnerPoolTests(RunnerPoolFixture fixture) : IClassFixture<RunnerPoolFixture>
{
    private readonly JavaScriptRunnerPool _pool = fixture.Pool;

    [Fact]
    public async Task RunCodeAsync_AllItemsMode_ReturnsItemsAndExtensions()
    {
        var items = MakeItems("""{"name":"ada lovelace","scores":[1,2,3]}""", """{"name":"grace hopper","scores":[]}""");

        var result = await _pool.RunCodeAsync(
            "return $input.all().map(i => ({ json: { name: i.json.name.toTitleCase(), total: i.json.scores.sum() } }));",
            Task(items));

        Assert.Null(result.Error);
        Assert.Equal(2, result.Items.Count);
        Assert.Equal("Ada Lovelace", result.Items[0].Json["name"].AsString());
        Assert.Equal(6, result.Items[0].Json["total"].AsNumber());
        Assert.Equal(0, result.Items[1].Json["total"].AsNumber());
    }

    [Fact]
    public async Task RunCodeAsync_BareObjectsAndSingleObject_AreWrappedAsItems()
    {
        var items = MakeItems("{}");

        var bare = await _pool.RunCodeAsync("return [{ a: 1 }, { json: { b: 2 } }];", Task(items));
        var single = await _pool.RunCodeAsync("return { c: 3 };", Task(items));

        Assert.Equal(1, bare.Items[0].Json["a"].AsNumber());
        Assert.Equal(2, bare.Items[1].Json["b"].AsNumber());
        Assert.Single(single.Items);
        Assert.Equal(3, single.Items[0].Json["c"].AsNumber());
    }

    [Fact]
    public async Task RunCodeAsync_ReturnsNothing_FailsWithN8nMessage()
    {
        var result = await _pool.RunCodeAsync("const a = 1;", Task(MakeItems("{}")));

        Assert.NotNull(result.Error);
        Assert.Equal("Code doesn't return items properly", result.Error.Message);
    }

    [Fact]
    public async Task RunCodeAsync_EachItemMode_RunsPerItemAndPairsItems()
    {
        var items = MakeItems("""{"n":1}""", """{"n":2}""", """{"n":3}""");

        var result = await _pool.RunCodeAsync("return { doubled: $json.n * 2, index: $itemIndex };", Task(items, JavaScriptTaskModes.RunOnceForEachItem));

        Assert.Null(result.Error);
        Assert.Equal([2.0, 4.0, 6.0], result.Items.Select(i => i.Json["doubled"].AsNumber()));
        Assert.Equal([0, 1, 2], result.Items.Select(i => i.Paired![0].Item));
    }

    [Fact]
    public async Task RunCodeAsync_EachItemModeReturnsArray_FailsNamingTheMode()
    {
        var result = await _pool.RunCodeAsync("return [$json];", Task(MakeItems("{}"), JavaScriptTaskModes.RunOnceForEachItem));

        Assert.Equal("Code doesn't return a single object", result.Error?.Message);
        Assert.Contains("Run Once for All Items", result.Error!.Description);
    }

    [Fact]
    public async Task RunCodeAsync_ConsoleLog_IsCaptured()
    {
        var result = await _pool.RunCodeAsync("console.log('hello', { a: 1 }, 42);\nconsole.warn('careful');\nreturn [];", Task(MakeItems("{}")));

        Assert.Equal(["hello {\"a\":1} 42", "careful"], result.Logs);
        Assert.Empty(result.Items);
    }

    [Fact]
    public async Task RunCodeAsync_RuntimeError_NamesTheLine()
    {
        var result = await _pool.RunCodeAsync("const a = 1;\nconst b = 2;\nreturn missingFunction(a + b);", Task(MakeItems("{}")));

        Assert.Equal("ReferenceError", result.Error?.Name);
        Assert.Equal(3, result.Error!.Line);
        Assert.Equal("missingFunction is not defined [line 3]", result.Error.MessageWithLine);
    }

    [Fact]
    public async Task RunCodeAsync_SyntaxError_NamesTheLine()
    {
        var result = await _pool.RunCodeAsync("const a = 1;\nconst = 2;\nreturn [];", Task(MakeItems("{}")));

        Assert.Equal("SyntaxError", result.Error?.Name);
        Assert.Equal(2, result.Error!.Line);
    }

    [Fact]
    public async Task RunCodeAsync_TopLevelAwait_Works()
    {
        var result = await _pool.RunCodeAsync("const v = await Promise.resolve(41);\nreturn { v: v + 1 };", Task(MakeItems("{}")));

        Assert.Equal(42, result.Items[0].Json["v"].AsNumber());
    }

    [Fact]
    public async Task RunCodeAsync_DatesInOutput_BecomeIsoStrings()
    {
        var result = await _pool.RunCodeAsync(
            "return { d: DateTime.fromISO('2024-03-01T10:00:00Z', { zone: 'UTC' }), j: new Date(0), u: undefined };",
            Task(MakeItems("{}")));

        Assert.Equal("2024-03-01T10:00:00.000Z", result.Items[0].Json["d"].AsString());
        Assert.Equal("1970-01-01T00:00:00.000Z", result.Items[0].Json["j"].AsString());
        Assert.False(result.Items[0].Json.ContainsKey("u"));
    }

    [Fact]
    public async Task RunCodeAsync_NowComesFromTheExecutionClock()
    {
        var time = new FixedTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));

        var result = await _pool.RunCodeAsync("return { now: $now.toISO(), today: $today.toISO() };", Task(MakeItems("{}"), time: time));

        Assert.Equal("2030-05-06T07:08:09.000Z", result.Items[0].Json["now"].AsString());
        Assert.Equal("2030-05-06T00:00:00.000Z", result.Items[0].Json["today"].AsString());
    }

    [Fact]
    public async Task RunCodeAsync_BinaryOnReturnedItems_IsPassedThrough()
    {
        var item = new Item(new JsObject { ["a"] = 1 })
        {
            Binary = new Dictionary<string, BinaryData> { ["data"] = BinaryData.FromBytes("test"u8, "text/plain", "t.txt") },
        };

        var result = await _pool.RunCodeAsync("return $input.all();", Task([item]));

        Assert.Equal("dGVzdA==", result.Items[0].Binary!["data"].Data);
        Assert.Equal("t.txt", result.Items[0].Binary!["data"].FileName);
    }

    [Fact]
    public async Task RunCodeAsync_NodeAccessor_ReadsOtherNodesAndFollowsPairedItems()
    {
        var runData = new RunData();
        runData.Add("Source", new NodeRunData
        {
            StartTime = DateTimeOffset.UnixEpoch,
            Outputs = [MakeItems("""{"id":"a"}""", """{"id":"b"}""")],
        });
        var middle = MakeItems("""{"x":1}""", """{"x":2}""");
        middle[0].Paired = [new PairedItem(1)];
        middle[1].Paired = [new PairedItem(0)];
        runData.Add("Middle", new NodeRunData
        {
            StartTime = DateTimeOffset.UnixEpoch,
            Outputs = [middle],
            Source = [new NodeRunSource("Source")],
        });
        var data = Task(middle, JavaScriptTaskModes.RunOnceForEachItem, runData, [new NodeRunSource("Middle")], extraNodes: ["Source", "Middle"]);

        var result = await _pool.RunCodeAsync(
            "return { linked: $('Source').item.json.id, first: $('Source').first().json.id, count: $('Source').all().length, " +
            "executed: $('Source').isExecuted, legacy: $node['Source'].json.id, prev: $prevNode.name };",
            data);

        Assert.Null(result.Error);
        Assert.Equal(["b", "a"], result.Items.Select(i => i.Json["linked"].AsString()));
        Assert.Equal("a", result.Items[0].Json["first"].AsString());
        Assert.Equal(2, result.Items[0].Json["count"].AsNumber());
        Assert.True(result.Items[0].Json["executed"].AsBoolean());
        Assert.Equal("Middle", result.Items[0].Json["prev"].AsString());
    }

    [Fact]
    public async Task RunCodeAsync_UnknownNode_FailsWithN8nMessage()
    {
        var result = await _pool.RunCodeAsync("return $('Nope').all();", Task(MakeItems("{}")));

        Assert.Equal("Referenced node doesn't exist", result.Error?.Message);
    }

    [Fact]
    public async Task RunCodeAsync_LegacyFunctionAndFunctionItem_UseItemsAndItem()
    {
        var items = MakeItems("""{"n":1}""", """{"n":2}""");

        var function = await _pool.RunCodeAsync("for (const i of items) { i.json.m = i.json.n * 10; }\nreturn items;", Task(items, JavaScriptTaskModes.Function));
        var functionItem = await _pool.RunCodeAsync("item.k = item.n + 100;\nreturn item;", Task(items, JavaScriptTaskModes.FunctionItem));

        Assert.Equal([10.0, 20.0], function.Items.Select(i => i.Json["m"].AsNumber()));
        Assert.Equal([101.0, 102.0], functionItem.Items.Select(i => i.Json["k"].AsNumber()));
    }

    [Fact]
    public async Task RunCodeAsync_ManyTasksInParallel_AllSucceedWithinPoolSize()
    {
        var tasks = Enumerable.Range(0, 8).Select(i =>
            _pool.RunCodeAsync($"return {{ i: {i} }};", Task(MakeItems("{}")))).ToList();

        var results = await System.Threading.Tasks.Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(0, 8).Select(i => (double)i), results.Select(r => r.Items[0].Json["i"].AsNumber()));
        Assert.True(_pool.ProcessesStarted <= _pool.Options.PoolSize + 1);
    }

    [Fact]
    public async Task EvaluateAsync_N8nSemantics_RuntimeErrorsYieldUndefinedButExtensionErrorsFail()
    {
        var data = new JavaScriptTaskData { Context = Context(MakeItems("""{"name":"ada","n":-2.5}""")) };

        var results = await _pool.EvaluateAsync(
            [
                new("$json.name.toUpperCase()", 0),
                new("$json.missing.child", 0),
                new("'abc'.toInt()", 0),
                new("$json.n.round()", 0),
                new("0/0", 0),
                new("-0", 0),
                new("1 +", 0),
                new("Object.prototype.hasOwnProperty.call($json, 'a')", 0),
                new("$json.name.toDateTime", 0),
            ],
            data);

        Assert.Equal("ADA", results[0].Value.AsString());
        Assert.True(results[1].Value.IsUndefined);
        Assert.Null(results[1].Error);
        Assert.Equal("cannot convert to integer", results[2].Error?.Message);
        Assert.Equal(-3, results[3].Value.AsNumber());
        Assert.True(double.IsNaN(results[4].Value.AsNumber()));
        Assert.True(double.IsNegative(results[5].Value.AsNumber()));
        Assert.Equal("SyntaxError", results[6].Error?.Name);
        Assert.Equal("Cannot access \"prototype\" due to security concerns", results[7].Error?.Message);
        Assert.Equal("function", results[8].Value.TryGetHost<JavaScriptOpaqueValue>()?.Type);
    }

    [Fact]
    public async Task EvaluateAsync_EachExpressionSeesFreshData()
    {
        var data = new JavaScriptTaskData { Context = Context(MakeItems("""{"a":[3,1,2]}""")) };

        var results = await _pool.EvaluateAsync([new("$json.a.sort()", 0), new("$json.a[0]", 0)], data);

        Assert.Equal(3, results[1].Value.AsNumber());
    }

    [Fact]
    public async Task EvaluateAsync_DateTimeResult_IsAnOpaqueValueWithIsoText()
    {
        var data = new JavaScriptTaskData { Context = Context(MakeItems("{}")) };

        var results = await _pool.EvaluateAsync([new("DateTime.fromISO('2024-01-02T03:04:05Z', { zone: 'UTC' })", 0)], data);

        var value = results[0].Value.TryGetHost<JavaScriptOpaqueValue>();
        Assert.Equal("DateTime", value?.Type);
        Assert.Equal("2024-01-02T03:04:05.000Z", JsonCodec.Serialize(results[0].Value).Trim('"'));
    }
}
