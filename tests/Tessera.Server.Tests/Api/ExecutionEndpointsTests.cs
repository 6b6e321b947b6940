using System.Net;
using System.Text.Json.Nodes;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Storage.Identity;

namespace Tessera.Server.Tests.Api;

public abstract class ExecutionEndpointsTests(TestUsers users)
{
    private HttpClient Operator => users.Member(ProjectRole.Operator);

    private async Task<string> WorkflowAsync(object? body = null) =>
        (await users.Member(ProjectRole.Editor).ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", body ?? Samples.Manual())).Id();

    private async Task<JsonNode> RunAndWaitAsync(string workflowId, object? body = null) =>
        (await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{workflowId}/run", body ?? new { wait = true }))!;

    private async Task<JsonNode> WaitForStatusAsync(string executionId, params string[] statuses)
    {
        for (var i = 0; i < 200; i++)
        {
            var execution = await Operator.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/executions/{executionId}");
            if (statuses.Contains((string?)execution!["status"]))
            {
                return execution;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Execution {executionId} never reached {string.Join("/", statuses)}.");
    }

    [BackendFact]
    public async Task Run_Wait_ReturnsExecutionWithN8nRunData()
    {
        var workflowId = await WorkflowAsync();

        var execution = await RunAndWaitAsync(workflowId);

        Assert.Equal("success", (string?)execution["status"]);
        Assert.Equal(workflowId, (string?)execution["workflowId"]);
        Assert.Equal("Manual", (string?)execution["workflowName"]);
        Assert.Equal("manual", (string?)execution["mode"]);
        Assert.True((double)execution["durationMs"]! >= 0);
        var set = execution["runData"]!["Set"]![0]!;
        Assert.Equal("success", (string?)set["executionStatus"]);
        Assert.Equal(2, (double)set["data"]!["main"]![0]![0]!["json"]!["x"]!);
        Assert.Equal("Start", (string?)set["source"]![0]!["previousNode"]);
        Assert.True((long)set["startTime"]! > 0);
        Assert.Equal(2, execution["workflow"]!["nodes"]!.AsArray().Count);
    }

    [BackendFact]
    public async Task Run_ExecuteWorkflowFromTheStore_RunsTheSavedChild()
    {
        var child = await WorkflowAsync(new
        {
            name = "Child",
            nodes = new object[]
            {
                new { id = "c1", name = "Called", type = "n8n-nodes-base.executeWorkflowTrigger", typeVersion = 1, position = new[] { 0, 0 }, parameters = new { } },
                new
                {
                    id = "c2", name = "Mark", type = "n8n-nodes-base.set", typeVersion = 3.4, position = new[] { 200, 0 },
                    parameters = new { mode = "manual", assignments = new { assignments = new[] { new { id = "a", name = "fromChild", value = "={{ 40 + 2 }}", type = "number" } } }, options = new { } },
                },
            },
            connections = new Dictionary<string, object> { ["Called"] = new { main = new[] { new[] { new { node = "Mark", type = "main", index = 0 } } } } },
            settings = new { executionOrder = "v1" },
        });
        var parent = await WorkflowAsync(Samples.Then("Parent", "n8n-nodes-base.executeWorkflow", 1, new { source = "database", workflowId = child }));

        var execution = await RunAndWaitAsync(parent);

        Assert.Equal("success", (string?)execution["status"]);
        Assert.Equal(42, (double)execution["runData"]!["Second"]![0]!["data"]!["main"]![0]![0]!["json"]!["fromChild"]!);
    }

    [BackendFact]
    public async Task Run_WithoutWait_202ThenReadable()
    {
        var workflowId = await WorkflowAsync();

        var started = await Operator.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/workflows/{workflowId}/run", new { });
        var id = (string)started!["executionId"]!;
        var execution = await WaitForStatusAsync(id, "success");

        Assert.Equal(id, execution.Id());

        // From the database's id counter like webhook and schedule runs: numeric (n8n's shape), and growing.
        var next = (string)(await Operator.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/workflows/{workflowId}/run", new { }))!["executionId"]!;
        Assert.True(long.TryParse(id, out var first), $"execution id '{id}' is not a number");
        Assert.True(long.TryParse(next, out var second) && second > first, $"execution id '{next}' does not follow '{id}'");
    }

    [BackendFact]
    public async Task Run_UnsavedEditsAndTriggerItems_RunAsSent()
    {
        var workflowId = await WorkflowAsync();
        var edited = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Samples.Manual()))!;
        edited["nodes"]![1]!["parameters"]!["assignments"]!["assignments"]![0]!["value"] = "={{ $json.n * 10 }}";

        var execution = await users.Member(ProjectRole.Editor).ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{workflowId}/run",
            new { wait = true, workflow = edited, triggerItems = new[] { new { json = new { n = 4 } } } });

        Assert.Equal(40, (double)execution!["runData"]!["Set"]![0]!["data"]!["main"]![0]![0]!["json"]!["x"]!);
        await Operator.ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden", "POST", $"api/v1/workflows/{workflowId}/run", new { workflow = edited });
    }

    [BackendFact]
    public async Task Run_InvalidBody_ValidationFailed()
    {
        var workflowId = await WorkflowAsync();

        var problem = await Operator.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", $"api/v1/workflows/{workflowId}/run", new { startNode = "Nope", triggerItems = new[] { 1 } });

        Assert.Equal(2, problem["errors"]!.AsArray().Count);
    }

    [BackendFact]
    public async Task Run_DestinationNode_RunsUpToItOnly_UnknownIsValidationFailed()
    {
        var workflowId = await WorkflowAsync();

        var execution = await RunAndWaitAsync(workflowId, new { wait = true, destinationNode = "Start" });
        var problem = await Operator.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", $"api/v1/workflows/{workflowId}/run", new { destinationNode = "Nope" });

        Assert.Equal("success", (string?)execution["status"]);
        Assert.Equal(["Start"], execution["runData"]!.AsObject().Select(p => p.Key));
        Assert.Equal("destinationNode", (string?)problem["errors"]![0]!["path"]);
    }

    [BackendFact]
    public async Task Run_FailingWorkflow_RecordsErrorAndFailedNode()
    {
        var workflowId = await WorkflowAsync(Samples.Failing());

        var execution = await RunAndWaitAsync(workflowId);

        Assert.Equal("error", (string?)execution["status"]);
        Assert.Equal("Second", (string?)execution["failedNode"]);
        Assert.Contains("boom", execution["error"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("error", (string?)execution["runData"]!["Second"]![0]!["executionStatus"]);
    }

    [BackendFact]
    public async Task List_FiltersByWorkflowAndStatus_AndPagesWithCursor()
    {
        var workflowId = await WorkflowAsync();
        for (var i = 0; i < 3; i++)
        {
            await RunAndWaitAsync(workflowId);
        }

        var first = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/executions?workflowId={workflowId}&limit=2&status=success");
        var second = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/executions?workflowId={workflowId}&limit=2&cursor={Uri.EscapeDataString((string)first!["nextCursor"]!)}");
        var errors = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/executions?workflowId={workflowId}&status=error");
        var listed = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/workflows?search=Manual&limit=250");

        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.Single(second!["items"]!.AsArray());
        Assert.Empty(errors!["items"]!.AsArray());
        Assert.Contains(listed!["items"]!.AsArray(), w => w.Id() == workflowId && (string?)w!["lastExecution"]!["status"] == "success");
        await Operator.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "GET", "api/v1/executions?status=bogus");
    }

    [BackendFact]
    public async Task CrossProject_ExecutionsAreNotFound()
    {
        var otherWorkflow = (await users.Outsider.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.OtherId}", Samples.Manual()))!.Id();
        var execution = await users.Outsider.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{otherWorkflow}/run", new { wait = true });

        await Operator.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/executions/{execution.Id()}");
        await Operator.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/executions?workflowId={otherWorkflow}");
        await Operator.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "POST", $"api/v1/workflows/{otherWorkflow}/run", new { });
        var mine = await Operator.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/executions?limit=250");
        Assert.DoesNotContain(mine!["items"]!.AsArray(), e => e.Id() == execution.Id());
    }

    [BackendFact]
    public async Task Delete_FinishedExecution()
    {
        var execution = await RunAndWaitAsync(await WorkflowAsync());

        await users.Member(ProjectRole.Editor).ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/executions/{execution.Id()}");

        await Operator.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/executions/{execution.Id()}");
    }

    [BackendFact]
    public async Task Cancel_RunningExecution_BecomesCanceled()
    {
        var workflowId = await WorkflowAsync(Samples.Slow());
        var id = (string)(await Operator.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/workflows/{workflowId}/run", new { }))!["executionId"]!;
        await WaitForStatusAsync(id, "running");
        await users.Member(ProjectRole.Editor).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict", "DELETE", $"api/v1/executions/{id}");

        var summary = await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/executions/{id}/cancel");

        Assert.Equal("canceled", (string?)summary!["status"]);
        await Operator.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict", "POST", $"api/v1/executions/{id}/cancel");
    }

    [BackendFact]
    public async Task Cancel_WaitingExecution_BecomesCanceled()
    {
        var workflowId = await WorkflowAsync(Samples.Parked());
        var execution = await RunAndWaitAsync(workflowId);
        Assert.Equal("waiting", (string?)execution["status"]);

        var summary = await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/executions/{execution.Id()}/cancel");

        Assert.Equal("canceled", (string?)summary!["status"]);
    }

    [BackendFact]
    public async Task Retry_FailedExecution_StartsAChild()
    {
        var failed = await RunAndWaitAsync(await WorkflowAsync(Samples.Failing()));

        var started = await Operator.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/executions/{failed.Id()}/retry");
        var retry = await WaitForStatusAsync((string)started!["executionId"]!, "error", "success");

        Assert.Equal(failed.Id(), (string?)retry["parentExecutionId"]);
        Assert.Equal("retry", (string?)retry["mode"]);
        var ok = await RunAndWaitAsync(await WorkflowAsync());
        await Operator.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict", "POST", $"api/v1/executions/{ok.Id()}/retry");
    }

    [BackendFact]
    public async Task Replay_FromNode_ReusesUpstreamAndRunsTheNodeAgain()
    {
        var source = await RunAndWaitAsync(await WorkflowAsync());

        var started = await Operator.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/executions/{source.Id()}/replay", new { fromNode = "Set" });
        var replay = await WaitForStatusAsync((string)started!["executionId"]!, "success", "error");

        Assert.Equal("success", (string?)replay["status"]);
        Assert.Equal(source.Id(), (string?)replay["parentExecutionId"]);
        Assert.Equal(2, (double)replay["runData"]!["Set"]![0]!["data"]!["main"]![0]![0]!["json"]!["x"]!);
        await Operator.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", $"api/v1/executions/{source.Id()}/replay", new { fromNode = "Nope" });
    }

    [BackendFact]
    public async Task Fork_WithEditedItems_RunsDownstreamOnThem()
    {
        var source = await RunAndWaitAsync(await WorkflowAsync(Samples.Then("Fork", "n8n-nodes-base.noOp", 1, new { }))); 

        var started = await Operator.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/executions/{source.Id()}/fork", new { fromNode = "Start", items = new[] { new { json = new { edited = true } } } });
        var fork = await WaitForStatusAsync((string)started!["executionId"]!, "success", "error");

        Assert.True((bool)fork["runData"]!["Second"]![0]!["data"]!["main"]![0]![0]!["json"]!["edited"]!);
        await Operator.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", $"api/v1/executions/{source.Id()}/fork", new { fromNode = "Start" });
    }
}

/// <summary>The suite on SQLite.</summary>
public sealed class SqliteExecutionEndpointsTests(TestUsers users) : ExecutionEndpointsTests(users), IClassFixture<TestUsers>;

/// <summary>The suite on PostgreSQL (a database of its own).</summary>
[RequiresPostgres]
public sealed class PostgresExecutionEndpointsTests(PostgresTestUsers users) : ExecutionEndpointsTests(users), IClassFixture<PostgresTestUsers>;
