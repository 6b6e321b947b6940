using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;
using Tessera.Nodes.Flow;

namespace Tessera.Nodes.Triggers;

/// <summary>
/// <c>n8n-nodes-base.webhook</c>: starts a workflow on an HTTP request. The server receives the request, checks the
/// node's authentication, builds n8n's item <c>{ headers, params, query, body, webhookUrl, executionMode }</c> (and binary
/// data) and starts the run with it; the node passes that item on — to the output of the request's method when the node
/// listens on several methods (v2+ <c>multipleMethods</c>).
/// </summary>
internal sealed class WebhookNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.webhook",
        DisplayName = "Webhook",
        Description = "Starts the workflow when a webhook is called",
        Versions = [1, 1.1, 2, 2.1],
        Group = NodeGroup.Trigger,
        SideEffectFree = true,
        Category = "Core",
        Inputs = static _ => 0,
        Outputs = static node => WebhookSettings.Methods(node).Count is var n && WebhookSettings.MultipleMethods(node) ? n : 1,
        OutputNames = static node => WebhookSettings.MultipleMethods(node) ? WebhookSettings.Methods(node) : ["main"],
        Credentials = ["httpBasicAuth", "httpHeaderAuth", "jwtAuth"],
        Parameters =
        [
            new NodeParameter { Name = "multipleMethods", DisplayName = "Allow Multiple HTTP Methods", Type = ParameterType.Boolean, Default = false, Versions = [2, 2.1] },
            // One method, or a list of them with multipleMethods; no option list, so the validator accepts both shapes.
            new NodeParameter { Name = "httpMethod", DisplayName = "HTTP Method", Type = ParameterType.Any, Default = "GET", Description = "DELETE, GET, HEAD, PATCH, POST or PUT; a list of them when multipleMethods is on." },
            new NodeParameter { Name = "path", DisplayName = "Path", Type = ParameterType.String, Default = string.Empty, Description = "The URL path after /webhook/; segments starting with ':' are parameters (users/:id)." },
            new NodeParameter
            {
                Name = "authentication", DisplayName = "Authentication", Type = ParameterType.Options, Default = "none",
                Options = [new("None", "none"), new("Basic Auth", "basicAuth"), new("Header Auth", "headerAuth"), new("JWT Auth", "jwtAuth")],
            },
            new NodeParameter
            {
                Name = "responseMode", DisplayName = "Respond", Type = ParameterType.Options, Default = "onReceived",
                Options = [new("Immediately", "onReceived"), new("When Last Node Finishes", "lastNode"), new("Using 'Respond to Webhook' Node", "responseNode")],
            },
            new NodeParameter { Name = "responseCode", DisplayName = "Response Code", Type = ParameterType.Number, Default = 200 },
            new NodeParameter
            {
                Name = "responseData", DisplayName = "Response Data", Type = ParameterType.Options, Default = "firstEntryJson",
                Options = [new("All Entries", "allEntries"), new("First Entry JSON", "firstEntryJson"), new("First Entry Binary", "firstEntryBinary"), new("No Response Body", "noData")],
            },
            new NodeParameter { Name = "responseBinaryPropertyName", DisplayName = "Property Name", Type = ParameterType.String, Default = "data" },
            new NodeParameter
            {
                Name = "options", DisplayName = "Options", Type = ParameterType.Collection, Default = new JsObject(),
                Children =
                [
                    new NodeParameter { Name = "allowedOrigins", DisplayName = "Allowed Origins (CORS)", Type = ParameterType.String, Default = "*" },
                    new NodeParameter { Name = "binaryData", DisplayName = "Binary File", Type = ParameterType.Boolean, Default = false, Versions = [1, 1.1] },
                    new NodeParameter { Name = "binaryPropertyName", DisplayName = "Field Name for Binary Data", Type = ParameterType.String, Default = "data" },
                    new NodeParameter { Name = "ignoreBots", DisplayName = "Ignore Bots", Type = ParameterType.Boolean, Default = false },
                    new NodeParameter { Name = "noResponseBody", DisplayName = "No Response Body", Type = ParameterType.Boolean, Default = false },
                    new NodeParameter { Name = "rawBody", DisplayName = "Raw Body", Type = ParameterType.Boolean, Default = false },
                    new NodeParameter { Name = "responseData", DisplayName = "Response Data", Type = ParameterType.String, Default = string.Empty },
                    new NodeParameter { Name = "responseContentType", DisplayName = "Response Content-Type", Type = ParameterType.String, Default = string.Empty },
                    new NodeParameter { Name = "responseHeaders", DisplayName = "Response Headers", Type = ParameterType.FixedCollection, Default = new JsObject() },
                    new NodeParameter { Name = "responsePropertyName", DisplayName = "Property Name", Type = ParameterType.String, Default = "data" },
                ],
            },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var output = TriggerOutput.Of(context);
        if (!WebhookSettings.MultipleMethods(context.Node))
        {
            return ValueTask.FromResult(output);
        }

        // One output per method: the request's method picks the output the item leaves by.
        var methods = WebhookSettings.Methods(context.Node);
        var method = context.GetService<IWebhookResponder>()?.RequestMethod(context.Execution.Id);
        var index = method is null ? 0 : Math.Max(0, methods.ToList().FindIndex(m => string.Equals(m, method, StringComparison.OrdinalIgnoreCase)));
        var outputs = new IReadOnlyList<Item>[methods.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = i == index ? output.Main : [];
        }

        return ValueTask.FromResult(NodeOutput.Multiple(outputs));
    }
}

/// <summary>Reads a Webhook node's settings the way the server and the node both need them.</summary>
public static class WebhookSettings
{
    /// <summary>The methods a webhook may listen on.</summary>
    public static readonly IReadOnlyList<string> AllMethods = ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"];

    /// <summary>True for a v2+ node listening on several methods.</summary>
    public static bool MultipleMethods(WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.TypeVersion >= 2 && node.Parameters["multipleMethods"].AsBoolean();
    }

    /// <summary>The node's HTTP methods, upper case (default GET; with multiple methods default GET and POST).</summary>
    public static IReadOnlyList<string> Methods(WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var raw = node.Parameters["httpMethod"];
        if (raw.TryGetArray() is { } list)
        {
            var methods = list.Select(v => v.TryGetString()?.ToUpperInvariant()).OfType<string>().Distinct().ToList();
            return methods.Count > 0 ? methods : ["GET"];
        }

        if (raw.TryGetString() is { Length: > 0 } one)
        {
            return [one.ToUpperInvariant()];
        }

        return MultipleMethods(node) ? ["GET", "POST"] : ["GET"];
    }
}
