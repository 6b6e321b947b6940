using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Tessera.Engine.Journal;
using Tessera.Server.Executions;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Storage.Identity;

namespace Tessera.Server.Tests.Api;

public abstract class EventStreamTests(TestUsers users)
{
    private HttpClient Operator => users.Member(ProjectRole.Operator);

    private async Task<string> WorkflowAsync(object body) =>
        (await users.Member(ProjectRole.Editor).ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", body)).Id();

    private static async Task<List<(string Type, JsonNode Data)>> ReadEventsAsync(HttpResponseMessage response, Func<List<(string Type, JsonNode Data)>, bool>? until = null)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string, JsonNode)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? type = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((type!, JsonNode.Parse(line[6..])!));
                if (until?.Invoke(events) == true)
                {
                    break;
                }
            }
        }

        return events;
    }

    [BackendFact]
    public async Task ExecutionEvents_LateSubscriber_ReplaysEverythingAndEnds()
    {
        var execution = await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{await WorkflowAsync(Samples.Manual())}/run", new { wait = true });

        using var response = await Operator.GetAsync($"api/v1/executions/{execution.Id()}/events", HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadEventsAsync(response);

        Assert.Equal(["executionStarted", "nodeStarted", "nodeFinished", "nodeStarted", "nodeFinished", "executionFinished"], events.Select(e => e.Type));
        var setFinished = events[4].Data;
        Assert.Equal("Set", (string?)setFinished["node"]);
        Assert.Equal(1, (int)setFinished["itemCounts"]![0]!);
        Assert.Equal("success", (string?)events[^1].Data["status"]);
        Assert.All(events, e => Assert.Equal(execution.Id(), (string?)e.Data["executionId"]));
    }

    [BackendFact]
    public async Task ExecutionEvents_AfterRestartOfTheHub_ReplaysFromTheJournal()
    {
        var execution = await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{await WorkflowAsync(Samples.Failing())}/run", new { wait = true });

        // A hub that never saw the run, as after a restart.
        var hub = new ExecutionEventHub();
        Assert.Null(hub.SubscribeExecution(execution.Id(), default));
        using var response = await Operator.GetAsync($"api/v1/executions/{execution.Id()}/events", HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadEventsAsync(response);

        Assert.Equal("executionFinished", events[^1].Type);
        Assert.Equal("error", (string?)events[^1].Data["status"]);
        Assert.Contains(events, e => e.Type == "nodeFinished" && (string?)e.Data["status"] == "error");
    }

    [BackendFact]
    public async Task ExecutionEvents_LiveRun_StreamsUntilCancelled()
    {
        var workflowId = await WorkflowAsync(Samples.Slow());
        var id = (string)(await Operator.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/workflows/{workflowId}/run", new { }))!["executionId"]!;

        using var response = await Operator.GetAsync($"api/v1/executions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        var reading = ReadEventsAsync(response);
        await Task.Delay(200);
        await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/executions/{id}/cancel");
        var events = await reading.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("executionStarted", events[0].Type);
        Assert.Contains(events, e => e.Type == "nodeStarted" && (string?)e.Data["node"] == "Second");
        Assert.Equal("canceled", (string?)events[^1].Data["status"]);
    }

    [BackendFact]
    public async Task ProjectEvents_SeeRunsOfTheProjectOnly()
    {
        using var response = await users.Member(ProjectRole.Viewer).GetAsync($"api/v1/events?projectId={users.TeamId}", HttpCompletionOption.ResponseHeadersRead);
        var outsiderWorkflow = (await users.Outsider.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.OtherId}", Samples.Manual())).Id();
        var reading = ReadEventsAsync(response, events => events.Any(e => e.Type == "executionFinished"));
        await users.Outsider.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{outsiderWorkflow}/run", new { wait = true });
        var mine = await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{await WorkflowAsync(Samples.Manual())}/run", new { wait = true });

        var events = await reading.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(events, e => Assert.Equal(mine.Id(), (string?)e.Data["executionId"]));
        Assert.Equal("executionStarted", events[0].Type);
        await users.Outsider.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/events?projectId={users.TeamId}");
    }

    [BackendFact]
    public async Task ProjectEvents_IncludeWebhookTriggeredRuns()
    {
        var path = "sse-" + Guid.NewGuid().ToString("n")[..8];
        var workflowId = await WorkflowAsync(new
        {
            name = "Hook",
            nodes = new object[] { new { id = "w", name = "Webhook", type = "n8n-nodes-base.webhook", typeVersion = 2, position = new[] { 0, 0 }, webhookId = path, parameters = new { httpMethod = "POST", path } } },
            connections = new { },
        });
        await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{workflowId}/activate");
        using var response = await users.Member(ProjectRole.Viewer).GetAsync($"api/v1/events?projectId={users.TeamId}", HttpCompletionOption.ResponseHeadersRead);
        var reading = ReadEventsAsync(response, events => events.Any(e => e.Type == "executionStarted" && (string?)e.Data["workflowId"] == workflowId));

        using var anonymous = new HttpClient { BaseAddress = users.Server.BaseAddress };
        using var hook = await anonymous.PostAsync($"webhook/{path}", Http.Json("{}"));
        var events = await reading.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        Assert.Equal("webhook", (string?)events.Last(e => e.Type == "executionStarted")!.Data["mode"]);
    }

    [BackendFact]
    public async Task ExecutionEvents_OtherProject_NotFound()
    {
        var execution = await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{await WorkflowAsync(Samples.Manual())}/run", new { wait = true });

        await users.Outsider.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/executions/{execution.Id()}/events");
    }
}

/// <summary>The suite on SQLite.</summary>
public sealed class SqliteEventStreamTests(TestUsers users) : EventStreamTests(users), IClassFixture<TestUsers>;

/// <summary>The suite on PostgreSQL (a database of its own).</summary>
[RequiresPostgres]
public sealed class PostgresEventStreamTests(PostgresTestUsers users) : EventStreamTests(users), IClassFixture<PostgresTestUsers>;

/// <summary>The event hub on its own: no server or database involved, so these run once, not per backend.</summary>
public sealed class ExecutionEventHubTests
{
    [Fact]
    public async Task Hub_SlowSubscriber_NeverBlocksPublishingAndIsDisconnected()
    {
        var hub = new ExecutionEventHub();
        hub.Publish(new ExecutionCreated { ExecutionId = "e1", WorkflowJson = "{}", Mode = "manual" });
        var slow = hub.SubscribeExecution("e1", default)!;

        var publishing = Task.Run(() =>
        {
            for (var i = 0; i < ExecutionEventHub.SubscriberCapacity * 3; i++)
            {
                hub.Publish(new NodeStarted { ExecutionId = "e1", Node = "n", RunIndex = i });
            }
        });

        await publishing.WaitAsync(TimeSpan.FromSeconds(10));
        var read = 0;
        while (slow.TryRead(out _))
        {
            read++;
        }

        var ex = await Record.ExceptionAsync(() => slow.Completion);
        Assert.Equal(ExecutionEventHub.SubscriberCapacity, read);
        Assert.IsType<ChannelClosedException>(ex);
    }

    [Fact]
    public void Hub_LateSubscriber_GetsReplayThenLiveWithoutGaps()
    {
        var hub = new ExecutionEventHub();
        hub.Publish(new ExecutionCreated { ExecutionId = "e2", WorkflowJson = "{}", Mode = "manual" });
        hub.Publish(new NodeStarted { ExecutionId = "e2", Node = "a" });
        var reader = hub.SubscribeExecution("e2", default)!;
        hub.Publish(new NodeStarted { ExecutionId = "e2", Node = "b" });
        hub.Publish(new ExecutionFinished { ExecutionId = "e2", Status = "success" });

        var types = new List<string>();
        while (reader.TryRead(out var e))
        {
            types.Add(e.Type + (e.Type == "nodeStarted" ? ":" + (string?)JsonNode.Parse(e.DataJson)!["node"] : string.Empty));
        }

        Assert.Equal(["executionStarted", "nodeStarted:a", "nodeStarted:b", "executionFinished"], types);
        Assert.True(reader.Completion.IsCompleted);
    }
}
