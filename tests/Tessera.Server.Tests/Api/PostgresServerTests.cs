using System.Net;
using Tessera.Storage;
using Tessera.Storage.Identity;

namespace Tessera.Server.Tests.Api;

/// <summary>The API end to end on PostgreSQL: identity, workflows, runs, executions, roles and cross-project denial.</summary>
public sealed class PostgresServerTests(PostgresTestUsers users) : IClassFixture<PostgresTestUsers>
{
    [PostgresFact]
    public async Task EndToEnd_OnPostgres()
    {
        Assert.Equal(StorageProvider.Postgres, users.Server.Storage.Provider);
        var editor = users.Member(ProjectRole.Editor);
        var created = await editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Manual("PG", ["pg"]));
        var edit = created!.DeepClone().AsObject();
        edit["name"] = "PG 2";
        await editor.ExpectAsync(HttpStatusCode.OK, "PUT", $"api/v1/workflows/{created.Id()}", edit.ToJsonString());
        await editor.ExpectProblemAsync(HttpStatusCode.Conflict, "version-conflict", "PUT", $"api/v1/workflows/{created.Id()}", edit.ToJsonString());

        var execution = await users.Member(ProjectRole.Operator).ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{created.Id()}/run", new { wait = true });
        var list = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/workflows?tag=pg");
        var executions = await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/executions?workflowId={created.Id()}");

        Assert.Equal("success", (string?)execution!["status"]);
        Assert.Equal(2, (double)execution["runData"]!["Set"]![0]!["data"]!["main"]![0]![0]!["json"]!["x"]!);
        Assert.Equal("success", (string?)list!["items"]![0]!["lastExecution"]!["status"]);
        Assert.Single(executions!["items"]!.AsArray());
        await users.Member(ProjectRole.Viewer).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden", "DELETE", $"api/v1/workflows/{created.Id()}");
        await users.Outsider.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/executions/{execution.Id()}");
        var key = await users.Member(ProjectRole.Admin).ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/api-keys", new { name = "pg", projectId = users.TeamId, role = "viewer" });
        using var client = new HttpClient { BaseAddress = users.Server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-N8N-API-KEY", (string)key!["key"]!);
        await client.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/workflows/{created.Id()}");
    }
}
