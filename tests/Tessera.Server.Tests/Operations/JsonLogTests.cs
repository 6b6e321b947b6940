using System.Net;
using System.Text.Json;
using Tessera.Server.Operations;
using Tessera.Storage;

namespace Tessera.Server.Tests.Operations;

/// <summary>
/// <c>TESSERA_LOG_FORMAT=json</c> (here the option): every log line of a real server is one JSON object with
/// timestamp, level, category and message, execution log lines carry the execution and workflow id as scopes, and
/// neither the admin password nor a credential's secret ever appears.
/// </summary>
public sealed class JsonLogTests : IAsyncLifetime
{
    private const string AdminPassword = "PASSWORD-CANARY-4d1e-Osprey";
    private const string Secret = "SECRET-CANARY-9b2c-Lichen";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tessera-jsonlog-" + Guid.NewGuid().ToString("n"));
    private readonly SyncWriter _log = new();
    private TesseraServer _server = null!;

    public async Task InitializeAsync() => _server = await TesseraServer.StartAsync(new ServerOptions
    {
        Port = 0,
        Storage = new StorageOptions { DataDirectory = _dataDirectory },
        LoadExamples = false,
        Log = _log,
        LogFormat = ServerLogFormat.Json,
        AdminEmail = "admin@example.com",
        AdminPassword = AdminPassword,
    });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on the way down; the OS cleans temp folders.
        }
    }

    [Fact]
    public async Task JsonFormat_FailingWebhookRunWithCredential_WritesOneJsonObjectPerLineWithScopesAndNoSecrets()
    {
        using var client = Http.NewClient(_server.BaseAddress);
        await client.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/login", new { email = "admin@example.com", password = AdminPassword });
        var project = (await client.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/projects"))!.AsArray()[0].Id();
        var credential = (await client.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/credentials?projectId={project}",
            new { name = "Partner", type = "httpHeaderAuth", data = new { name = "X-Key", value = Secret } })).Id();
        var path = "jsonlog-" + Guid.NewGuid().ToString("n")[..8];
        var workflow = $$"""
            {
              "name": "Logged",
              "settings": { "executionOrder": "v1", "errorWorkflow": "no-such-workflow" },
              "nodes": [
                { "name": "Webhook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [0, 0], "webhookId": "{{path}}", "parameters": { "httpMethod": "POST", "path": "{{path}}" } },
                { "name": "Call", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [200, 0],
                  "parameters": { "url": "http://127.0.0.1:9/refused", "authentication": "genericCredentialType", "genericAuthType": "httpHeaderAuth", "options": {} },
                  "credentials": { "httpHeaderAuth": { "id": "{{credential}}", "name": "Partner" } } }
              ],
              "connections": { "Webhook": { "main": [[{ "node": "Call", "type": "main", "index": 0 }]] } }
            }
            """;
        var workflowId = (await client.ExpectAsync(HttpStatusCode.Created, "POST", $"api/v1/workflows?projectId={project}", workflow)).Id();
        await client.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/workflows/{workflowId}/activate");

        using (var hit = await client.PostAsync($"webhook/{path}", Http.Json(new { token = Secret })))
        {
            Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        }

        var deadline = Environment.TickCount64 + 15_000;
        while (!_log.Text.Contains("no-such-workflow", StringComparison.Ordinal) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(25);
        }

        await _server.StopAsync();
        var lines = _log.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.True(lines.Length >= 2, "Expected the admin creation and the error-workflow lines, got: " + _log.Text);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        foreach (var entry in entries)
        {
            Assert.True(entry.TryGetProperty("Timestamp", out _), "No Timestamp in " + entry);
            Assert.True(entry.TryGetProperty("LogLevel", out _), "No LogLevel in " + entry);
            Assert.True(entry.TryGetProperty("Category", out _), "No Category in " + entry);
            Assert.True(entry.TryGetProperty("Message", out _), "No Message in " + entry);
        }

        Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.Contains("Created the admin account", StringComparison.Ordinal));
        var failure = entries.Single(e => e.GetProperty("Message").GetString()!.Contains("no-such-workflow", StringComparison.Ordinal));
        var scope = failure.GetProperty("Scopes").EnumerateArray().Single(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("ExecutionId", out _));
        Assert.Equal(workflowId, scope.GetProperty("WorkflowId").GetString());
        Assert.False(string.IsNullOrEmpty(scope.GetProperty("ExecutionId").GetString()));
        Assert.DoesNotContain(AdminPassword, _log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, _log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void LogFormat_UnknownValue_FailsWithTheVariableAndTheChoices()
    {
        var e = Assert.Throws<InvalidOperationException>(() => OperationsEnvironment.LogFormat(_ => "yaml"));

        Assert.Contains("TESSERA_LOG_FORMAT", e.Message, StringComparison.Ordinal);
        Assert.Contains("json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("5", 5)]
    [InlineData("0.5", 0.5)]
    [InlineData("10s", 10)]
    public void ShutdownTimeout_FromEnvironment_ReadsSeconds(string? value, double expected) =>
        Assert.Equal(TimeSpan.FromSeconds(expected), OperationsEnvironment.ShutdownTimeout(_ => value));

    [Fact]
    public void ShutdownTimeout_Negative_FailsWithTheVariable()
    {
        var e = Assert.Throws<InvalidOperationException>(() => OperationsEnvironment.ShutdownTimeout(_ => "-1"));

        Assert.Contains("TESSERA_SHUTDOWN_TIMEOUT", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A StringWriter safe to read while the server writes.</summary>
    private sealed class SyncWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_gate)
            {
                base.Write(buffer, index, count);
            }
        }
    }
}
