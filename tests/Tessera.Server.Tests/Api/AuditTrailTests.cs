using System.Net;
using System.Text.Json.Nodes;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Storage.Identity;

namespace Tessera.Server.Tests.Api;

/// <summary>Every state change made through the API lands in the audit log with actor, target and project, and the chain still verifies.</summary>
public sealed class AuditTrailTests(TestUsers users) : IClassFixture<TestUsers>
{
    private HttpClient Owner => users.Owner;

    private HttpClient Editor => users.Member(ProjectRole.Editor);

    private HttpClient Operator => users.Member(ProjectRole.Operator);

    private string Actor(string who) => "user:" + users.UserIds[who];

    /// <summary>The newest entry with this action and target, asserted to exist and name the actor (and project, when given).</summary>
    private async Task<JsonNode> ExpectEntryAsync(string action, string target, string actor, string? projectId = null)
    {
        var page = await Owner.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/audit?action={action}&target={Uri.EscapeDataString(target)}");
        var entry = page!["items"]!.AsArray().FirstOrDefault();
        Assert.True(entry is not null, $"no {action} entry for {target}");
        Assert.Equal(actor, (string?)entry!["actor"]);
        Assert.Equal(target, (string?)entry["target"]);
        if (projectId is not null)
        {
            Assert.Equal(projectId, (string?)entry["projectId"]);
        }

        return entry;
    }

    private async Task ExpectChainIntactAsync()
    {
        var result = await Owner.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/audit/verify");
        Assert.True((bool)result!["ok"]!, result.ToJsonString());
    }

