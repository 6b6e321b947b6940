using System.Net;
using System.Text.Json.Nodes;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Storage.Identity;

namespace Tessera.Server.Tests.Api;

public abstract class WorkflowEndpointsTests(TestUsers users)
{
    private HttpClient Editor => users.Member(ProjectRole.Editor);

    private Task<JsonNode?> CreateAsync(object? body = null, string? project = null) =>
        Editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={project ?? users.TeamId}", body ?? Samples.Manual());

    [BackendFact]
    public async Task Create_ThenGet_ReturnsN8nJsonWithServerFields()
    {
        var created = await CreateAsync(Samples.Manual("Orders", ["sales"]));
        var read = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/workflows/{created.Id()}");

        Assert.Equal("Orders", (string?)read!["name"]);
        Assert.Equal(users.TeamId, (string?)read["projectId"]);
        Assert.False((bool)read["active"]!);
        Assert.Equal((string?)created!["versionId"], (string?)read["versionId"]);
        Assert.Equal(2, read["nodes"]!.AsArray().Count);
        Assert.Equal("sales", (string?)read["tags"]![0]);
        Assert.NotNull(read["connections"]!["Start"]);
        Assert.EndsWith("Z", (string?)read["createdAt"], StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task Create_Invalid_ListsEveryProblemAndSavesNothing()
    {
        var before = (await users.Server.Storage.Workflows.ListAsync(new() { Limit = 1000 }, default)).Count;

        var problem = await Editor.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", $"api/v1/workflows?projectId={users.TeamId}",
            new { name = "", nodes = new object[] { new { name = "A" } }, connections = new { } });
        await Editor.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", $"api/v1/workflows?projectId={users.TeamId}", "[1,2]");

        Assert.True(problem["errors"]!.AsArray().Count >= 2);
        Assert.Contains(problem["errors"]!.AsArray(), e => (string?)e!["path"] == "name");
        Assert.Equal(before, (await users.Server.Storage.Workflows.ListAsync(new() { Limit = 1000 }, default)).Count);
    }

    [BackendFact]
    public async Task Create_WithoutProjectId_UsesTheCallersProject()
    {
        var created = await Editor.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/workflows", Samples.Manual());

        Assert.Equal(users.TeamId, (string?)created!["projectId"]);
    }

    [BackendFact]
    public async Task Update_WithCurrentVersion_SavesAndChangesVersion_StaleVersionConflicts()
    {
        var created = await CreateAsync();
        var edit = created!.DeepClone().AsObject();
        edit["name"] = "Renamed";

        var updated = await Editor.ExpectAsync(HttpStatusCode.OK, "PUT", $"api/v1/workflows/{created.Id()}", edit.ToJsonString());
        var conflict = await Editor.ExpectProblemAsync(HttpStatusCode.Conflict, "version-conflict", "PUT", $"api/v1/workflows/{created.Id()}", edit.ToJsonString());

        Assert.Equal("Renamed", (string?)updated!["name"]);
        Assert.NotEqual((string?)created["versionId"], (string?)updated["versionId"]);
        Assert.Equal((string?)updated["versionId"], (string?)conflict["currentVersionId"]);
    }

    [BackendFact]
    public async Task Update_WithoutVersionId_ValidationFailed()
    {
        var created = await CreateAsync();

        var problem = await Editor.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "PUT", $"api/v1/workflows/{created.Id()}", Samples.Manual());

        Assert.Contains(problem["errors"]!.AsArray(), e => (string?)e!["path"] == "versionId");
    }

    [BackendFact]
    public async Task List_FiltersBySearchTagActiveAndPages()
    {
        var tag = "t" + Guid.NewGuid().ToString("n")[..8];
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(Samples.Manual($"List {tag} {i}", [tag]));
        }

        await CreateAsync(Samples.Manual($"Other {tag}"));

        var byTag = await Editor.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/workflows?tag={tag}&limit=2&offset=1");
        var bySearch = await Editor.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/workflows?search={tag.ToUpperInvariant()}&active=false");
        var activeOnly = await Editor.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/workflows?search={tag}&active=true");

