using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Engine.Execution;
using Tessera.Engine.Workflows;
using Tessera.Server.Executions;
using Tessera.Server.Tests.Triggers;
using Tessera.Storage.Audit;
using Tessera.Storage.Durable;
using Tessera.Storage.Executions;

namespace Tessera.Server.Tests.Execution;

public sealed class RetentionServiceTests : IAsyncLifetime
{
    private const string Workflow = """
        { "name": "kept", "nodes": [ { "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0,0], "parameters": {} } ],
          "connections": {} }
        """;

    private readonly RestartableServer _servers = new("retention");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task Serve_MaxCountSet_PrunesAtStartAndEveryInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await StartAsync(time, new RetentionPolicy());
        await RunAsync(server, 5);
        await StopAsync();

        server = await StartAsync(time, new RetentionPolicy { MaxCount = 2 });
        var retention = server.Services.GetRequiredService<RetentionService>();
        await WaitForAsync(() => retention.Passes >= 1);
        Assert.Equal(2, await CountAsync(server));
        var entry = Assert.Single((await server.Storage.Audit.ListAsync(new AuditQuery { Action = AuditActions.ExecutionsPruned }, CancellationToken.None)).Items);
        Assert.Equal("system", entry.Actor);
        Assert.Equal(3, JsonDocument.Parse(entry.DetailsJson).RootElement.GetProperty("deleted").GetInt32());

        await RunAsync(server, 3);
        Assert.Equal(5, await CountAsync(server));
        var due = time.GetUtcNow() + TimeSpan.FromHours(1);
        await WaitForAsync(() => time.HasTimerDueAt(due));
        time.Advance(TimeSpan.FromHours(1));
        await WaitForAsync(() => retention.Passes >= 2);

        Assert.Equal(2, await CountAsync(server));
        Assert.Equal(2, (await server.Storage.Audit.ListAsync(new AuditQuery { Action = AuditActions.ExecutionsPruned }, CancellationToken.None)).Items.Count);
        Assert.True((await server.Storage.Audit.VerifyAsync(CancellationToken.None)).Ok);
    }

    [Fact]
    public async Task Serve_NoRetentionConfigured_KeepsEveryExecution()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await StartAsync(time, new RetentionPolicy());
        await RunAsync(server, 3);
        time.Advance(TimeSpan.FromDays(30));

        // With nothing to enforce the service ends at once instead of waking every interval: nothing can prune later.
        var retention = server.Services.GetRequiredService<RetentionService>();
        await retention.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, retention.Passes);
        Assert.Equal(3, await CountAsync(server));
    }

    private static async Task RunAsync(TesseraServer server, int count)
    {
        var service = server.Services.GetRequiredService<ExecutionService>();
        for (var i = 0; i < count; i++)
        {
            var result = await service.RunAsync(WorkflowJson.Parse(Workflow), new RunOptions(), CancellationToken.None);
            Assert.Equal(ExecutionStatus.Success, result.Status);
        }
    }

    private static async Task<int> CountAsync(TesseraServer server) =>
        (await server.Storage.Executions.ListAsync(new ExecutionQuery { Limit = 100 }, CancellationToken.None)).Items.Count;

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 15_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "timed out waiting for the retention service");
            await Task.Delay(10);
        }
    }

    private Task<TesseraServer> StartAsync(FakeTimeProvider time, RetentionPolicy retention) => _servers.StartAsync(o =>
    {
        o.Time = time;
        o.Retention = retention;
        o.PruneInterval = TimeSpan.FromHours(1);
    });

    private Task StopAsync() => _servers.StopAsync();
}