    private async Task<string> WaitForFinishAsync(string executionId)
    {
        for (var i = 0; i < 200; i++)
        {
            var execution = await Operator.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/executions/{executionId}");
            if ((string?)execution!["status"] is "success" or "error" or "canceled" or "waiting")
            {
                return (string)execution["status"]!;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Execution {executionId} never finished.");
    }

    [Fact]
    public async Task Workflow_CreateUpdateDuplicateDelete_EachRecordedWithTheEditor()
    {
        var created = await Editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Manual("Audited"));
        var id = created.Id();
        var body = (JsonObject)created!.DeepClone();
        body["name"] = "Audited v2";
        await Editor.ExpectAsync(HttpStatusCode.OK, "PUT", $"api/v1/workflows/{id}", body);
        var copy = await Editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows/{id}/duplicate");
        await Editor.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/workflows/{id}");

        var createdEntry = await ExpectEntryAsync("workflow.created", id, Actor("editor"), users.TeamId);
        var updated = await ExpectEntryAsync("workflow.updated", id, Actor("editor"), users.TeamId);
        var duplicated = await ExpectEntryAsync("workflow.created", copy.Id(), Actor("editor"), users.TeamId);
        var deleted = await ExpectEntryAsync("workflow.deleted", id, Actor("editor"), users.TeamId);
        Assert.Equal("Audited", (string?)createdEntry["details"]!["name"]);
        Assert.Equal("Audited v2", (string?)updated["details"]!["name"]);
        Assert.Equal(id, (string?)duplicated["details"]!["duplicatedFrom"]);
        Assert.Equal("Audited v2", (string?)deleted["details"]!["name"]);
        await ExpectChainIntactAsync();
    }

    [Fact]
    public async Task Workflow_ImportActivateDeactivate_Recorded()
    {
        var path = "audit-" + Guid.NewGuid().ToString("n")[..8];
        var hook = new
        {
            name = "Hook",
            nodes = new object[] { new { id = "w", name = "Webhook", type = "n8n-nodes-base.webhook", typeVersion = 2, position = new[] { 0, 0 }, webhookId = path, parameters = new { httpMethod = "POST", path } } },
            connections = new { },
        };
        var imported = await Editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows/import?projectId={users.TeamId}", new[] { hook });
        var id = imported!.AsArray()[0].Id();

        await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{id}/activate");
        await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{id}/deactivate");

        await ExpectEntryAsync("workflow.imported", id, Actor("editor"), users.TeamId);
        await ExpectEntryAsync("workflow.activated", id, Actor("operator"), users.TeamId);
        await ExpectEntryAsync("workflow.deactivated", id, Actor("operator"), users.TeamId);
    }

    [Fact]
    public async Task Execution_RetryReplayForkCancelDelete_Recorded()
    {
        var failing = (await Editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Failing())).Id();
        var failed = (await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{failing}/run", new { wait = true })).Id();
        var manual = (await Editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Manual())).Id();
        var ok = (await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{manual}/run", new { wait = true })).Id();
        var parked = (await Editor.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Parked())).Id();
        var waiting = (await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{parked}/run", new { wait = true })).Id();

        var retry = (string)(await Operator.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/executions/{failed}/retry"))!["executionId"]!;
        var replay = (string)(await Operator.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/executions/{ok}/replay", new { fromNode = "Set" }))!["executionId"]!;
        var fork = (string)(await Operator.ExpectAsync(HttpStatusCode.Accepted, "POST", $"api/v1/executions/{ok}/fork", new { fromNode = "Start", items = new[] { new { json = new { a = 1 } } } }))!["executionId"]!;
        await Operator.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/executions/{waiting}/cancel");
        await WaitForFinishAsync(retry);
        await WaitForFinishAsync(replay);
        await WaitForFinishAsync(fork);
        await Editor.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/executions/{ok}");

        Assert.Equal(retry, (string?)(await ExpectEntryAsync("execution.retried", failed, Actor("operator"), users.TeamId))["details"]!["newExecutionId"]);
        var replayed = await ExpectEntryAsync("execution.replayed", ok, Actor("operator"), users.TeamId);
        Assert.Equal(replay, (string?)replayed["details"]!["newExecutionId"]);
        Assert.Equal("Set", (string?)replayed["details"]!["fromNode"]);
        Assert.Equal(fork, (string?)(await ExpectEntryAsync("execution.forked", ok, Actor("operator"), users.TeamId))["details"]!["newExecutionId"]);
        await ExpectEntryAsync("execution.cancelled", waiting, Actor("operator"), users.TeamId);
        Assert.Equal(manual, (string?)(await ExpectEntryAsync("execution.deleted", ok, Actor("editor"), users.TeamId))["details"]!["workflowId"]);
        await ExpectChainIntactAsync();
    }

    [Fact]
    public async Task Users_CreateUpdateOwnerDelete_RecordedWithoutPasswords()
    {
        const string Password = "audit-Pass-Quokka-77";
        const string NewPassword = "audit-Pass-Numbat-88";
        var user = await Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/users", new { email = "audited@example.com", name = "Audited", password = Password });
        var id = user.Id();
        await Owner.ExpectAsync(HttpStatusCode.OK, "PATCH", $"api/v1/users/{id}", new { password = NewPassword, name = "Renamed" });
        await Owner.ExpectAsync(HttpStatusCode.OK, "PATCH", $"api/v1/users/{id}", new { isOwner = true });
        await Owner.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/users/{id}");

        await ExpectEntryAsync("user.created", id, Actor("owner"));
        var updated = await ExpectEntryAsync("user.updated", id, Actor("owner"));
        var role = await ExpectEntryAsync("user.role_changed", id, Actor("owner"));
        await ExpectEntryAsync("user.deleted", id, Actor("owner"));
        Assert.True((bool)updated["details"]!["passwordChanged"]!);
        Assert.True((bool)updated["details"]!["nameChanged"]!);
        Assert.True((bool)role["details"]!["isOwner"]!);
        var all = (await Owner.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/audit?limit=1000"))!.ToJsonString();
        Assert.DoesNotContain(Password, all, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, all, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Projects_CreateRenameMembersDelete_Recorded()
    {
        var project = (await Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/projects", new { name = "Audited project" })).Id();
        await Owner.ExpectAsync(HttpStatusCode.OK, "PATCH", $"api/v1/projects/{project}", new { name = "Audited project 2" });
        var viewer = users.UserIds["viewer"];
        await Owner.ExpectAsync(HttpStatusCode.OK, "PUT", $"api/v1/projects/{project}/members/{viewer}", new { role = "operator" });
        await Owner.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/projects/{project}/members/{viewer}");
        await Owner.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/projects/{project}");

        await ExpectEntryAsync("project.created", project, Actor("owner"), project);
        Assert.Equal("Audited project", (string?)(await ExpectEntryAsync("project.renamed", project, Actor("owner"), project))["details"]!["previousName"]);
        Assert.Equal("operator", (string?)(await ExpectEntryAsync("project.member_set", viewer, Actor("owner"), project))["details"]!["role"]);
        await ExpectEntryAsync("project.member_removed", viewer, Actor("owner"), project);
        await ExpectEntryAsync("project.deleted", project, Actor("owner"), project);
    }

    [Fact]
    public async Task ApiKeys_CreateUseRevoke_RecordedWithoutTheKey_AndTheKeyIsTheActor()
    {
        var admin = users.Member(ProjectRole.Admin);
        var created = await admin.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/api-keys", new { name = "audit key", projectId = users.TeamId, role = "editor" });
        var keyId = created.Id();
        var key = (string)created!["key"]!;
        using var viaKey = new HttpClient { BaseAddress = users.Server.BaseAddress };
        viaKey.DefaultRequestHeaders.Add("X-Tessera-Api-Key", key);
        var workflow = (await viaKey.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={users.TeamId}", Samples.Manual("By key"))).Id();
        await admin.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/api-keys/{keyId}");

        var entry = await ExpectEntryAsync("apikey.created", keyId, Actor("admin"), users.TeamId);
        await ExpectEntryAsync("apikey.revoked", keyId, Actor("admin"), users.TeamId);
        await ExpectEntryAsync("workflow.created", workflow, "apikey:" + keyId, users.TeamId);
        Assert.Equal("editor", (string?)entry["details"]!["role"]);
        var all = (await Owner.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/audit?limit=1000"))!.ToJsonString();
        Assert.DoesNotContain(key, all, StringComparison.Ordinal);
        Assert.DoesNotContain(key[4..], all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPasswords_RecordFailuresThenTheLock()
    {
        var id = (await Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/users", new { email = "locked@example.com", name = "Locked", password = TestUsers.Password })).Id();
        using var anonymous = new HttpClient { BaseAddress = users.Server.BaseAddress };
        for (var i = 0; i < 5; i++)
        {
            await anonymous.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", "POST", "api/v1/auth/login", new { email = "locked@example.com", password = "wrong-guess-" + i });
        }

        var failure = await ExpectEntryAsync("user.login_failed", id, "anonymous");
        await ExpectEntryAsync("user.locked", id, "system");
        Assert.Equal(5, (int)failure["details"]!["failedLogins"]!);
        var all = (await Owner.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/audit?limit=1000"))!.ToJsonString();
        Assert.DoesNotContain("wrong-guess", all, StringComparison.Ordinal);
        await ExpectChainIntactAsync();
    }
}
