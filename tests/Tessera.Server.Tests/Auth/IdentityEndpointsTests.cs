using System.Net;
using Tessera.Server.Auth;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Storage.Identity;

namespace Tessera.Server.Tests.Auth;

/// <summary>/users, /projects, members and /api-keys against a server with a user per role.</summary>
public abstract class IdentityEndpointsTests(TestUsers users)
{
    [BackendFact]
    public async Task Users_OwnerCreatesUpdatesAndDeletes()
    {
        var created = await users.Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/users", new { email = "new1@example.com", name = "New", password = "long enough" });
        var patched = await users.Owner.ExpectAsync(HttpStatusCode.OK, "PATCH", $"api/v1/users/{created.Id()}", new { name = "Renamed" });
        var list = await users.Owner.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/users");
        await users.Owner.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/users/{created.Id()}");

        Assert.Equal("Renamed", (string?)patched!["name"]);
        Assert.Contains(list!.AsArray(), u => u.Id() == created.Id());
        await users.Owner.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/users/{created.Id()}");
    }

    [BackendFact]
    public async Task Users_DuplicateEmail_Conflict()
    {
        await users.Owner.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict", "POST", "api/v1/users", new { email = "ADMIN@example.com", name = "Dup", password = "long enough" });
    }

    [BackendFact]
    public async Task Users_InvalidBody_ValidationFailed()
    {
        var problem = await users.Owner.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", "api/v1/users", new { email = "x", password = "1" });

        Assert.Equal(3, problem["errors"]!.AsArray().Count);
        await users.Owner.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "PATCH", $"api/v1/users/{users.UserIds["viewer"]}", new { email = "bad" });
    }

    [BackendFact]
    public async Task Users_OwnerCannotDeleteThemselves()
    {
        await users.Owner.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict", "DELETE", $"api/v1/users/{users.UserIds["owner"]}");
    }

    [BackendFact]
    public async Task Users_PasswordChange_EndsThatUsersSessions()
    {
        var created = await users.Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/users", new { email = "pw@example.com", name = "Pw", password = "long enough" });
        using var client = Http.NewClient(users.Server.BaseAddress);
        await client.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/login", new { email = "pw@example.com", password = "long enough" });

        await users.Owner.ExpectAsync(HttpStatusCode.OK, "PATCH", $"api/v1/users/{created.Id()}", new { password = "another long one" });

        await client.ExpectAsync(HttpStatusCode.Unauthorized, "GET", "api/v1/me");
        await client.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/login", new { email = "pw@example.com", password = "another long one" });
    }

    [BackendFact]
    public async Task Projects_ListShowsOnlyVisibleProjectsWithTheCallersRole()
    {
        var viewer = (await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/projects"))!.AsArray();
        var owner = (await users.Owner.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/projects"))!.AsArray();

        var team = Assert.Single(viewer);
        Assert.Equal(users.TeamId, team.Id());
        Assert.Equal("viewer", (string?)team!["role"]);
        Assert.Contains(owner, p => p.Id() == users.OtherId);
        Assert.All(owner, p => Assert.Equal("admin", (string?)p!["role"]));
    }

    [BackendFact]
    public async Task Projects_OtherProject_IsNotFoundForOutsiders()
    {
        await users.Outsider.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/projects/{users.TeamId}");
        await users.Outsider.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/projects/{users.TeamId}/members");
        await users.Outsider.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "PUT", $"api/v1/projects/{users.TeamId}/members/{users.UserIds["outsider"]}", new { role = "admin" });
        var members = await users.Owner.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/projects/{users.TeamId}/members");
        Assert.DoesNotContain(members!.AsArray(), m => (string?)m!["userId"] == users.UserIds["outsider"]);
    }

    [BackendFact]
    public async Task Projects_MembersAreListedWithRoles_AndInvalidRoleIsRejected()
    {
        var members = (await users.Member(ProjectRole.Viewer).ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/projects/{users.TeamId}/members"))!.AsArray();

        Assert.Equal("operator", (string?)members.Single(m => (string?)m!["userId"] == users.UserIds["operator"])!["role"]);
        Assert.Equal("operator@example.com", (string?)members.Single(m => (string?)m!["userId"] == users.UserIds["operator"])!["email"]);
        await users.Member(ProjectRole.Admin).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "PUT", $"api/v1/projects/{users.TeamId}/members/{users.UserIds["viewer"]}", new { role = "superuser" });
        await users.Member(ProjectRole.Admin).ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "PUT", $"api/v1/projects/{users.TeamId}/members/nobody", new { role = "viewer" });
    }

    [BackendFact]
    public async Task Projects_CreateRenameDelete_ByOwner()
    {
        var project = await users.Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/projects", new { name = "Temp" });
        var renamed = await users.Owner.ExpectAsync(HttpStatusCode.OK, "PATCH", $"api/v1/projects/{project.Id()}", new { name = "Temp 2" });
        await users.Owner.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", "api/v1/projects", new { name = " " });
        await users.Owner.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/projects/{project.Id()}");

        Assert.Equal("Temp 2", (string?)renamed!["name"]);
        await users.Owner.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/projects/{project.Id()}");
    }

    [BackendFact]
    public async Task ApiKeys_CreatedKeyIsShownOnceStoredHashedAndAuthenticatesInEveryHeader()
    {
        var created = await users.Member(ProjectRole.Admin).ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/api-keys", new { name = "ci", projectId = users.TeamId, role = "operator" });
        var key = (string)created!["key"]!;
        var list = (await users.Member(ProjectRole.Admin).ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/api-keys"))!.AsArray();

        Assert.StartsWith(SecretTokens.ApiKeyPrefix, key, StringComparison.Ordinal);
        Assert.StartsWith((string)created["prefix"]!, key, StringComparison.Ordinal);
        var listed = list.Single(k => k.Id() == created.Id());
        Assert.Null(listed!["key"]);
        Assert.DoesNotContain(key, list.ToJsonString(), StringComparison.Ordinal);
        var stored = await users.Server.Storage.ApiKeys.GetAsync(created.Id(), default);
        Assert.Equal(SecretTokens.Hash(key), stored!.KeyHash);

        foreach (var header in new[] { "X-Tessera-Api-Key", "X-N8N-API-KEY", "Authorization" })
        {
            using var client = new HttpClient { BaseAddress = users.Server.BaseAddress };
            client.DefaultRequestHeaders.Add(header, header == "Authorization" ? "Bearer " + key : key);
            var me = await client.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/me");
            var project = Assert.Single(me!["projects"]!.AsArray());
            Assert.Equal("operator", (string?)project!["role"]);
            Assert.Equal(created.Id(), (string?)me["apiKeyId"]);
        }
    }

    [BackendFact]
    public async Task ApiKeys_WrongOrRevokedKey_Unauthorized()
    {
        var created = await users.Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/api-keys", new { name = "tmp", projectId = users.TeamId, role = "viewer" });
        using var client = new HttpClient { BaseAddress = users.Server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Tessera-Api-Key", (string)created!["key"]!);
        await client.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/me");

        await users.Owner.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"api/v1/api-keys/{created.Id()}");

        await client.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", "GET", "api/v1/me");
        using var wrong = new HttpClient { BaseAddress = users.Server.BaseAddress };
        wrong.DefaultRequestHeaders.Add("X-Tessera-Api-Key", "tsk_wrong");
        await wrong.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", "GET", "api/v1/projects");
    }

    [BackendFact]
    public async Task ApiKeys_InvalidBodyOrForeignProject_Rejected()
    {
        var problem = await users.Member(ProjectRole.Admin).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", "api/v1/api-keys", new { role = "god" });
        Assert.Equal(3, problem["errors"]!.AsArray().Count);
        await users.Outsider.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "POST", "api/v1/api-keys", new { name = "x", projectId = users.TeamId, role = "viewer" });
        await users.Member(ProjectRole.Editor).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden", "POST", "api/v1/api-keys", new { name = "x", projectId = users.TeamId, role = "viewer" });
        var outsiderKeys = (await users.Outsider.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/api-keys"))!.AsArray();
        Assert.All(outsiderKeys, k => Assert.Equal(users.OtherId, (string?)k!["projectId"]));
    }

    [BackendFact]
    public async Task ApiKey_CannotActAsOwner()
    {
        var created = await users.Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/api-keys", new { name = "owner's", projectId = users.TeamId, role = "admin" });
        using var client = new HttpClient { BaseAddress = users.Server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Tessera-Api-Key", (string)created!["key"]!);

        await client.ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden", "GET", "api/v1/users");
        await client.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "GET", $"api/v1/projects/{users.OtherId}");
    }

    [BackendFact]
    public async Task Unauthenticated_ProtectedEndpoint_401ProblemBeforeReadingTheBody()
    {
        await users.Anonymous.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", "POST", "api/v1/users", "{not json");
    }

    [BackendFact]
    public async Task MalformedJsonOrWrongContentType_4xxAndNothingCreated()
    {
        var before = (await users.Server.Storage.Projects.ListAsync(default)).Count;

        await users.Owner.ExpectProblemAsync(HttpStatusCode.BadRequest, "bad-request", "POST", "api/v1/projects", "{\"name\": ");
        await users.Owner.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "POST", "api/v1/projects", new StringContent("name=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(before, (await users.Server.Storage.Projects.ListAsync(default)).Count);
    }

    [BackendFact]
    public async Task Projects_DeleteByAdmin_ForbiddenButOwnerOnly()
    {
        await users.Member(ProjectRole.Admin).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden", "DELETE", $"api/v1/projects/{users.TeamId}");
        await users.Outsider.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found", "DELETE", $"api/v1/projects/{users.TeamId}");
    }
}

/// <summary>The suite on SQLite.</summary>
public sealed class SqliteIdentityEndpointsTests(TestUsers users) : IdentityEndpointsTests(users), IClassFixture<TestUsers>;

/// <summary>The suite on PostgreSQL (a database of its own).</summary>
[RequiresPostgres]
public sealed class PostgresIdentityEndpointsTests(PostgresTestUsers users) : IdentityEndpointsTests(users), IClassFixture<PostgresTestUsers>;
