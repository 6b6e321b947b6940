using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Storage.Identity;

namespace Tessera.Server.Tests.Auth;

/// <summary>
/// Every API endpoint once, with the weakest role that may call it; each is tried as the owner, every project role,
/// an outsider (admin of another project) and anonymously. Expected: 2xx when allowed, 403 for a known resource and
/// too weak a role, 404 for another project's resource, 401 without credentials. A second test fails when an
/// endpoint is mapped but missing here, so new endpoints join the matrix.
/// </summary>
public abstract class RoleMatrixTests(TestUsers users)
{
    /// <summary>Who may call: a project role, "any" signed-in caller, "owner" (instance owner only) or "admin-anywhere" (admin of any project).</summary>
    public sealed record Case(string Method, string Route, string Min, Func<TestUsers, string, Task<(string Path, object? Body)>> Arrange)
    {
        public override string ToString() => $"{Method} {Route}";
    }

    /// <summary>
    /// Endpoints that need no credentials (tested in SetupAndLoginTests and OpenApiTests). The OAuth2 callback is
    /// authorised by its sealed state instead (OAuth2AuthorizationCodeTests).
    /// </summary>
    public static readonly string[] Public =
    [
        "GET /api/v1/auth/status", "POST /api/v1/auth/setup", "POST /api/v1/auth/login", "POST /api/v1/auth/logout",
        "GET /api/v1/openapi.json", "GET /api/v1/docs", "GET /rest/oauth2-credential/callback",
    ];

    public static readonly string[] Callers = ["owner", "admin", "editor", "operator", "approver", "viewer", "outsider", "anonymous"];

