using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using Tessera.Storage;
using Tessera.Storage.Credentials;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Tests.Credentials;

/// <summary>
/// A credential's secret is used by a workflow run (the HTTP Request node sends it to a real local server) and then
/// searched for everywhere Tessera writes: server log, every API response, the workflow export, the run data and
/// every byte of the data directory (database, WAL, key file). It must appear only at the far end. The same holds for
/// OAuth2: the client secret and every access and refresh token a provider double issued (client credentials, and an
/// authorization-code credential connected through the API whose token is refused once and refreshed).
/// </summary>
public sealed class CredentialLeakTests : IAsyncLifetime
{
    private const string Secret = "LEAK-CANARY-7f3a9c1e-Heron-Basalt";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tessera-leak-" + Guid.NewGuid().ToString("n"));
    private readonly StringWriter _log = new();
    private readonly List<string> _receivedKeys = [];
    private readonly List<string> _responses = [];
    private WebApplication? _target;
    private OAuth2ServerDouble _provider = null!;
    private string _targetUrl = string.Empty;
    private TesseraServer _server = null!;
    private HttpClient _client = null!;
    private string _project = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _target = builder.Build();
        _target.MapGet("/data", (HttpRequest request) =>
        {
            lock (_receivedKeys)
            {
                _receivedKeys.Add(request.Headers["X-Api-Key"].ToString());
            }

            return Results.Json(new { ok = true, items = 3 });
        });
        _target.MapGet("/fail", (HttpRequest request) =>
        {
            lock (_receivedKeys)
            {
                _receivedKeys.Add(request.Headers["X-Api-Key"].ToString());
            }

            return Results.Json(new { message = "upstream broke" }, statusCode: 500);
        });
        await _target.StartAsync();
        _targetUrl = _target.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _provider = await OAuth2ServerDouble.StartAsync();

