using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Tessera.Engine.Data;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Storage;
using Tessera.Storage.Security;

namespace Tessera.Server.Tests.Credentials;

/// <summary>The credential and audit endpoints against a real server (a fresh one per test), on each storage backend.</summary>
public abstract class CredentialEndpointTests : IAsyncLifetime
{
    private TestUsers _users = null!;

    private HttpClient Owner => _users.Owner;

    private HttpClient Outsider => _users.Outsider;

    private HttpClient Anonymous => _users.Anonymous;

    private string TeamId => _users.TeamId;

    private string OtherId => _users.OtherId;

    /// <summary>A new server with its users, on the backend of the concrete class.</summary>
    protected abstract TestUsers CreateUsers();

    public async Task InitializeAsync()
    {
        _users = CreateUsers();
        await _users.InitializeAsync();
    }

    public Task DisposeAsync() => _users.DisposeAsync();

    private HttpClient Member(Tessera.Storage.Identity.ProjectRole role) => _users.Member(role);

    private async Task<(HttpStatusCode Status, JsValue Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Owner.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? JsValue.Undefined : JsonCodec.Parse(text));
    }

    private Task<(HttpStatusCode Status, JsValue Body)> CreateBasicAsync(string name = "Basic", string? project = null) =>
        SendAsync(HttpMethod.Post, $"api/v1/credentials?projectId={project ?? TeamId}", new { name, type = "httpBasicAuth", data = new { user = "u", password = "pw-123456" } });

    [BackendFact]
    public async Task GetCredentialTypes_ListsNodeTypesWithSecretFlags()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "api/v1/credential-types");

        Assert.Equal(HttpStatusCode.OK, status);
        var types = body.AsArray().Select(t => t.AsObject()).ToList();
        Assert.Equal(["httpBasicAuth", "httpHeaderAuth", "httpQueryAuth", "httpBearerAuth", "httpCustomAuth", "oAuth2Api", "jwtAuth", "totpApi"], types.Select(t => t["name"].AsString()));
        var password = types[0]["properties"].AsArray().Select(p => p.AsObject()).Single(p => p["name"].AsString() == "password");
        Assert.True(password["secret"].AsBoolean());
        Assert.True(password["required"].AsBoolean());
        var tokenData = types[5]["properties"].AsArray().Select(p => p.AsObject()).Single(p => p["name"].AsString() == "oauthTokenData");
        Assert.True(tokenData["secret"].AsBoolean());
        Assert.True(tokenData["system"].AsBoolean());
    }

    [BackendFact]
    public async Task PostCredential_Valid_Returns201WithFieldNamesOnly()
    {
        var (status, body) = await CreateBasicAsync();

        Assert.Equal(HttpStatusCode.Created, status);
        var c = body.AsObject();
        Assert.Equal("Basic", c["name"].AsString());
        Assert.Equal(TeamId, c["projectId"].AsString());
        Assert.Equal("[\"user\",\"password\"]", JsonCodec.Serialize(c["fields"]));
        Assert.False(c.ContainsKey("data"));
        var (getStatus, got) = await SendAsync(HttpMethod.Get, $"api/v1/credentials/{c["id"].AsString()}");
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal(c["id"].AsString(), got.AsObject()["id"].AsString());
    }

    [BackendFact]
    public async Task PostCredential_Invalid_Returns400WithEveryError()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, $"api/v1/credentials?projectId={TeamId}", new { name = "", type = "httpBasicAuth", data = new { user = "u" } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var problem = body.AsObject();
        Assert.Equal("https://tessera.dev/problems/validation-failed", problem["type"].AsString());
        Assert.Equal(["name", "data.password"], problem["errors"].AsArray().Select(e => e.AsObject()["path"].AsString()));
    }

    [BackendFact]
    public async Task PostCredential_WrongContentTypeOrBadJson_Returns4xx()
    {
        using var text = await Owner.PostAsync($"api/v1/credentials?projectId={TeamId}", new StringContent("{}", Encoding.UTF8, "text/plain"));
        using var bad = await Owner.PostAsync($"api/v1/credentials?projectId={TeamId}", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [BackendFact]
    public async Task PostCredential_DuplicateName_Returns409()
    {
        await CreateBasicAsync();

        var (status, body) = await CreateBasicAsync();

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("https://tessera.dev/problems/conflict", body.AsObject()["type"].AsString());
    }

    [BackendFact]
    public async Task ListCredentials_OnlyTheProjects()
    {
        await CreateBasicAsync("A", TeamId);
        await CreateBasicAsync("B", OtherId);

        var (_, body) = await SendAsync(HttpMethod.Get, $"api/v1/credentials?projectId={OtherId}");

        Assert.Equal(["B"], body.AsArray().Select(c => c.AsObject()["name"].AsString()));
    }

    [BackendFact]
    public async Task PatchAndDelete_Credential_UpdateThenRemove()
    {
        var id = (await CreateBasicAsync()).Body.AsObject()["id"].AsString();

        var (patchStatus, patched) = await SendAsync(HttpMethod.Patch, $"api/v1/credentials/{id}", new { name = "Renamed", data = new { password = "" } });
        var (testStatus, tested) = await SendAsync(HttpMethod.Post, $"api/v1/credentials/{id}/test");
        var (deleteStatus, _) = await SendAsync(HttpMethod.Delete, $"api/v1/credentials/{id}");
        var (missingStatus, _) = await SendAsync(HttpMethod.Get, $"api/v1/credentials/{id}");

        Assert.Equal(HttpStatusCode.OK, patchStatus);
        Assert.Equal("Renamed", patched.AsObject()["name"].AsString());
        Assert.Equal(HttpStatusCode.OK, testStatus);
        Assert.True(tested.AsObject()["ok"].AsBoolean());
        Assert.Equal(HttpStatusCode.NoContent, deleteStatus);
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
    }

    [BackendFact]
    public async Task Roles_ViewerListsEditorWritesOutsiderSeesNothingOwnerAudits()
    {
        var id = (await CreateBasicAsync()).Body.AsObject()["id"].AsString();
        var viewer = Member(Tessera.Storage.Identity.ProjectRole.Viewer);
        var editor = Member(Tessera.Storage.Identity.ProjectRole.Editor);

        using var viewerList = await viewer.GetAsync($"api/v1/credentials?projectId={TeamId}");
        using var viewerCreate = await viewer.PostAsJsonAsync($"api/v1/credentials?projectId={TeamId}", new { name = "V", type = "httpBearerAuth", data = new { token = "t" } });
        using var editorCreate = await editor.PostAsJsonAsync($"api/v1/credentials?projectId={TeamId}", new { name = "E", type = "httpBearerAuth", data = new { token = "t" } });
        using var outsiderGet = await Outsider.GetAsync($"api/v1/credentials/{id}");
        using var anonymous = await Anonymous.GetAsync($"api/v1/credentials?projectId={TeamId}");
        using var editorAudit = await editor.GetAsync("api/v1/audit");

        Assert.Equal(HttpStatusCode.OK, viewerList.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerCreate.StatusCode);
        Assert.Equal(HttpStatusCode.Created, editorCreate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outsiderGet.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, editorAudit.StatusCode);
    }

    [BackendFact]
    public async Task AuditEndpoints_ListAndVerify_ShowCredentialChanges()
    {
        var id = (await CreateBasicAsync()).Body.AsObject()["id"].AsString();
        await SendAsync(HttpMethod.Delete, $"api/v1/credentials/{id}");

        var (listStatus, list) = await SendAsync(HttpMethod.Get, "api/v1/audit?limit=1");
        var (_, next) = await SendAsync(HttpMethod.Get, $"api/v1/audit?limit=1&cursor={list.AsObject()["nextCursor"].AsString()}");
        var (verifyStatus, verify) = await SendAsync(HttpMethod.Post, "api/v1/audit/verify");
        var (badStatus, _) = await SendAsync(HttpMethod.Get, "api/v1/audit?cursor=nope");

        Assert.Equal(HttpStatusCode.OK, listStatus);
        var newest = list.AsObject()["items"].AsArray().Single().AsObject();
        Assert.Equal("credential.deleted", newest["action"].AsString());
        Assert.Equal(id, newest["target"].AsString());
        Assert.Equal("credential.created", next.AsObject()["items"].AsArray().Single().AsObject()["action"].AsString());
        Assert.Equal(HttpStatusCode.OK, verifyStatus);
        Assert.True(verify.AsObject()["ok"].AsBoolean());
        Assert.True(verify.AsObject()["checked"].AsNumber() >= 2);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
    }
}

/// <summary>The credential suite on SQLite.</summary>
public sealed class SqliteCredentialEndpointTests : CredentialEndpointTests
{
    protected override TestUsers CreateUsers() => new();
}

/// <summary>The credential suite on PostgreSQL (a database per test).</summary>
[RequiresPostgres]
public sealed class PostgresCredentialEndpointTests : CredentialEndpointTests
{
    protected override TestUsers CreateUsers() => new PostgresTestUsers();
}

/// <summary>The server refuses to start with a key that cannot open the stored credentials.</summary>
public sealed class WrongKeyStartupTests
{
    [Fact]
    public async Task StartAsync_KeyFileReplaced_RefusesWithClearError()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tessera-wrongkey-" + Guid.NewGuid().ToString("n"));
        try
        {
            await using (var server = await TesseraServer.StartAsync(new ServerOptions { Port = 0, Storage = new StorageOptions { DataDirectory = dir }, LoadExamples = false }))
            {
                using var client = new HttpClient { BaseAddress = server.BaseAddress };
                using var setup = await client.PostAsJsonAsync("api/v1/auth/setup", new { email = "owner@example.com", name = "Owner", password = "correct horse battery" });
                var project = JsonCodec.Parse(await client.GetStringAsync("api/v1/projects")).AsArray()[0].AsObject()["id"].AsString();
                using var created = await client.PostAsJsonAsync($"api/v1/credentials?projectId={project}", new { name = "A", type = "httpBearerAuth", data = new { token = "t" } });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            File.Delete(Path.Combine(dir, "encryption.key"));
            EncryptionKeyLoader.WriteKeyFile(Path.Combine(dir, "encryption.key"), EncryptionKey.Generate("test"));

            var ex = await Assert.ThrowsAsync<EncryptionKeyException>(() =>
                TesseraServer.StartAsync(new ServerOptions { Port = 0, Storage = new StorageOptions { DataDirectory = dir }, LoadExamples = false }));

            Assert.Contains("wrong for the stored credentials", ex.Message);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
