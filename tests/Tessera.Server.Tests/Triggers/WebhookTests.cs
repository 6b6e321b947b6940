using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tessera.Storage.Executions;
using static Tessera.Server.Tests.Triggers.Workflows;

namespace Tessera.Server.Tests.Triggers;

public sealed class WebhookTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private static string UniquePath() => "p" + Guid.NewGuid().ToString("n")[..10];

    [Fact]
    public async Task OnReceived_Post_AnswersAtOnceAndRecordsExecution()
    {
        var path = UniquePath();
        var id = await fixture.ActivateAsync(Webhook($$"""{ "httpMethod": "POST", "path": "{{path}}", "responseCode": 202 }"""));

        using var response = await fixture.Client.PostAsync($"webhook/{path}", Json("""{ "a": 1 }"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"message":"Workflow was started"}""", await response.Content.ReadAsStringAsync());
        var executions = await fixture.ExecutionsAsync(id);
        Assert.Single(executions);
        Assert.Equal(ExecutionState.Success, executions[0].Status);
        Assert.Equal("webhook", executions[0].Mode);
    }

    [Fact]
    public async Task LastNode_AllEntries_ReturnsN8nItemShape()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook($$"""{ "httpMethod": "POST", "path": "{{path}}", "responseMode": "lastNode", "responseData": "allEntries" }"""));

        using var response = await fixture.Client.PostAsync($"webhook/{path}?x=1&tag=a&tag=b", Json("""{ "name": "Ada" }"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var item = body.RootElement[0];
        Assert.Equal(["headers", "params", "query", "body", "webhookUrl", "executionMode"], item.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("Ada", item.GetProperty("body").GetProperty("name").GetString());
        Assert.Equal("1", item.GetProperty("query").GetProperty("x").GetString());
        Assert.Equal(2, item.GetProperty("query").GetProperty("tag").GetArrayLength());
        Assert.Equal("application/json; charset=utf-8", item.GetProperty("headers").GetProperty("content-type").GetString());
        Assert.Equal("production", item.GetProperty("executionMode").GetString());
        Assert.EndsWith($"/webhook/{path}", item.GetProperty("webhookUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LastNode_FirstEntryJson_ReturnsLastNodeOutputWithHeaders()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook(
            $$"""{ "httpMethod": "POST", "path": "{{path}}", "responseMode": "lastNode", "responseCode": 201, "options": { "responseHeaders": { "entries": [ { "name": "X-Trace", "value": "t1" } ] } } }""",
            Set("Set", "greeting", "={{ 'hi ' + $json.body.name }}"),
            Link("Webhook", "Set")));

        using var response = await fixture.Client.PostAsync($"webhook/{path}", Json("""{ "name": "Ada" }"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("t1", response.Headers.GetValues("X-Trace").Single());
        Assert.Equal("""{"greeting":"hi Ada"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResponseNode_Json_AnswersWithNodeCodeHeadersAndBody()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook(
            $$"""{ "httpMethod": "POST", "path": "{{path}}", "responseMode": "responseNode" }""",
            Set("Set", "greeting", "={{ 'hi ' + $json.body.name }}")
            + Respond("Respond", """{ "respondWith": "json", "responseBody": "={ \"msg\": \"{{ $json.greeting }}\" }", "options": { "responseCode": 418, "responseHeaders": { "entries": [ { "name": "X-From", "value": "respond" } ] } } }"""),
            Link("Webhook", "Set") + "," + Link("Set", "Respond")));

        using var response = await fixture.Client.PostAsync($"webhook/{path}", Json("""{ "name": "Ada" }"""));

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("respond", response.Headers.GetValues("X-From").Single());
        Assert.Equal("""{"msg":"hi Ada"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{ "respondWith": "text", "responseBody": "plain words" }""", 200, "plain words", "text/html")]
    [InlineData("""{ "respondWith": "noData" }""", 200, "", null)]
    [InlineData("""{ "respondWith": "firstIncomingItem", "options": { "responseKey": "wrapped" } }""", 200, """{"wrapped":{"greeting":"hi Bo"}}""", "application/json")]
    [InlineData("""{ "respondWith": "allIncomingItems" }""", 200, """[{"greeting":"hi Bo"}]""", "application/json")]
    public async Task ResponseNode_RespondWithModes_ShapeTheResponse(string respond, int status, string expected, string? mediaType)
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook(
            $$"""{ "httpMethod": "POST", "path": "{{path}}", "responseMode": "responseNode" }""",
            Set("Set", "greeting", "={{ 'hi ' + $json.body.name }}") + Respond("Respond", respond),
            Link("Webhook", "Set") + "," + Link("Set", "Respond")));

        using var response = await fixture.Client.PostAsync($"webhook/{path}", Json("""{ "name": "Bo" }"""));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ResponseNode_Redirect_SendsLocation()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook(
            $$"""{ "path": "{{path}}", "responseMode": "responseNode" }""",
            Respond("Respond", """{ "respondWith": "redirect", "redirectURL": "https://example.com/done" }"""),
            Link("Webhook", "Respond")));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };

        using var response = await client.GetAsync($"webhook/{path}");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://example.com/done", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task ResponseNode_WorkflowEndsWithoutResponding_Answers200Standard()
    {
        var path = UniquePath();
        // The respond node is not connected, so the run ends without reaching it.
        await fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}", "responseMode": "responseNode" }""", Respond("Respond", """{ "respondWith": "noData" }""")));

        using var response = await fixture.Client.GetAsync($"webhook/{path}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"message":"Workflow executed successfully"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResponseNode_WorkflowFailsBeforeResponding_Answers500()
    {
        var path = UniquePath();
        var id = await fixture.ActivateAsync(Webhook(
            $$"""{ "path": "{{path}}", "responseMode": "responseNode" }""",
            """, { "name": "Fail", "type": "n8n-nodes-base.stopAndError", "typeVersion": 1, "position": [200, 0], "parameters": { "errorMessage": "boom" } }"""
            + Respond("Respond", """{ "respondWith": "noData" }"""),
            Link("Webhook", "Fail") + "," + Link("Fail", "Respond")));

        using var response = await fixture.Client.GetAsync($"webhook/{path}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"message":"Error in workflow"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(ExecutionState.Error, (await fixture.ExecutionsAsync(id)).Single().Status);
    }

    [Fact]
    public async Task Activate_ResponseNodeModeWithoutRespondNode_FailsWithProblem()
    {
        var e = await Assert.ThrowsAsync<Tessera.Server.Triggers.TriggerActivationException>(() =>
            fixture.ActivateAsync(Webhook($$"""{ "path": "{{UniquePath()}}", "responseMode": "responseNode" }""")));

        Assert.Contains("Respond to Webhook", e.Problems.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activate_SamePathAndMethodAsAnotherWorkflow_FailsNamingIt()
    {
        var path = UniquePath();
        var first = await fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}" }"""));

        var e = await Assert.ThrowsAsync<Tessera.Server.Triggers.TriggerActivationException>(() => fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}" }""")));

        Assert.Contains(first, e.Problems.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathParameters_WithWebhookId_AreInParams()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}/users/:id/:action", "responseMode": "lastNode" }""", extraNodeFields: """, "webhookId": "hook-1" """));

        using var response = await fixture.Client.GetAsync($"webhook/hook-1/{path}/users/42/view");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("42", body.RootElement.GetProperty("params").GetProperty("id").GetString());
        Assert.Equal("view", body.RootElement.GetProperty("params").GetProperty("action").GetString());
    }

    [Fact]
    public async Task PathParameters_WithoutWebhookId_MatchThePathAlone()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}/:id", "responseMode": "lastNode" }"""));

        using var response = await fixture.Client.GetAsync($"webhook/{path}/a%20b");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("a b", body.RootElement.GetProperty("params").GetProperty("id").GetString());
    }

    [Fact]
    public async Task WrongMethod_Returns405WithAllow_AndNoExecution()
    {
        var path = UniquePath();
        var id = await fixture.ActivateAsync(Webhook($$"""{ "httpMethod": "POST", "path": "{{path}}" }"""));

        using var response = await fixture.Client.GetAsync($"webhook/{path}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
        Assert.Empty(await fixture.ExecutionsAsync(id, timeoutMs: 200));
    }

    [Fact]
    public async Task UnknownPath_Returns404Problem()
    {
        using var response = await fixture.Client.GetAsync($"webhook/{UniquePath()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not registered", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivate_RemovesTheWebhook()
    {
        var path = UniquePath();
        var id = await fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}" }"""));

        await fixture.Triggers.DeactivateAsync(id);
        using var response = await fixture.Client.GetAsync($"webhook/{path}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MultipleMethods_EachMethodLeavesByItsOutput()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook(
            $$"""{ "multipleMethods": true, "httpMethod": ["GET", "POST"], "path": "{{path}}", "responseMode": "lastNode" }""",
            Set("OnGet", "via", "get") + Set("OnPost", "via", "post"),
            $$""" "Webhook": { "main": [ [ { "node": "OnGet", "type": "main", "index": 0 } ], [ { "node": "OnPost", "type": "main", "index": 0 } ] ] } """));

        using var get = await fixture.Client.GetAsync($"webhook/{path}");
        using var post = await fixture.Client.PostAsync($"webhook/{path}", Json("{}"));

        Assert.Equal("""{"via":"get"}""", await get.Content.ReadAsStringAsync());
        Assert.Equal("""{"via":"post"}""", await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BasicAuth_MissingWrongRight_Give401_403_200()
    {
        var path = UniquePath();
        var id = await fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}", "authentication": "basicAuth" }""", extraNodeFields: """, "credentials": { "httpBasicAuth": { "id": "1", "name": "b" } } """));

        using var missing = await fixture.Client.GetAsync($"webhook/{path}");
        using var wrong = await Send(HttpMethod.Get, $"webhook/{path}", r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("ada:nope"u8.ToArray())));
        using var right = await Send(HttpMethod.Get, $"webhook/{path}", r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("ada:s3cret"u8.ToArray())));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Basic", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Single(await fixture.ExecutionsAsync(id));
    }

    [Fact]
    public async Task HeaderAuth_WrongAndRight_Give403_200()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}", "authentication": "headerAuth" }""", extraNodeFields: """, "credentials": { "httpHeaderAuth": { "id": "2", "name": "h" } } """));

        using var wrong = await Send(HttpMethod.Get, $"webhook/{path}", r => r.Headers.Add("X-Api-Token", "bad"));
        using var right = await Send(HttpMethod.Get, $"webhook/{path}", r => r.Headers.Add("X-Api-Token", "tok-123"));

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task JwtAuth_ValidToken_AddsPayload_InvalidIs403_MissingIs401()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}", "authentication": "jwtAuth", "responseMode": "lastNode" }""", extraNodeFields: """, "credentials": { "jwtAuth": { "id": "3", "name": "j" } } """));
        var good = Hs256("""{"alg":"HS256","typ":"JWT"}""", """{"sub":"ada"}""", "jwt-secret");
        var bad = Hs256("""{"alg":"HS256","typ":"JWT"}""", """{"sub":"ada"}""", "other");

        using var missing = await fixture.Client.GetAsync($"webhook/{path}");
        using var invalid = await Send(HttpMethod.Get, $"webhook/{path}", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bad));
        using var valid = await Send(HttpMethod.Get, $"webhook/{path}", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", good));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        using var body = JsonDocument.Parse(await valid.Content.ReadAsStringAsync());
        Assert.Equal("ada", body.RootElement.GetProperty("jwtPayload").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task RawBinaryUpload_V2_BecomesBinaryData()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook($$"""{ "httpMethod": "POST", "path": "{{path}}", "responseMode": "lastNode", "responseData": "firstEntryBinary" }"""));
        var bytes = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using var response = await fixture.Client.PostAsync($"webhook/{path}", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task MultipartUpload_FilesBecomeBinary_FieldsBecomeBody()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook(
            $$"""{ "httpMethod": "POST", "path": "{{path}}", "responseMode": "lastNode", "responseData": "firstEntryBinary", "responseBinaryPropertyName": "upload" }""",
            Set("Check", "seen", "={{ $json.body.note }}|{{ $binary.upload.fileName }}"),
            ""));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("hello"), "note" },
            { new ByteArrayContent("file-content"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "upload", "notes.txt" },
        };

        using var response = await fixture.Client.PostAsync($"webhook/{path}", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("file-content", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MultipartUpload_FieldsAndFileNameReachNodes()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook(
            $$"""{ "httpMethod": "POST", "path": "{{path}}", "responseMode": "lastNode" }""",
            Set("Check", "seen", "={{ $json.body.note }}|{{ $binary.upload.fileName }}|{{ $binary.upload.mimeType }}"),
            Link("Webhook", "Check")));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("hello"), "note" },
            { new ByteArrayContent("x"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "upload", "notes.txt" },
        };

        using var response = await fixture.Client.PostAsync($"webhook/{path}", form);

        Assert.Equal("""{"seen":"hello|notes.txt|text/plain"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MalformedJson_Returns400_AndNoExecution()
    {
        var path = UniquePath();
        var id = await fixture.ActivateAsync(Webhook($$"""{ "httpMethod": "POST", "path": "{{path}}" }"""));

        using var response = await fixture.Client.PostAsync($"webhook/{path}", Json("""{ "a": """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.ExecutionsAsync(id, timeoutMs: 200));
    }

    [Fact]
    public async Task BodyOverLimit_Returns413_AndNoExecution()
    {
        var path = UniquePath();
        var id = await fixture.ActivateAsync(Webhook($$"""{ "httpMethod": "POST", "path": "{{path}}" }"""));
        using var content = new ByteArrayContent(new byte[WebhookFixture.BodyLimit + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await fixture.Client.PostAsync($"webhook/{path}", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await fixture.ExecutionsAsync(id, timeoutMs: 200));
    }

    [Theory]
    [InlineData("/webhook/../../etc/passwd")]
    [InlineData("/webhook/%2e%2e/%2e%2e/api/v1")]
    [InlineData("/webhook/a/..%2F..%2Fsecret")]
    [InlineData("/webhook/a%5c..%5cb")]
    [InlineData("/webhook-test/../x")]
    public async Task PathTraversal_Returns4xx_AndNoExecution(string target)
    {
        var path = UniquePath();
        var id = await fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}" }"""));

        var status = await RawGetStatusAsync(target);

        Assert.InRange(status, 400, 499);
        Assert.Empty(await fixture.ExecutionsAsync(id, timeoutMs: 100));
    }

    [Fact]
    public async Task IgnoreBots_BotUserAgent_Returns403()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook($$"""{ "path": "{{path}}", "options": { "ignoreBots": true } }"""));

        using var bot = await Send(HttpMethod.Get, $"webhook/{path}", r => r.Headers.UserAgent.ParseAdd("Googlebot/2.1"));
        using var person = await Send(HttpMethod.Get, $"webhook/{path}", r => r.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"));

        Assert.Equal(HttpStatusCode.Forbidden, bot.StatusCode);
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
    }

    [Fact]
    public async Task AllowedOrigins_PreflightAndRequest_CarryCorsHeaders()
    {
        var path = UniquePath();
        await fixture.ActivateAsync(Webhook($$"""{ "httpMethod": "POST", "path": "{{path}}", "options": { "allowedOrigins": "https://app.example" } }"""));

        using var preflight = await Send(HttpMethod.Options, $"webhook/{path}", r => r.Headers.Add("Origin", "https://app.example"));
        using var foreign = await Send(HttpMethod.Post, $"webhook/{path}", r => r.Headers.Add("Origin", "https://evil.example"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("https://app.example", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TestWebhook_ArmedOnce_RunsInTestModeThenStops()
    {
        var path = UniquePath();
        var workflow = Tessera.Engine.Workflows.WorkflowJson.Parse(Webhook($$"""{ "path": "{{path}}", "responseMode": "lastNode" }"""));
        var listening = fixture.Triggers.ListenForTestWebhookAsync("test-wf-" + path, null, workflow, TimeSpan.FromSeconds(30));

        using var first = await fixture.Client.GetAsync($"webhook-test/{path}");
        using var second = await fixture.Client.GetAsync($"webhook-test/{path}");
        using var production = await fixture.Client.GetAsync($"webhook/{path}");

        using var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal("test", body.RootElement.GetProperty("executionMode").GetString());
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, production.StatusCode);
        var result = await listening.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(result);
        Assert.Equal(Tessera.Engine.Execution.ExecutionStatus.Success, result.Status);
    }

    [Fact]
    public async Task ErrorWorkflow_FailedExecution_StartsErrorTriggerWithPayload()
    {
        var errorWorkflowId = await fixture.ActivateAsync("""
            { "name": "on-error", "nodes": [ { "name": "Error Trigger", "type": "n8n-nodes-base.errorTrigger", "typeVersion": 1, "position": [0,0], "parameters": {} } ], "connections": {} }
            """);
        var path = UniquePath();
        var failingId = await fixture.ActivateAsync(Webhook(
            $$"""{ "path": "{{path}}" }""",
            """, { "name": "Fail", "type": "n8n-nodes-base.stopAndError", "typeVersion": 1, "position": [200, 0], "parameters": { "errorMessage": "boom" } }""",
            Link("Webhook", "Fail"),
            settings: $$"""{ "errorWorkflow": "{{errorWorkflowId}}" }""",
            name: "failing"));

        using var response = await fixture.Client.GetAsync($"webhook/{path}");

        var failed = (await fixture.ExecutionsAsync(failingId)).Single();
        var errorRun = (await fixture.ExecutionsAsync(errorWorkflowId)).Single();
        Assert.Equal(ExecutionState.Error, failed.Status);
        Assert.Equal("error", errorRun.Mode);
        Assert.Equal(ExecutionState.Success, errorRun.Status);
        string? triggerItems = null;
        await foreach (var e in fixture.Server.Storage.Executions.ReadAsync(errorRun.Id, CancellationToken.None))
        {
            if (e is Tessera.Engine.Journal.ExecutionCreated created)
            {
                triggerItems = created.TriggerItemsJson;
            }
        }

        using var payload = JsonDocument.Parse(triggerItems!);
        var json = payload.RootElement[0].GetProperty("json");
        Assert.Equal(failed.Id, json.GetProperty("execution").GetProperty("id").GetString());
        Assert.Equal("Fail", json.GetProperty("execution").GetProperty("lastNodeExecuted").GetString());
        Assert.Equal("webhook", json.GetProperty("execution").GetProperty("mode").GetString());
        Assert.Equal("boom", json.GetProperty("execution").GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(failingId, json.GetProperty("workflow").GetProperty("id").GetString());
        Assert.Equal("failing", json.GetProperty("workflow").GetProperty("name").GetString());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(method, url);
        configure(request);
        return await fixture.Client.SendAsync(request);
    }

    private async Task<int> RawGetStatusAsync(string target)
    {
        // HttpClient would normalise the dots away; a raw request sends the path as written.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {fixture.Server.BaseAddress.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? string.Empty;
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Hs256(string header, string payload, string secret)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var input = B64(Encoding.UTF8.GetBytes(header)) + "." + B64(Encoding.UTF8.GetBytes(payload));
        var signature = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input));
        return input + "." + B64(signature);
    }
}
