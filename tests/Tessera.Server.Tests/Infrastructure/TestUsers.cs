using System.Net;
using System.Text.Json.Nodes;
using Tessera.Storage.Identity;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// A real server with an owner, a project "Team" with one member per role, and an outsider who is admin of another
/// project ("Other") only. Each has a signed-in client.
/// </summary>
public class TestUsers : ServerFixture
{
    public const string Password = "correct horse battery";

    private readonly Dictionary<string, HttpClient> _clients = [];

    /// <summary>The owner's client.</summary>
    public HttpClient Owner => _clients["owner"];

    /// <summary>An admin of "Other" who is not in "Team".</summary>
    public HttpClient Outsider => _clients["outsider"];

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>The project every role user belongs to.</summary>
    public string TeamId { get; private set; } = null!;

    /// <summary>The outsider's project.</summary>
    public string OtherId { get; private set; } = null!;

    /// <summary>The ids of the users, by role name ("owner", "admin", …, "outsider").</summary>
    public Dictionary<string, string> UserIds { get; } = [];

    /// <summary>The client of the member with this role in Team.</summary>
    public HttpClient Member(ProjectRole role) => _clients[role.ToName()];

    /// <summary>The client for a role name: owner, admin…viewer, outsider.</summary>
    public HttpClient As(string who) => _clients[who];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Anonymous = Http.NewClient(Server.BaseAddress);
        var owner = Http.NewClient(Server.BaseAddress);
        _clients["owner"] = owner;
        var me = await owner.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/setup", new { email = "owner@example.com", name = "Owner", password = Password });
        UserIds["owner"] = (string)me!["id"]!;
        TeamId = (string)(await owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/projects", new { name = "Team" }))!["id"]!;
        OtherId = (string)(await owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/projects", new { name = "Other" }))!["id"]!;

        foreach (var role in ProjectRoles.All)
        {
            await AddUserAsync(role.ToName(), TeamId, role);
        }

        await AddUserAsync("outsider", OtherId, ProjectRole.Admin);
    }

    public override async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        Anonymous?.Dispose();
        await base.DisposeAsync();
    }

    private async Task AddUserAsync(string who, string projectId, ProjectRole role)
    {
        var email = who + "@example.com";
        var user = await Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/users", new { email, name = who, password = Password });
        var id = (string)user!["id"]!;
        UserIds[who] = id;
        await Owner.ExpectAsync(HttpStatusCode.OK, "PUT", $"api/v1/projects/{projectId}/members/{id}", new { role = role.ToName() });
        var client = Http.NewClient(Server.BaseAddress);
        await client.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/login", new { email, password = Password });
        _clients[who] = client;
    }
}

/// <summary>Reads ids out of JSON responses.</summary>
internal static class JsonIds
{
    public static string Id(this JsonNode? node) => (string?)node?["id"] ?? throw new InvalidOperationException("No id in " + node?.ToJsonString());
}
