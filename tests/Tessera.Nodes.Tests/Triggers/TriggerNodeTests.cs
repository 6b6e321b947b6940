using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using Tessera.Nodes;
using Tessera.Nodes.Triggers;

namespace Tessera.Nodes.Tests.Triggers;

public sealed class TriggerNodeTests
{
    [Fact]
    public async Task RespondToWebhook_WithResponder_SendsOnceAndPassesItemsThrough()
    {
        var responder = new RecordingResponder();
        var engine = TesseraEngineFactory.Create(configure: s => s.Add<IWebhookResponder>(responder));
        var workflow = WorkflowJson.Parse("""
            { "nodes": [
              { "name": "Webhook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [0,0], "parameters": { "path": "x", "responseMode": "responseNode" } },
              { "name": "R1", "type": "n8n-nodes-base.respondToWebhook", "typeVersion": 1.1, "position": [200,0], "parameters": { "respondWith": "allIncomingItems", "options": { "responseCode": 201 } } },
              { "name": "R2", "type": "n8n-nodes-base.respondToWebhook", "typeVersion": 1.1, "position": [400,0], "parameters": { "respondWith": "noData" } } ],
              "connections": { "Webhook": { "main": [[{ "node": "R1", "type": "main", "index": 0 }]] }, "R1": { "main": [[{ "node": "R2", "type": "main", "index": 0 }]] } } }
            """);

        var result = await engine.RunAsync(workflow, new RunOptions { ExecutionId = "e1", TriggerItems = [new Item(new JsObject { ["a"] = 1 })] });

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(2, responder.Responses.Count);
        Assert.Equal(201, responder.Responses[0].StatusCode);
        Assert.Equal("""[{"a":1}]""", Encoding.UTF8.GetString(responder.Responses[0].Body.Span));
        Assert.Equal(1, result.LastOutput[0].Json["a"].AsNumber());
    }

    [Fact]
    public async Task ScheduleTrigger_ManualRun_EmitsMomentInWorkflowZone()
    {
        var engine = TesseraEngineFactory.Create();
        var workflow = WorkflowJson.Parse("""
            { "settings": { "timezone": "Europe/Berlin" }, "nodes": [
              { "name": "Schedule", "type": "n8n-nodes-base.scheduleTrigger", "typeVersion": 1.2, "position": [0,0], "parameters": {} } ], "connections": {} }
            """);

        var result = await engine.RunAsync(workflow, new RunOptions { Time = new FixedTime(new DateTimeOffset(2024, 3, 5, 13, 0, 0, TimeSpan.Zero)) });

        var json = result.LastOutput[0].Json;
        Assert.Equal("2024-03-05T14:00:00.000+01:00", json["timestamp"].AsString());
        Assert.Equal("March 5th 2024, 2:00:00 pm", json["Readable date"].AsString());
        Assert.Equal("Tuesday", json["Day of week"].AsString());
        Assert.Equal("Europe/Berlin (UTC+01:00)", json["Timezone"].AsString());
    }

    [Fact]
    public async Task ErrorTrigger_ManualRun_EmitsExamplePayloadShape()
    {
        var engine = TesseraEngineFactory.Create();
        var workflow = WorkflowJson.Parse("""
            { "name": "handler", "nodes": [ { "name": "Error Trigger", "type": "n8n-nodes-base.errorTrigger", "typeVersion": 1, "position": [0,0], "parameters": {} } ], "connections": {} }
            """);

        var result = await engine.RunAsync(workflow);

        var json = result.LastOutput[0].Json;
        Assert.True(json["execution"].TryGetObject()!.ContainsKey("lastNodeExecuted"));
        Assert.Equal("handler", json.GetPath("workflow.name").AsString());
    }

    [Theory]
    [InlineData("none", null, true, 200)]
    [InlineData("basicAuth", null, false, 401)]
    [InlineData("basicAuth", "Basic YWRhOnMzY3JldA==", true, 200)]
    [InlineData("basicAuth", "Basic YWRhOndyb25n", false, 403)]
    public async Task WebhookAuthentication_Basic_ChecksCredentials(string mode, string? header, bool allowed, int status)
    {
        var node = new WorkflowNode { Name = "Webhook", Type = "n8n-nodes-base.webhook", Parameters = new JsObject { ["authentication"] = mode } };

        var result = await WebhookAuthentication.CheckAsync(node, name => name == "authorization" ? header : null, new Creds(), DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(allowed, result.Allowed);
        Assert.Equal(status, result.StatusCode);
    }

    private sealed class Creds : Tessera.Engine.Credentials.ICredentialProvider
    {
        public ValueTask<JsObject?> GetAsync(WorkflowNode node, string credentialType, CancellationToken cancellationToken) =>
            ValueTask.FromResult<JsObject?>(new JsObject { ["user"] = "ada", ["password"] = "s3cret" });
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class RecordingResponder : IWebhookResponder
    {
        public List<WebhookResponse> Responses { get; } = [];

        public bool TryRespond(string executionId, WebhookResponse response)
        {
            Responses.Add(response);
            return true;
        }

        public string? RequestMethod(string executionId) => "POST";
    }
}
