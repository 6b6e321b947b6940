namespace Tessera.Server.Tests.Triggers;

/// <summary>Small n8n workflow JSON builders for trigger tests.</summary>
internal static class Workflows
{
    public static string Webhook(string webhookParameters, string rest = "", string connections = "", string extraNodeFields = "", string settings = "{}", string name = "wf") => $$"""
        {
          "name": "{{name}}",
          "settings": {{settings}},
          "nodes": [
            { "name": "Webhook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [0, 0], "parameters": {{webhookParameters}} {{extraNodeFields}} }
            {{rest}}
          ],
          "connections": { {{connections}} }
        }
        """;

    public static string Set(string name, string field, string expression) => $$"""
        , { "name": "{{name}}", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [200, 0],
            "parameters": { "assignments": { "assignments": [ { "id": "1", "name": "{{field}}", "value": "{{expression}}", "type": "string" } ] }, "options": {} } }
        """;

    public static string Respond(string name, string parameters) => $$"""
        , { "name": "{{name}}", "type": "n8n-nodes-base.respondToWebhook", "typeVersion": 1.1, "position": [400, 0], "parameters": {{parameters}} }
        """;

    public static string Link(string from, string to, int output = 0) =>
        $$""" "{{from}}": { "main": [ {{string.Join(",", Enumerable.Range(0, output).Select(_ => "[]").Append($$"""[ { "node": "{{to}}", "type": "main", "index": 0 } ]"""))}} ] } """;
}
