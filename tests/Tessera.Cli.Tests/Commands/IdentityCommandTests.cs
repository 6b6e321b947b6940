using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Tessera.Server;
using Tessera.Storage;

namespace Tessera.Cli.Tests.Commands;

/// <summary>
/// <c>tessera user …</c> and <c>tessera apikey …</c> on a real SQLite data directory, then the real server started on
/// that directory: the user signs in and the keys work at their role with both headers.
/// </summary>
public sealed class IdentityCommandTests : IAsyncLifetime
{
    private const string OwnerPassword = "cli-Owner-Pangolin-42";
    private const string MemberPassword = "cli-Member-Axolotl-17";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tessera-cli-identity", Guid.NewGuid().ToString("N"));
    private TesseraServer? _server;

    private Dictionary<string, string?> Env => new()
    {
        ["TESSERA_DATA_DIR"] = _dir,
        ["TESSERA_DATABASE_URL"] = null,
        ["TESSERA_ENCRYPTION_KEY"] = null,
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Cli(params string[] args) => CliProcess.RunWithEnvironmentAsync(Env, args);

    private Task<(int ExitCode, string Stdout, string Stderr)> CliWithInput(string stdin, params string[] args) => CliProcess.RunWithInputAsync(Env, stdin, args);

    private async Task CreateOwnerAsync()
    {
        var (exit, stdout, stderr) = await CliWithInput(OwnerPassword + "\n", "user", "create", "--email", "Owner@Example.com", "--password-stdin", "--role", "owner");
        Assert.True(exit == 0, stderr);
        Assert.Contains("as owner", stdout);
    }

    private async Task<string> CreateKeyAsync(string role)
    {
        var (exit, stdout, stderr) = await Cli("apikey", "create", "--project", "default", "--role", role, "--name", role + " key", "--quiet");
        Assert.True(exit == 0, stderr);
        var key = stdout.Trim();
        Assert.StartsWith("tsk_", key);
        Assert.DoesNotContain('\n', key);
        return key;
    }

    private async Task<Uri> StartServerAsync()
    {
        _server = await TesseraServer.StartAsync(new ServerOptions { Port = 0, Storage = new StorageOptions { DataDirectory = _dir }, LoadExamples = false });
        return _server.BaseAddress;
    }

    private static HttpClient Client(Uri baseAddress) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = baseAddress };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<HttpStatusCode> LoginAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsync("api/v1/auth/login", Json(new JsonObject { ["email"] = email, ["password"] = password }.ToJsonString()));
        return response.StatusCode;
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string path, string? body, Action<HttpRequestHeaders> auth)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        auth(request.Headers);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private const string ManualWorkflow = """
        {"name":"By key","nodes":[{"id":"n1","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}}],"connections":{}}
        """;

    [Fact]
    public async Task UserCreate_FirstOwner_SignsInOnTheServerAsOwnerAndSetupIsDone()
    {
        await CreateOwnerAsync();
        var baseAddress = await StartServerAsync();
        using var client = Client(baseAddress);

        var status = JsonNode.Parse(await client.GetStringAsync("api/v1/auth/status"))!;
        var login = await LoginAsync(client, "owner@example.com", OwnerPassword);
        var me = JsonNode.Parse(await client.GetStringAsync("api/v1/me"))!;

        Assert.False((bool)status["setupRequired"]!);
        Assert.Equal(HttpStatusCode.OK, login);
        Assert.True((bool)me["isOwner"]!);
        var project = Assert.Single(me["projects"]!.AsArray());
        Assert.Equal("Default", (string?)project!["name"]);
    }

    [Fact]
    public async Task UserCreate_MemberWithProjectRole_SignsInWithThatRole()
    {
        await CreateOwnerAsync();

        var (exit, stdout, stderr) = await CliWithInput(MemberPassword, "user", "create", "--email", "ops@example.com", "--name", "Ops", "--password-stdin", "--role", "operator", "--project", "Default");
        var baseAddress = await StartServerAsync();
        using var client = Client(baseAddress);
        var login = await LoginAsync(client, "ops@example.com", MemberPassword);
        var me = JsonNode.Parse(await client.GetStringAsync("api/v1/me"))!;

        Assert.True(exit == 0, stderr);
        Assert.Contains("operator in project Default", stdout);
        Assert.Equal(HttpStatusCode.OK, login);
        Assert.False((bool)me["isOwner"]!);
        Assert.Equal("operator", (string?)Assert.Single(me["projects"]!.AsArray())!["role"]);
    }

    [Fact]
    public async Task UserCreate_DuplicateEmail_ExitsThreeWithAClearError()
    {
        await CreateOwnerAsync();

        var (exit, _, stderr) = await CliWithInput(MemberPassword, "user", "create", "--email", "OWNER@example.com", "--password-stdin", "--role", "viewer");

        Assert.Equal(3, exit);
        Assert.Contains("a user with email owner@example.com already exists", stderr);
    }

    [Theory]
    [InlineData("", "the password is empty")]
    [InlineData("short\n", "at least 8 characters")]
    public async Task UserCreate_WeakOrEmptyPassword_ExitsTwoAndCreatesNothing(string stdin, string message)
    {
        var (exit, _, stderr) = await CliWithInput(stdin, "user", "create", "--email", "owner@example.com", "--password-stdin", "--role", "owner");
        var (_, list, _) = await Cli("user", "list", "--json");

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
        Assert.Equal("[]", list.Trim());
    }

    [Fact]
    public async Task UserCreate_WithoutPasswordStdin_RefusesAndHasNoPasswordOption()
    {
        var (exit, _, stderr) = await Cli("user", "create", "--email", "owner@example.com", "--role", "owner");
        var (argvExit, _, argvError) = await Cli("user", "create", "--email", "owner@example.com", "--role", "owner", "--password", OwnerPassword);

        Assert.Equal(2, exit);
        Assert.Contains("pass --password-stdin", stderr);
        Assert.NotEqual(0, argvExit);
        Assert.Contains("--password", argvError);
    }

    [Fact]
    public async Task UserCreate_FirstUserNotOwner_Refused()
    {
        var (exit, _, stderr) = await CliWithInput(MemberPassword, "user", "create", "--email", "v@example.com", "--password-stdin", "--role", "viewer");

        Assert.Equal(2, exit);
        Assert.Contains("the first one must be the owner", stderr);
    }

    [Fact]
    public async Task UserSetRole_ChangesTheProjectRole_AndNeverDemotesTheLastOwner()
    {
        await CreateOwnerAsync();
        await CliWithInput(MemberPassword, "user", "create", "--email", "dev@example.com", "--password-stdin", "--role", "viewer");

        var (exit, _, stderr) = await Cli("user", "set-role", "--email", "dev@example.com", "--role", "editor");
        var (lastOwnerExit, _, lastOwnerError) = await Cli("user", "set-role", "--email", "owner@example.com", "--role", "viewer");
        var (badRoleExit, _, badRoleError) = await Cli("user", "set-role", "--email", "dev@example.com", "--role", "superuser");
        var list = JsonNode.Parse((await Cli("user", "list", "--json")).Stdout)!.AsArray();

        Assert.True(exit == 0, stderr);
        Assert.Equal(2, lastOwnerExit);
        Assert.Contains("only owner", lastOwnerError);
        Assert.Equal(2, badRoleExit);
        Assert.Contains("not a role", badRoleError);
        var dev = list.Single(u => (string?)u!["email"] == "dev@example.com")!;
        Assert.Equal("editor", (string?)Assert.Single(dev["projects"]!.AsArray())!["role"]);
        Assert.True((bool)list.Single(u => (string?)u!["email"] == "owner@example.com")!["isOwner"]!);
        Assert.DoesNotContain("pbkdf2", list.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyCreate_ViewerKey_ReadsWithBothHeadersButCannotCreateWorkflows()
    {
        await CreateOwnerAsync();
        var key = await CreateKeyAsync("viewer");
        var baseAddress = await StartServerAsync();
        using var client = Client(baseAddress);
        Action<HttpRequestHeaders> bearer = h => h.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Action<HttpRequestHeaders> header = h => h.Add("X-Tessera-Api-Key", key);

        var readBearer = await SendAsync(client, HttpMethod.Get, "api/v1/workflows", null, bearer);
        var readHeader = await SendAsync(client, HttpMethod.Get, "api/v1/workflows", null, header);
        var writeBearer = await SendAsync(client, HttpMethod.Post, "api/v1/workflows", ManualWorkflow, bearer);
        var writeHeader = await SendAsync(client, HttpMethod.Post, "api/v1/workflows", ManualWorkflow, header);
        var anonymous = await SendAsync(client, HttpMethod.Get, "api/v1/workflows", null, _ => { });

        Assert.Equal(HttpStatusCode.OK, readBearer.Status);
        Assert.Equal(HttpStatusCode.OK, readHeader.Status);
        Assert.Equal(HttpStatusCode.Forbidden, writeBearer.Status);
        Assert.Equal(HttpStatusCode.Forbidden, writeHeader.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
    }

    [Fact]
    public async Task ApiKeyCreate_EditorKey_CreatesWorkflowsInTheDefaultProjectTheServerUses()
    {
        await CreateOwnerAsync();
        var key = await CreateKeyAsync("editor");
        var baseAddress = await StartServerAsync();
        using var client = Client(baseAddress);

        var created = await SendAsync(client, HttpMethod.Post, "api/v1/workflows", ManualWorkflow, h => h.Authorization = new AuthenticationHeaderValue("Bearer", key));
        var viaHeader = await SendAsync(client, HttpMethod.Post, "api/v1/workflows", ManualWorkflow, h => h.Add("X-Tessera-Api-Key", key));
        await LoginAsync(client, "owner@example.com", OwnerPassword);
        var projects = JsonNode.Parse(await client.GetStringAsync("api/v1/projects"))!.AsArray();

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.Created, viaHeader.Status);
        var project = Assert.Single(projects)!;
        Assert.Equal("Default", (string?)project["name"]);
        Assert.Equal((string?)project["id"], (string?)created.Body!["projectId"]);
    }

    [Fact]
    public async Task ApiKeyListAndRevoke_ListNeverPrintsKeys_RevokedKeyGets401()
    {
        await CreateOwnerAsync();
        var key = await CreateKeyAsync("viewer");
        var (_, verbose, _) = await Cli("apikey", "create", "--role", "admin");

        var (listExit, listJson, listError) = await Cli("apikey", "list", "--json");
        var (_, table, _) = await Cli("apikey", "list");
        var keys = JsonNode.Parse(listJson)!.AsArray();
        var viewerId = (string)keys.Single(k => (string?)k!["role"] == "viewer")!["id"]!;
        var (revokeExit, _, revokeError) = await Cli("apikey", "revoke", viewerId);
        var (missingExit, _, missingError) = await Cli("apikey", "revoke", viewerId);
        var baseAddress = await StartServerAsync();
        using var client = Client(baseAddress);
        var revoked = await SendAsync(client, HttpMethod.Get, "api/v1/workflows", null, h => h.Add("X-Tessera-Api-Key", key));

        Assert.Contains("cannot be shown again", verbose);
        Assert.True(listExit == 0, listError);
        Assert.Equal(2, keys.Count);
        Assert.DoesNotContain(key, listJson + table, StringComparison.Ordinal);
        Assert.DoesNotContain(key[12..], listJson + table, StringComparison.Ordinal);
        Assert.True(revokeExit == 0, revokeError);
        Assert.Equal(2, missingExit);
        Assert.Contains("does not exist", missingError);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.Status);
    }

    [Fact]
    public async Task ApiKeyCreate_UnknownProjectOrRole_ExitsTwoNamingTheProblem()
    {
        await CreateOwnerAsync();

        var (projectExit, _, projectError) = await Cli("apikey", "create", "--project", "Nope", "--role", "viewer");
        var (roleExit, _, roleError) = await Cli("apikey", "create", "--role", "owner");

        Assert.Equal(2, projectExit);
        Assert.Contains("--project Nope: no project has this name or id", projectError);
        Assert.Equal(2, roleExit);
        Assert.Contains("use one of viewer, approver, operator, editor, admin", roleError);
    }

    [Fact]
    public async Task IdentityCommands_AreAuditedAsCli_AndTheChainVerifies()
    {
        await CreateOwnerAsync();
        await CliWithInput(MemberPassword, "user", "create", "--email", "dev@example.com", "--password-stdin", "--role", "viewer");
        await Cli("user", "set-role", "--email", "dev@example.com", "--role", "owner");
        var key = await CreateKeyAsync("operator");
        var id = (string)JsonNode.Parse((await Cli("apikey", "list", "--json")).Stdout)!.AsArray()[0]!["id"]!;
        await Cli("apikey", "revoke", id);

        var (_, json, _) = await Cli("audit", "list", "--json", "--limit", "100");
        var (verifyExit, verify, verifyError) = await Cli("audit", "verify");

        var entries = JsonNode.Parse(json)!["items"]!.AsArray();
        var actions = entries.Select(e => (string)e!["action"]!).Reverse().ToList();
        Assert.Equal(
            ["user.created", "project.member_set", "user.created", "project.member_set", "user.role_changed", "apikey.created", "apikey.revoked"],
            actions);
        Assert.All(entries, e => Assert.Equal("cli", (string?)e!["actor"]));
        Assert.Equal(id, (string?)entries[0]!["target"]);
        Assert.DoesNotContain(key, json, StringComparison.Ordinal);
        Assert.DoesNotContain(MemberPassword, json, StringComparison.Ordinal);
        Assert.True(verifyExit == 0, verifyError);
        Assert.Contains("intact (7 entries checked)", verify);
    }
}
