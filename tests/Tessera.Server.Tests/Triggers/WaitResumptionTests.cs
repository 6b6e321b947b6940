using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Engine.Execution;
using Tessera.Engine.Workflows;
using Tessera.Storage.Durable;
using Tessera.Storage.Executions;

namespace Tessera.Server.Tests.Triggers;

/// <summary>The server wakes parked executions: a Wait node's resume URL, and timed waits when they are due.</summary>
public sealed class WaitResumptionTests : IAsyncLifetime
{
    private readonly RestartableServer _servers = new("waits");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    private static Workflow Waiting(string waitParameters) => WorkflowJson.Parse("""
        { "name": "waits", "settings": { "executionOrder": "v1" }, "nodes": [
            { "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0,0], "parameters": {} },
            { "name": "Wait", "type": "n8n-nodes-base.wait", "typeVersion": 1.1, "position": [200,0], "webhookId": "w1", "parameters": WAIT },
            { "name": "After", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [400,0],
              "parameters": { "assignments": { "assignments": [ { "id": "a", "name": "after", "value": "={{ $json.body?.ok ?? 'timer' }}", "type": "string" } ] }, "options": {} } } ],
          "connections": { "Start": { "main": [[{ "node": "Wait", "type": "main", "index": 0 }]] }, "Wait": { "main": [[{ "node": "After", "type": "main", "index": 0 }]] } } }
        """.Replace("WAIT", waitParameters, StringComparison.Ordinal));

    [Fact]
    public async Task ResumeUrl_CalledWithJson_ContinuesTheRunWithTheRequestOnce()
    {
        // Arrange: a run parked on "resume on webhook call".
        var server = await _servers.StartAsync();
        var parked = await server.Services.GetRequiredService<ExecutionService>().RunAsync(Waiting("""{ "resume": "webhook" }"""), new RunOptions(), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Waiting, parked.Status);
        var token = (await server.Storage.Waits.GetAsync(parked.ExecutionId, CancellationToken.None))!.ResumeToken;
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        // Act
        using var first = await client.PostAsync($"webhook-waiting/{token}", new StringContent("""{ "ok": "yes" }""", Encoding.UTF8, "application/json"));
        var finished = await WaitForAsync(server, parked.ExecutionId, ExecutionState.Success);
        using var second = await client.PostAsync($"webhook-waiting/{token}", new StringContent("{}", Encoding.UTF8, "application/json"));

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(ExecutionState.Success, finished);
        var after = (await JournalAsync(server, parked.ExecutionId)).OfType<Tessera.Engine.Journal.NodeCompleted>().Single(c => c.Node == "After");
        Assert.Contains("\"after\":\"yes\"", after.OutputsJson, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Contains("resume-url-unknown", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimedWait_WhenDue_IsResumedByTheServer()
    {
        // Arrange: a two-hour wait on a clock the test moves.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await _servers.StartAsync(o =>
        {
            o.Time = time;
            o.Storage.TimeProvider = time;
        });
        var parked = await server.Services.GetRequiredService<ExecutionService>().RunAsync(Waiting("""{ "resume": "timeInterval", "amount": 2, "unit": "hours" }"""), new RunOptions(), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Waiting, parked.Status);

        // Act: three hours pass; the server's timer loop polls every second of that clock.
        var deadline = Environment.TickCount64 + 15_000;
        ExecutionState? state;
        do
        {
            time.Advance(TimeSpan.FromHours(3));
            await Task.Delay(50);
            state = (await server.Storage.Executions.GetAsync(parked.ExecutionId, CancellationToken.None))?.Status;
        }
        while (state != ExecutionState.Success && Environment.TickCount64 < deadline);

        // Assert
        Assert.Equal(ExecutionState.Success, state);
        var after = (await JournalAsync(server, parked.ExecutionId)).OfType<Tessera.Engine.Journal.NodeCompleted>().Single(c => c.Node == "After");
        Assert.Contains("\"after\":\"timer\"", after.OutputsJson, StringComparison.Ordinal);
    }

    private static async Task<ExecutionState?> WaitForAsync(TesseraServer server, string id, ExecutionState wanted)
    {
        var deadline = Environment.TickCount64 + 15_000;
        while (true)
        {
            var state = (await server.Storage.Executions.GetAsync(id, CancellationToken.None))?.Status;
            if (state == wanted || Environment.TickCount64 > deadline)
            {
                return state;
            }

            await Task.Delay(25);
        }
    }

    private static async Task<List<Tessera.Engine.Journal.ExecutionEvent>> JournalAsync(TesseraServer server, string id)
    {
        var events = new List<Tessera.Engine.Journal.ExecutionEvent>();
        await foreach (var e in server.Storage.Executions.ReadAsync(id, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }
}