    public static readonly Case[] Endpoints =
    [
        new("GET", "/api/v1/me", "any", Static("api/v1/me")),
        new("GET", "/api/v1/credential-types", "any", Static("api/v1/credential-types")),
        new("GET", "/api/v1/credentials", "viewer", (u, _) => Task.FromResult(($"api/v1/credentials?projectId={u.TeamId}", (object?)null))),
        new("POST", "/api/v1/credentials", "editor", (u, _) => Task.FromResult(($"api/v1/credentials?projectId={u.TeamId}", (object?)new { name = "C " + Unique(), type = "httpBearerAuth", data = new { token = "t" } }))),
        new("GET", "/api/v1/credentials/{id}", "viewer", async (u, _) => ($"api/v1/credentials/{await NewCredentialAsync(u)}", null)),
        new("PATCH", "/api/v1/credentials/{id}", "editor", async (u, _) => ($"api/v1/credentials/{await NewCredentialAsync(u)}", new { name = "R " + Unique() })),
        new("DELETE", "/api/v1/credentials/{id}", "editor", async (u, _) => ($"api/v1/credentials/{await NewCredentialAsync(u)}", null)),
        new("POST", "/api/v1/credentials/{id}/test", "editor", async (u, _) => ($"api/v1/credentials/{await NewCredentialAsync(u)}/test", null)),
        new("GET", "/api/v1/credentials/{id}/oauth2/auth", "editor", async (u, _) => ($"api/v1/credentials/{await NewOAuth2CredentialAsync(u)}/oauth2/auth", null)),
        new("GET", "/api/v1/audit", "owner", Static("api/v1/audit")),
        new("GET", "/metrics", "admin-anywhere", Static("metrics")),
        new("POST", "/api/v1/audit/verify", "owner", Static("api/v1/audit/verify")),
        new("GET", "/api/v1/users", "owner", Static("api/v1/users")),
        new("POST", "/api/v1/users", "owner", (_, _) => Task.FromResult(("api/v1/users", (object?)new { email = Unique() + "@example.com", name = "N", password = TestUsers.Password }))),
        new("GET", "/api/v1/users/{id}", "owner", async (u, _) => ($"api/v1/users/{await NewUserAsync(u)}", null)),
        new("PATCH", "/api/v1/users/{id}", "owner", async (u, _) => ($"api/v1/users/{await NewUserAsync(u)}", new { name = "Renamed" })),
        new("DELETE", "/api/v1/users/{id}", "owner", async (u, _) => ($"api/v1/users/{await NewUserAsync(u)}", null)),
        new("GET", "/api/v1/projects", "any", Static("api/v1/projects")),
        new("POST", "/api/v1/projects", "owner", (_, _) => Task.FromResult(("api/v1/projects", (object?)new { name = "P " + Unique() }))),
        new("GET", "/api/v1/projects/{id}", "viewer", (u, _) => Task.FromResult(($"api/v1/projects/{u.TeamId}", (object?)null))),
        new("PATCH", "/api/v1/projects/{id}", "admin", (u, _) => Task.FromResult(($"api/v1/projects/{u.TeamId}", (object?)new { name = "Team" }))),
        new("DELETE", "/api/v1/projects/{id}", "owner-project", async (u, who) => ($"api/v1/projects/{(who == "owner" ? (await u.Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/projects", new { name = "Doomed" })).Id() : u.TeamId)}", null)),
        new("GET", "/api/v1/projects/{id}/members", "viewer", (u, _) => Task.FromResult(($"api/v1/projects/{u.TeamId}/members", (object?)null))),
        new("PUT", "/api/v1/projects/{id}/members/{userId}", "admin", async (u, _) => ($"api/v1/projects/{u.TeamId}/members/{await NewUserAsync(u)}", new { role = "viewer" })),
        new("DELETE", "/api/v1/projects/{id}/members/{userId}", "admin", async (u, _) => ($"api/v1/projects/{u.TeamId}/members/{await NewMemberAsync(u)}", null)),
        new("GET", "/api/v1/api-keys", "any", Static("api/v1/api-keys")),
        new("POST", "/api/v1/api-keys", "admin", (u, _) => Task.FromResult(("api/v1/api-keys", (object?)new { name = "k", projectId = u.TeamId, role = "viewer" }))),
        new("DELETE", "/api/v1/api-keys/{id}", "admin", async (u, _) => ($"api/v1/api-keys/{(await u.Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/api-keys", new { name = "k", projectId = u.TeamId, role = "viewer" })).Id()}", null)),
        new("GET", "/api/v1/workflows", "any", Static("api/v1/workflows")),
        new("POST", "/api/v1/workflows", "editor", (u, _) => Task.FromResult(($"api/v1/workflows?projectId={u.TeamId}", (object?)Samples.Manual()))),
        new("GET", "/api/v1/workflows/{id}", "viewer", async (u, _) => ($"api/v1/workflows/{await WorkflowAsync(u)}", null)),
        new("PUT", "/api/v1/workflows/{id}", "editor", async (u, _) =>
        {
            var created = await u.Owner.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={u.TeamId}", Samples.Manual());
            return ($"api/v1/workflows/{created.Id()}", created!.ToJsonString());
        }),
        new("DELETE", "/api/v1/workflows/{id}", "editor", async (u, _) => ($"api/v1/workflows/{await WorkflowAsync(u)}", null)),
        new("GET", "/api/v1/workflows/{id}/export", "viewer", async (u, _) => ($"api/v1/workflows/{await WorkflowAsync(u)}/export", null)),
        new("POST", "/api/v1/workflows/{id}/duplicate", "editor", async (u, _) => ($"api/v1/workflows/{await WorkflowAsync(u)}/duplicate", null)),
        new("POST", "/api/v1/workflows/{id}/activate", "operator", async (u, _) => ($"api/v1/workflows/{await WorkflowAsync(u, Webhook())}/activate", null)),
        new("POST", "/api/v1/workflows/{id}/deactivate", "operator", async (u, _) => ($"api/v1/workflows/{await WorkflowAsync(u)}/deactivate", null)),
        new("POST", "/api/v1/workflows/{id}/run", "operator", async (u, _) => ($"api/v1/workflows/{await WorkflowAsync(u)}/run", new { })),
        new("POST", "/api/v1/workflows/validate", "any", (_, _) => Task.FromResult(("api/v1/workflows/validate", (object?)Samples.Manual()))),
        new("POST", "/api/v1/workflows/import", "editor", (u, _) => Task.FromResult(($"api/v1/workflows/import?projectId={u.TeamId}", (object?)Samples.Manual()))),
        new("GET", "/api/v1/node-types", "any", Static("api/v1/node-types")),
        new("POST", "/api/v1/expressions/preview", "any", (_, _) => Task.FromResult(("api/v1/expressions/preview", (object?)new { workflow = Samples.Manual(), node = "Set", expression = "{{ 1 }}" }))),
        new("GET", "/api/v1/executions", "any", Static("api/v1/executions")),
        new("GET", "/api/v1/executions/{id}", "viewer", async (u, _) => ($"api/v1/executions/{await ExecutionAsync(u, Samples.Manual())}", null)),
        new("DELETE", "/api/v1/executions/{id}", "editor", async (u, _) => ($"api/v1/executions/{await ExecutionAsync(u, Samples.Manual())}", null)),
        new("POST", "/api/v1/executions/{id}/cancel", "operator", async (u, _) => ($"api/v1/executions/{await ExecutionAsync(u, Samples.Parked())}/cancel", null)),
        new("POST", "/api/v1/executions/{id}/retry", "operator", async (u, _) => ($"api/v1/executions/{await ExecutionAsync(u, Samples.Failing())}/retry", null)),
        new("POST", "/api/v1/executions/{id}/replay", "operator", async (u, _) => ($"api/v1/executions/{await ExecutionAsync(u, Samples.Manual())}/replay", new { fromNode = "Set" })),
        new("POST", "/api/v1/executions/{id}/fork", "operator", async (u, _) => ($"api/v1/executions/{await ExecutionAsync(u, Samples.Manual())}/fork", new { fromNode = "Start", items = new[] { new { json = new { a = 1 } } } })),
        new("GET", "/api/v1/executions/{id}/events", "viewer", async (u, _) => ($"api/v1/executions/{await ExecutionAsync(u, Samples.Manual())}/events", null)),
        new("GET", "/api/v1/events", "viewer", (u, _) => Task.FromResult(($"api/v1/events?projectId={u.TeamId}", (object?)null))),
    ];

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints)
        {
            foreach (var caller in Callers)
            {
                data.Add(endpoint.ToString(), caller);
            }
        }

        return data;
    }

    [BackendTheory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_Caller_GetsExpectedStatus(string endpoint, string caller)
    {
        var e = Endpoints.Single(x => x.ToString() == endpoint);
        var (path, body) = await e.Arrange(users, caller);
        var client = caller == "anonymous" ? users.Anonymous : users.As(caller);

        using var request = new HttpRequestMessage(new HttpMethod(e.Method), path);
        if (body is not null)
        {
            request.Content = body is string s ? Http.Json(s) : Http.Json(body);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        var expected = Expected(e.Min, caller);
        var detail = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "(stream)" : await response.Content.ReadAsStringAsync();
        if (expected == 200)
        {
            Assert.True(status is >= 200 and < 300, $"{endpoint} as {caller}: expected 2xx, got {status}: {detail}");
        }
        else
        {
            Assert.True(expected == status, $"{endpoint} as {caller}: expected {expected}, got {status}: {detail}");
        }
    }

    [BackendFact]
    public void Matrix_ListsEveryMappedApiEndpointExactlyOnce()
    {
        var mapped = users.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(r => r.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true || r.RoutePattern.RawText?.StartsWith("/rest/", StringComparison.Ordinal) == true || r.RoutePattern.RawText == "/metrics")
            .SelectMany(r => (r.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {r.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        var listed = Endpoints.Select(e => e.ToString()).Concat(Public).ToList();

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Empty(mapped.Except(listed).Order());
        Assert.Empty(listed.Except(mapped).Order());
    }

    private static int Expected(string min, string caller)
    {
        if (caller == "anonymous")
        {
            return 401;
        }

        switch (min)
        {
            case "any":
                return 200;
            case "owner":
                return caller == "owner" ? 200 : 403;
            case "owner-project":
                return caller == "owner" ? 200 : caller == "outsider" ? 404 : 403;
            case "admin-anywhere":
                // Instance-wide (metrics): the owner or an admin of any project, the outsider included.
                return caller is "owner" or "admin" or "outsider" ? 200 : 403;
        }

        if (caller == "owner")
        {
            return 200;
        }

        if (caller == "outsider")
        {
            return 404;
        }

        ProjectRoles.TryParse(min, out var needed);
        ProjectRoles.TryParse(caller, out var has);
        return has >= needed ? 200 : 403;
    }

    private static Func<TestUsers, string, Task<(string, object?)>> Static(string path) => (_, _) => Task.FromResult((path, (object?)null));

    private static string Unique() => Guid.NewGuid().ToString("n")[..10];

    private static object Webhook()
    {
        var path = "matrix-" + Unique();
        return new
        {
            name = "Hook",
            nodes = new object[] { new { id = "w", name = "Webhook", type = "n8n-nodes-base.webhook", typeVersion = 2, position = new[] { 0, 0 }, webhookId = path, parameters = new { httpMethod = "POST", path } } },
            connections = new { },
        };
    }

    private static async Task<string> NewCredentialAsync(TestUsers u) =>
        (await u.Owner.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/credentials?projectId={u.TeamId}", new { name = "C " + Unique(), type = "httpBearerAuth", data = new { token = "t" } })).Id();

    private static async Task<string> NewOAuth2CredentialAsync(TestUsers u) =>
        (await u.Owner.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/credentials?projectId={u.TeamId}", new
        {
            name = "O " + Unique(),
            type = "oAuth2Api",
            data = new { grantType = "authorizationCode", authUrl = "https://provider.example/authorize", accessTokenUrl = "https://provider.example/token", clientId = "c", clientSecret = "s" },
        })).Id();

    private static async Task<string> NewUserAsync(TestUsers u) =>
        (await u.Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/users", new { email = Unique() + "@example.com", name = "N", password = TestUsers.Password })).Id();

    private static async Task<string> NewMemberAsync(TestUsers u)
    {
        var id = await NewUserAsync(u);
        await u.Owner.ExpectAsync(HttpStatusCode.OK, "PUT", $"api/v1/projects/{u.TeamId}/members/{id}", new { role = "viewer" });
        return id;
    }

    private static async Task<string> WorkflowAsync(TestUsers u, object? body = null) =>
        (await u.Owner.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={u.TeamId}", body ?? Samples.Manual())).Id();

    private static async Task<string> ExecutionAsync(TestUsers u, object workflow) =>
        (await u.Owner.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{await WorkflowAsync(u, workflow)}/run", new { wait = true })).Id();
}

/// <summary>The suite on SQLite.</summary>
public sealed class SqliteRoleMatrixTests(TestUsers users) : RoleMatrixTests(users), IClassFixture<TestUsers>;

/// <summary>The suite on PostgreSQL (a database of its own).</summary>
[RequiresPostgres]
public sealed class PostgresRoleMatrixTests(PostgresTestUsers users) : RoleMatrixTests(users), IClassFixture<PostgresTestUsers>;