        Assert.Equal(3, (int)byTag!["total"]!);
        Assert.Equal(2, byTag["items"]!.AsArray().Count);
        Assert.Equal($"List {tag} 1", (string?)byTag["items"]![0]!["name"]);
        Assert.Equal(2, (int)byTag["items"]![0]!["nodeCount"]!);
        Assert.Null(byTag["items"]![0]!["lastExecution"]);
        Assert.Equal(4, (int)bySearch!["total"]!);
        Assert.Equal(0, (int)activeOnly!["total"]!);
        await Editor.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "GET", "api/v1/workflows?limit=0");
    }

    [BackendFact]
    public async Task List_ShowsOnlyVisibleProjects()
    {
        var hidden = await users.Outsider.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.OtherId}", Samples.Manual("Outsider's"));

        var list = await Editor.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/workflows?limit=250");

        Assert.DoesNotContain(list!["items"]!.AsArray(), w => w.Id() == hidden.Id());
        await Editor.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/workflows?projectId={users.OtherId}");
        await Editor.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/workflows/{hidden.Id()}");
        await Editor.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "DELETE", $"api/v1/workflows/{hidden.Id()}");
        await Editor.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "POST", $"api/v1/workflows?projectId={users.OtherId}", Samples.Manual());
        Assert.NotNull(await users.Server.Storage.Workflows.GetAsync(hidden.Id(), default));
    }

    [BackendFact]
    public async Task Delete_RemovesIt()
    {
        var created = await CreateAsync();

        await Editor.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/workflows/{created.Id()}");

        await Editor.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/workflows/{created.Id()}");
    }

    [BackendFact]
    public async Task Activate_ManualOnlyWorkflow_400AndStaysInactive()
    {
        var created = await CreateAsync();

        var problem = await users.Member(ProjectRole.Operator).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", $"api/v1/workflows/{created.Id()}/activate");

        Assert.Contains("trigger", (string?)problem["detail"], StringComparison.OrdinalIgnoreCase);
        Assert.False((await users.Server.Storage.Workflows.GetAsync(created.Id(), default))!.Active);
    }

    [BackendFact]
    public async Task Deactivate_InactiveWorkflow_ReturnsIt()
    {
        var created = await CreateAsync();

        var result = await users.Member(ProjectRole.Operator).ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{created.Id()}/deactivate");

        Assert.False((bool)result!["active"]!);
    }

    [BackendFact]
    public async Task Export_IsN8nJsonWithoutProjectFields()
    {
        var created = await CreateAsync();

        var export = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/workflows/{created.Id()}/export");

        Assert.Equal(created.Id(), export.Id());
        Assert.Null(export!["projectId"]);
        Assert.Null(export["createdAt"]);
        Assert.Equal(2, export["nodes"]!.AsArray().Count);
    }

    [BackendFact]
    public async Task Duplicate_CreatesAnInactiveCopy()
    {
        var created = await CreateAsync(Samples.Manual("Original"));

        var copy = await Editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows/{created.Id()}/duplicate");

        Assert.NotEqual(created.Id(), copy.Id());
        Assert.Equal("Original (copy)", (string?)copy!["name"]);
        Assert.Equal(2, copy["nodes"]!.AsArray().Count);
    }

    [BackendFact]
    public async Task Import_ArrayAllOrNothing_AndKeepsFreeIds()
    {
        var id = "imp" + Guid.NewGuid().ToString("n")[..10];
        var good = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Samples.Manual("Imported")))!.AsObject();
        good["id"] = id;
        var bad = new JsonObject { ["name"] = "Bad", ["nodes"] = "not a list" };

        var problem = await Editor.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", $"api/v1/workflows/import?projectId={users.TeamId}", new JsonArray(good.DeepClone(), bad).ToJsonString());
        Assert.StartsWith("[1]", (string?)problem["errors"]![0]!["path"], StringComparison.Ordinal);
        Assert.Null(await users.Server.Storage.Workflows.GetAsync(id, default));

        var created = await Editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows/import?projectId={users.TeamId}", new JsonArray(good.DeepClone(), good.DeepClone()).ToJsonString());
        Assert.Equal(id, created![0].Id());
        Assert.NotEqual(id, created[1].Id());
        var single = await Editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows/import?projectId={users.TeamId}", good.ToJsonString());
        Assert.Single(single!.AsArray());
    }

    [BackendFact]
    public async Task Validate_ReportsEngineProblems()
    {
        var wf = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Samples.Manual()))!.AsObject();
        wf["nodes"]![1]!["type"] = "n8n-nodes-base.noSuchNode";

        var bad = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/workflows/validate", wf.ToJsonString());
        var good = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/workflows/validate", Samples.Manual());

        Assert.False((bool)bad!["valid"]!);
        Assert.Contains("noSuchNode", bad["problems"]![0]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.True((bool)good!["valid"]!);
        Assert.Empty(good["problems"]!.AsArray());
    }

    [BackendFact]
    public async Task NodeTypes_DescribeBuiltInsWithJsonDefaults()
    {
        var types = (await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/node-types"))!.AsArray();

        var ifType = types.Single(t => (string?)t!["name"] == "n8n-nodes-base.if");
        Assert.Equal(2, (int)ifType!["outputs"]!);
        Assert.Equal("flow", (string?)ifType["group"], ignoreCase: true);
        var manual = types.Single(t => (string?)t!["name"] == "n8n-nodes-base.manualTrigger");
        Assert.Equal("trigger", (string?)manual!["group"]);
        Assert.Contains(types, t => t!["parameters"]!.AsArray().Any(p => p!["default"] is JsonValue));
    }

    [BackendFact]
    public async Task ExpressionPreview_EvaluatesAgainstRunData_AndReportsErrors()
    {
        var runData = JsonNode.Parse("""{ "Start": [ { "startTime": 0, "data": { "main": [ [ { "json": { "n": 20 } }, { "json": { "n": 21 } } ] ] } } ] }""");
        var request = new { workflow = Samples.Manual(), node = "Set", expression = "{{ $json.n * 2 }}", itemIndex = 1, runData };

        var value = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/expressions/preview", request);
        var error = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/expressions/preview", new { workflow = Samples.Manual(), node = "Set", expression = "{{ $json.n.( }}" });

        Assert.Equal(42, (double)value!["value"]!);
        Assert.False(string.IsNullOrEmpty((string?)error!["error"]));
        await users.Member(ProjectRole.Viewer).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", "api/v1/expressions/preview", new { workflow = Samples.Manual(), node = "Nope", expression = "{{1}}" });
    }

    [BackendFact]
    public async Task Activate_WebhookWorkflow_GoesLiveAndDeactivateStopsIt()
    {
        var path = "api-test-" + Guid.NewGuid().ToString("n")[..8];
        var created = await CreateAsync(new
        {
            name = "Hook",
            nodes = new object[] { new { id = "w", name = "Webhook", type = "n8n-nodes-base.webhook", typeVersion = 2, position = new[] { 0, 0 }, webhookId = path, parameters = new { httpMethod = "POST", path } } },
            connections = new { },
        });
        using var anonymous = new HttpClient { BaseAddress = users.Server.BaseAddress };

        var active = await users.Member(ProjectRole.Operator).ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{created.Id()}/activate");
        using var live = await anonymous.PostAsync($"webhook/{path}", Http.Json("{}"));
        await users.Member(ProjectRole.Operator).ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{created.Id()}/deactivate");
        using var gone = await anonymous.PostAsync($"webhook/{path}", Http.Json("{}"));

        Assert.True((bool)active!["active"]!);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.False((await users.Server.Storage.Workflows.GetAsync(created.Id(), default))!.Active);
    }
}

/// <summary>The suite on SQLite.</summary>
public sealed class SqliteWorkflowEndpointsTests(TestUsers users) : WorkflowEndpointsTests(users), IClassFixture<TestUsers>;

/// <summary>The suite on PostgreSQL (a database of its own).</summary>
[RequiresPostgres]
public sealed class PostgresWorkflowEndpointsTests(PostgresTestUsers users) : WorkflowEndpointsTests(users), IClassFixture<PostgresTestUsers>;
