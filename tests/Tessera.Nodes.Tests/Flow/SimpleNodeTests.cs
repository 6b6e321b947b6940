using Tessera.Engine.Execution;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Flow;

namespace Tessera.Nodes.Tests.Flow;

public sealed class SimpleNodeTests
{
    [Fact]
    public async Task ManualTrigger_WithoutInput_EmitsOneEmptyItem()
    {
        var output = await new FlowHarness().RunAsync(new ManualTriggerNode(), FlowHarness.Node("n8n-nodes-base.manualTrigger", 1, "{}"));
        Assert.Equal("[{}]", FlowHarness.Json(output.Main));
    }

    [Fact]
    public async Task ManualTrigger_WithTriggerItems_EmitsThem()
    {
        var output = await new FlowHarness().RunAsync(new ManualTriggerNode(), FlowHarness.Node("n8n-nodes-base.manualTrigger", 1, "{}"), FlowHarness.Items("""{"a":1}"""));
        Assert.Equal("""[{"a":1}]""", FlowHarness.Json(output.Main));
    }

    [Fact]
    public async Task NoOp_PassesItemsThrough()
    {
        var items = FlowHarness.Items("""{"a":1}""", """{"b":2}""");
        var output = await new FlowHarness().RunAsync(new NoOpNode(), FlowHarness.Node("n8n-nodes-base.noOp", 1, "{}"), items);
        Assert.Equal(FlowHarness.Json(items), FlowHarness.Json(output.Main));
        Assert.Equal(1, output.Main[1].Paired![0].Item);
    }

    [Theory]
    [InlineData("""{"data":[{"a":1},{"a":2}]}""", """[{"a":1},{"a":2}]""")]
    [InlineData("""{"data":{"a":1}}""", """[{"a":1}]""")]
    [InlineData("""{"data":"[{\"a\":3}]"}""", """[{"a":3}]""")]
    public async Task TestData_OutputsDataParameter(string parameters, string expected)
    {
        var output = await new FlowHarness().RunAsync(new TestDataNode(), FlowHarness.Node("n8n-nodes-testing.testData", 1, parameters));
        Assert.Equal(expected, FlowHarness.Json(output.Main));
    }

    [Fact]
    public async Task StopAndError_Message_Throws()
    {
        var node = FlowHarness.Node("n8n-nodes-base.stopAndError", 1, """{"errorMessage":"Stopped here"}""");
        var e = await Assert.ThrowsAsync<NodeOperationException>(async () => await new FlowHarness().RunAsync(new StopAndErrorNode(), node, FlowHarness.Items("{}")));
        Assert.Equal("Stopped here", e.Message);
    }

    [Fact]
    public async Task StopAndError_Object_UsesItsMessage()
    {
        var node = FlowHarness.Node("n8n-nodes-base.stopAndError", 1, """{"errorType":"errorObject","errorObject":"{\"message\":\"Bad input\",\"description\":\"Fix it\"}"}""");
        var e = await Assert.ThrowsAsync<NodeOperationException>(async () => await new FlowHarness().RunAsync(new StopAndErrorNode(), node, FlowHarness.Items("{}")));
        Assert.Equal("Bad input", e.Message);
        Assert.Equal("Fix it", e.Description);
    }

    [Fact]
    public async Task Wait_ShortInterval_DelaysOnTheTimeProvider()
    {
        var time = new ManualTime();
        var harness = new FlowHarness { Time = time };
        var node = FlowHarness.Node("n8n-nodes-base.wait", 1, """{"amount":2,"unit":"seconds"}""");
        var task = harness.RunAsync(new WaitNode(), node, FlowHarness.Items("""{"a":1}""")).AsTask();
        Assert.False(task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        var output = await task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(output.Wait);
        Assert.Equal("""[{"a":1}]""", FlowHarness.Json(output.Main));
    }

    [Fact]
    public async Task Wait_LongInterval_AsksEngineToPark()
    {
        var time = new ManualTime();
        var node = FlowHarness.Node("n8n-nodes-base.wait", 1, """{"amount":2,"unit":"hours"}""");
        var output = await new FlowHarness { Time = time }.RunAsync(new WaitNode(), node, FlowHarness.Items("{}"));
        Assert.Equal("timer", output.Wait!.Kind);
        Assert.Equal(time.GetUtcNow().AddHours(2), output.Wait.Until);
    }

    [Fact]
    public async Task Wait_Webhook_RequestsWebhookWaitWithLimit()
    {
        var time = new ManualTime();
        var node = FlowHarness.Node("n8n-nodes-base.wait", 1, """{"resume":"webhook","limitWaitTime":true,"resumeAmount":7,"resumeUnit":"seconds"}""");
        node.WebhookId = "hook-1";
        var output = await new FlowHarness { Time = time }.RunAsync(new WaitNode(), node, FlowHarness.Items("{}"));
        Assert.Equal("webhook", output.Wait!.Kind);
        Assert.Equal(time.GetUtcNow().AddSeconds(7), output.Wait.Until);
        Assert.Equal("hook-1", output.Wait.Details!["webhookId"].AsString());
    }

    [Fact]
    public async Task Wait_Cancelled_StopsWaiting()
    {
        using var cts = new CancellationTokenSource();
        var node = FlowHarness.Node("n8n-nodes-base.wait", 1, """{"amount":30,"unit":"seconds"}""");
        var harness = new FlowHarness { Time = new ManualTime() };
        var task = harness.RunAsync(new WaitNode(), node, [FlowHarness.Items("{}")], [], cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    /// <summary>A TimeProvider whose clock moves only when told; timers fire on Advance.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private readonly List<(DateTimeOffset Due, TimerCallback Callback, object? State)> _timers = [];
        private DateTimeOffset _now = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by)
        {
            _now += by;
            List<(DateTimeOffset Due, TimerCallback Callback, object? State)> due;
            lock (_timers)
            {
                due = _timers.Where(t => t.Due <= _now).ToList();
                _timers.RemoveAll(t => t.Due <= _now);
            }

            foreach (var (_, callback, state) in due)
            {
                callback(state);
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_timers)
            {
                _timers.Add((_now + dueTime, callback, state));
            }

            return new NoopTimer();
        }

        private sealed class NoopTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
