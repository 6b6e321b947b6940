using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Engine.Journal;
using Tessera.Storage;
using Tessera.Storage.Executions;

namespace Tessera.Server.Tests.Operations;

/// <summary>
/// Stopping the real server while a workflow waits on a slow HTTP endpoint: within the grace period the run finishes
/// (and new work is refused with 503); past it the run is parked — journal written, still running, never failed or
/// cancelled — and the next start on the same data resumes it without re-running completed nodes.
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tessera-shutdown-" + Guid.NewGuid().ToString("n"));
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _target = null!;
    private string _targetUrl = string.Empty;
    private int _countHits;
    private int _slowHits;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _target = builder.Build();
        _target.MapGet("/count", () =>
        {
            Interlocked.Increment(ref _countHits);
            return Results.Json(new { counted = true });
        });
        _target.MapGet("/slow", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _slowHits);
            try
            {
                await _release.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.StatusCode(499);
            }

            return Results.Json(new { slow = "done" });
        });
        await _target.StartAsync();
        _targetUrl = _target.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _target.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on the way down; the OS cleans temp folders.
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stop_RunStillGoingAfterGrace_IsParkedThenResumedAtNextStartWithoutRerunningCompletedNodes(bool saveProgress)
    {
        string executionId;
        await using (var first = await StartAsync(TimeSpan.FromMilliseconds(300)))
        {
            using var client = await OwnerAsync(first);
            executionId = await RunAsync(client, saveProgress);
            await WaitUntilAsync(() => Volatile.Read(ref _slowHits) == 1, "the run to reach the slow endpoint");

            await first.StopAsync();

            // Stopped here (not left running into disposal), and recorded as still running.
            Assert.Empty(first.Services.GetRequiredService<Tessera.Storage.Durable.ExecutionService>().InFlight);
            var parked = await first.Storage.Executions.GetAsync(executionId, default);
            Assert.Equal(ExecutionState.Running, parked!.Status);
            var events = await JournalAsync(first.Storage, executionId);
            Assert.Equal(["Start", "Count"], events.OfType<NodeCompleted>().Select(c => c.Node));
            Assert.DoesNotContain(events, e => e is ExecutionCancelled or ExecutionFinished or NodeFailed);
        }

        await using var second = await StartAsync(TimeSpan.FromSeconds(5));
        using var anonymous = new HttpClient { BaseAddress = second.BaseAddress };
        await WaitUntilAsync(() => Volatile.Read(ref _slowHits) == 2, "the resumed run to reach the slow endpoint again");
        using var starting = await anonymous.GetAsync("readyz");
        var startingBody = await starting.Content.ReadAsStringAsync();
        _release.TrySetResult();
        var summary = await WaitForStateAsync(second.Storage, executionId, ExecutionState.Success);
        await WaitForReadyAsync(anonymous);

        // Not ready while the start-up resume pass is still running the interrupted execution.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        Assert.Contains("\"resume\":false", startingBody, StringComparison.Ordinal);

        Assert.Equal(ExecutionState.Success, summary.Status);
        Assert.Equal(1, Volatile.Read(ref _countHits));
        Assert.Equal(2, Volatile.Read(ref _slowHits));
        var resumed = await JournalAsync(second.Storage, executionId);
        Assert.Single(resumed.OfType<NodeCompleted>(), c => c.Node == "Count");
        Assert.Contains(resumed, e => e is ExecutionResumed { Reason: "restart" });
        Assert.Equal(["Start", "Count", "Slow", "Done"], resumed.OfType<NodeCompleted>().Select(c => c.Node));
    }

    [Fact]
    public async Task Stop_RunFinishingWithinGrace_CompletesWhileNewWorkAndReadinessGet503()
    {
        await using var server = await StartAsync(TimeSpan.FromSeconds(20));
        using var client = await OwnerAsync(server);
        var workflowId = await CreateWorkflowAsync(client, saveProgress: true);
        var executionId = await StartRunAsync(client, workflowId);
        await WaitUntilAsync(() => Volatile.Read(ref _slowHits) == 1, "the run to reach the slow endpoint");
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        await WaitForReadyAsync(anonymous);

        var stopping = server.StopAsync();
        await WaitUntilAsync(async () => (await anonymous.GetAsync("readyz")).StatusCode == HttpStatusCode.ServiceUnavailable, "/readyz to turn 503");
        using var webhook = await anonymous.PostAsync("webhook/anything", new StringContent("{}"));
        using var run = await client.PostAsync($"api/v1/workflows/{workflowId}/run", Infrastructure.Http.Json(new { }));
        var readiness = await (await anonymous.GetAsync("readyz")).Content.ReadAsStringAsync();
        Assert.False(stopping.IsCompleted, "StopAsync returned while an execution was still running inside the grace period.");
        _release.TrySetResult();
        await stopping;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, webhook.StatusCode);
        Assert.NotNull(webhook.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, run.StatusCode);
        Assert.Contains("shutting down", readiness, StringComparison.Ordinal);
        var summary = await server.Storage.Executions.GetAsync(executionId, default);
        Assert.Equal(ExecutionState.Success, summary!.Status);
    }

    private async Task<TesseraServer> StartAsync(TimeSpan grace) => await TesseraServer.StartAsync(new ServerOptions
    {
        Port = 0,
        Storage = new StorageOptions { DataDirectory = _dataDirectory },
        LoadExamples = false,
        ShutdownTimeout = grace,
    });

    private static async Task<HttpClient> OwnerAsync(TesseraServer server)
    {
        var client = Infrastructure.Http.NewClient(server.BaseAddress);
        await client.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/setup", new { email = "owner@example.com", name = "Owner", password = "correct horse battery" });
        return client;
    }

    private async Task<string> RunAsync(HttpClient client, bool saveProgress) =>
        await StartRunAsync(client, await CreateWorkflowAsync(client, saveProgress));

    private async Task<string> CreateWorkflowAsync(HttpClient client, bool saveProgress)
    {
        var json = $$"""
            {
              "name": "Slow call",
              "settings": { "executionOrder": "v1", "saveExecutionProgress": {{(saveProgress ? "true" : "false")}} },
              "nodes": [
                { "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {} },
                { "name": "Count", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [200, 0], "parameters": { "url": "{{_targetUrl}}/count", "options": {} } },
                { "name": "Slow", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [400, 0], "parameters": { "url": "{{_targetUrl}}/slow", "options": {} } },
                { "name": "Done", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": [600, 0], "parameters": {} }
              ],
              "connections": {
                "Start": { "main": [[{ "node": "Count", "type": "main", "index": 0 }]] },
                "Count": { "main": [[{ "node": "Slow", "type": "main", "index": 0 }]] },
                "Slow": { "main": [[{ "node": "Done", "type": "main", "index": 0 }]] }
              }
            }
            """;
        return (await client.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/workflows", json)).Id();
    }

    private static async Task<string> StartRunAsync(HttpClient client, string workflowId) =>
        (string)(await client.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/workflows/{workflowId}/run", new { }))!["executionId"]!;

    private static async Task<List<ExecutionEvent>> JournalAsync(TesseraStorage storage, string executionId)
    {
        var events = new List<ExecutionEvent>();
        await foreach (var e in storage.Executions.ReadAsync(executionId, default))
        {
            events.Add(e);
        }

        return events;
    }

    private static async Task<ExecutionSummary> WaitForStateAsync(TesseraStorage storage, string executionId, ExecutionState state)
    {
        ExecutionSummary? summary = null;
        await WaitUntilAsync(async () => (summary = await storage.Executions.GetAsync(executionId, default))?.Status == state, $"execution {executionId} to become {state}");
        return summary!;
    }

    private static Task WaitForReadyAsync(HttpClient client) =>
        WaitUntilAsync(async () => (await client.GetAsync("readyz")).StatusCode == HttpStatusCode.OK, "/readyz to turn 200");

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Environment.TickCount64 + 15_000;
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(25);
        }
    }
}