        _server = await TesseraServer.StartAsync(new ServerOptions
        {
            Port = 0,
            Storage = new StorageOptions { DataDirectory = _dataDirectory },
            LoadExamples = false,
            Log = _log,
        });
        _client = new HttpClient { BaseAddress = _server.BaseAddress };
        await CallAsync(HttpMethod.Post, "api/v1/auth/setup", new { email = "owner@example.com", name = "Owner", password = "correct horse battery" });
        _project = JsonCodec.Parse(await CallAsync(HttpMethod.Get, "api/v1/projects")).AsArray()[0].AsObject()["id"].AsString();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        await _provider.DisposeAsync();

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp folders.
        }
    }

    private async Task<string> CallAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        _responses.Add($"{method} {path} → {(int)response.StatusCode}: {text}");
        return text;
    }

    private string WorkflowJsonFor(string credentialId, string clientCredentialsId, string authorizationCodeId) => $$"""
        {
          "name": "Leak check",
          "nodes": [
            { "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {} },
            { "name": "Fetch", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [200, 0],
              "parameters": { "url": "{{_targetUrl}}/data", "authentication": "genericCredentialType", "genericAuthType": "httpHeaderAuth", "options": {} },
              "credentials": { "httpHeaderAuth": { "id": "{{credentialId}}", "name": "Partner API" } } },
            { "name": "Broken", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [400, 0], "onError": "continueRegularOutput",
              "parameters": { "url": "{{_targetUrl}}/fail", "authentication": "genericCredentialType", "genericAuthType": "httpHeaderAuth", "options": {} },
              "credentials": { "httpHeaderAuth": { "id": "{{credentialId}}", "name": "Partner API" } } },
            { "name": "Machine", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [600, 0],
              "parameters": { "url": "{{_provider.Url}}/api/me", "authentication": "genericCredentialType", "genericAuthType": "oAuth2Api", "options": {} },
              "credentials": { "oAuth2Api": { "id": "{{clientCredentialsId}}", "name": "Machine OAuth" } } },
            { "name": "Person", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [800, 0],
              "parameters": { "url": "{{_provider.Url}}/api/me", "authentication": "genericCredentialType", "genericAuthType": "oAuth2Api", "options": {} },
              "credentials": { "oAuth2Api": { "id": "{{authorizationCodeId}}", "name": "Person OAuth" } } }
          ],
          "connections": {
            "Start": { "main": [[{ "node": "Fetch", "type": "main", "index": 0 }]] },
            "Fetch": { "main": [[{ "node": "Broken", "type": "main", "index": 0 }]] },
            "Broken": { "main": [[{ "node": "Machine", "type": "main", "index": 0 }]] },
            "Machine": { "main": [[{ "node": "Person", "type": "main", "index": 0 }]] }
          }
        }
        """;

    [Fact]
    public async Task RunWithCredential_SecretReachesTheTargetAndNothingElse()
    {
        // Arrange: the credential through the API, the workflow saved in storage.
        var created = JsObject.Parse(await CallAsync(HttpMethod.Post, $"api/v1/credentials?projectId={_project}", new
        {
            name = "Partner API",
            type = "httpHeaderAuth",
            data = new { name = "X-Api-Key", value = Secret },
        }));
        var credentialId = created["id"].AsString();
        var machineId = JsObject.Parse(await CallAsync(HttpMethod.Post, $"api/v1/credentials?projectId={_project}", new
        {
            name = "Machine OAuth",
            type = "oAuth2Api",
            data = new { grantType = "clientCredentials", accessTokenUrl = _provider.Url + "/token", clientId = _provider.ClientId, clientSecret = _provider.ClientSecret, authentication = "body" },
        }))["id"].AsString();
        var personId = JsObject.Parse(await CallAsync(HttpMethod.Post, $"api/v1/credentials?projectId={_project}", new
        {
            name = "Person OAuth",
            type = "oAuth2Api",
            data = new { grantType = "authorizationCode", authUrl = _provider.Url + "/authorize", accessTokenUrl = _provider.Url + "/token", clientId = _provider.ClientId, clientSecret = _provider.ClientSecret },
        }))["id"].AsString();
        var authUrl = JsObject.Parse(await CallAsync(HttpMethod.Get, $"api/v1/credentials/{personId}/oauth2/auth"))["authUrl"].AsString();
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        using (var toCallback = await browser.GetAsync(authUrl))
        {
            await CallAsync(HttpMethod.Get, toCallback.Headers.Location!.ToString());
        }

        // The stored authorization-code token is refused once, so the run refreshes it (the refresh token travels).
        _provider.RevokeAccessTokens();
        var saved = await _server.Storage.Workflows.CreateAsync(new WorkflowDraft { Name = "Leak check", Json = WorkflowJsonFor(credentialId, machineId, personId), ProjectId = _project }, CancellationToken.None);

        // Act: run it as the server will (engine from DI, inside the project's credential scope, journal in storage).
        var engine = _server.Services.GetRequiredService<WorkflowEngine>();
        ExecutionResult result;
        using (CredentialScope.Enter(new CredentialScope(_project, saved.Id, "leak-run-1")))
        {
            result = await engine.RunAsync(WorkflowJson.Parse(saved.Json), new RunOptions { ExecutionId = "leak-run-1", WorkflowId = saved.Id, Journal = _server.Storage.Executions });
        }

        await CallAsync(HttpMethod.Get, $"api/v1/credentials?projectId={_project}");
        await CallAsync(HttpMethod.Get, $"api/v1/credentials/{credentialId}");
        await CallAsync(HttpMethod.Patch, $"api/v1/credentials/{credentialId}", new { name = "Partner API", data = new { value = "" } });
        await CallAsync(HttpMethod.Post, $"api/v1/credentials/{credentialId}/test");
        await CallAsync(HttpMethod.Post, $"api/v1/credentials/{machineId}/test");
        await CallAsync(HttpMethod.Post, $"api/v1/credentials/{personId}/test");
        await CallAsync(HttpMethod.Get, $"api/v1/credentials/{personId}");
        await CallAsync(HttpMethod.Patch, $"api/v1/credentials/{machineId}", new { data = new { clientSecret = "" } });
        await CallAsync(HttpMethod.Post, $"api/v1/credentials?projectId={_project}", new { name = "Bad", type = "httpHeaderAuth", data = new { nam = "x", value = Secret } });
        await CallAsync(HttpMethod.Get, "api/v1/credential-types");
        var audit = await CallAsync(HttpMethod.Get, "api/v1/audit?limit=100");
        await CallAsync(HttpMethod.Post, "api/v1/audit/verify");
        var export = WorkflowJson.Serialize(WorkflowJson.Parse((await _server.Storage.Workflows.GetAsync(saved.Id, CancellationToken.None))!.Json));
        var runData = RunDataText(result);

        // Assert: the credential was really used…
        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal([Secret, Secret], _receivedKeys);
        Assert.Contains("Broken:{\"json\":{\"error\":", runData);
        Assert.Contains("credential.used", audit);
        Assert.Contains("\"ok\":true", runData);
        Assert.Contains(_provider.TokenRequests, r => r.Grant == "refresh_token");
        Assert.Contains(_provider.TokenRequests, r => r.Grant == "client_credentials");
        Assert.Contains(_responses, r => r.Contains("is connected", StringComparison.Ordinal));

        // …and no secret is anywhere Tessera wrote.
        string[] secrets = [Secret, _provider.ClientSecret, .. _provider.Issued];
        Assert.Contains(secrets, s => s.StartsWith("AT-CANARY", StringComparison.Ordinal));
        Assert.Contains(secrets, s => s.StartsWith("RT-CANARY", StringComparison.Ordinal));
        var files = Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("tessera.db", StringComparison.Ordinal));
        var contents = new List<(string File, byte[] Bytes)>();
        foreach (var file in files)
        {
            contents.Add((file, await ReadSharedAsync(file)));
        }

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, _log.ToString(), StringComparison.Ordinal);
            Assert.All(_responses, r => Assert.DoesNotContain(secret, r, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, export, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, runData, StringComparison.Ordinal);
            var needle = Encoding.UTF8.GetBytes(secret);
            var needle16 = Encoding.Unicode.GetBytes(secret);
            foreach (var (file, bytes) in contents)
            {
                Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"a secret is in {file}");
                Assert.True(bytes.AsSpan().IndexOf(needle16) < 0, $"a secret (UTF-16) is in {file}");
            }
        }
    }

    [Fact]
    public async Task Start_FirstTime_PrintsKeyFilePath()
    {
        await Task.CompletedTask;

        Assert.Contains(Path.Combine(_dataDirectory, "encryption.key"), _log.ToString());
    }

    private static string RunDataText(ExecutionResult result)
    {
        var text = new StringBuilder();
        foreach (var (node, run) in result.RunData.InOrder)
        {
            text.Append(node).Append(':');
            foreach (var output in run.Outputs)
            {
                foreach (var item in output)
                {
                    text.Append(JsonCodec.Serialize(item.ToJson()));
                }
            }

            if (run.Error is { } error)
            {
                text.Append(JsonCodec.Serialize(error.ToJson()));
            }

            foreach (var line in run.Logs ?? [])
            {
                text.Append(line);
            }
        }

        if (result.Error is { } failure)
        {
            text.Append(JsonCodec.Serialize(failure.ToJson()));
        }

        return text.ToString();
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
