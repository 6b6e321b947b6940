using System.Text;
using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Flow;
using Tessera.Nodes.Values.Jwt;

namespace Tessera.Nodes.Triggers;

/// <summary>
/// <c>n8n-nodes-base.respondToWebhook</c>: answers the HTTP request that started the run (webhook in "responseNode"
/// mode) with the first item, all items, JSON, text, binary, a redirect, a JWT or nothing, then passes its input items
/// on. The response goes to the host's <see cref="IWebhookResponder"/>; without one (a manual run) the node only passes
/// items through.
/// </summary>
internal sealed class RespondToWebhookNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.respondToWebhook",
        DisplayName = "Respond to Webhook",
        Description = "Returns data for Webhook",
        Versions = [1, 1.1, 1.2, 1.3, 1.4, 1.5],
        Group = NodeGroup.Transform,
        Category = "Core",
        Credentials = ["jwtAuth"],
        Parameters =
        [
            new NodeParameter
            {
                Name = "respondWith", DisplayName = "Respond With", Type = ParameterType.Options, Default = "firstIncomingItem",
                Options =
                [
                    new("All Incoming Items", "allIncomingItems"), new("Binary File", "binary"), new("First Incoming Item", "firstIncomingItem"),
                    new("JSON", "json"), new("JWT Token", "jwt"), new("No Data", "noData"), new("Redirect", "redirect"), new("Text", "text"),
                ],
            },
            new NodeParameter { Name = "redirectURL", DisplayName = "Redirect URL", Type = ParameterType.String, Default = string.Empty },
            new NodeParameter { Name = "responseBody", DisplayName = "Response Body", Type = ParameterType.Json, Default = "{\n  \"myField\": \"value\"\n}" },
            new NodeParameter { Name = "payload", DisplayName = "Payload", Type = ParameterType.Json, Default = "{\n  \"myField\": \"value\"\n}" },
            new NodeParameter { Name = "responseDataSource", DisplayName = "Response Data Source", Type = ParameterType.Options, Default = "automatically" },
            new NodeParameter { Name = "inputFieldName", DisplayName = "Input Field Name", Type = ParameterType.String, Default = "data" },
            new NodeParameter
            {
                Name = "options", DisplayName = "Options", Type = ParameterType.Collection, Default = new JsObject(),
                Children =
                [
                    new NodeParameter { Name = "responseCode", DisplayName = "Response Code", Type = ParameterType.Number, Default = 200 },
                    new NodeParameter { Name = "responseHeaders", DisplayName = "Response Headers", Type = ParameterType.FixedCollection, Default = new JsObject() },
                    new NodeParameter { Name = "responseKey", DisplayName = "Put Response in Field", Type = ParameterType.String, Default = string.Empty },
                ],
            },
        ],
    };

    public async ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var items = context.InputItems;
        var respondWith = context.GetString("respondWith", 0, "firstIncomingItem");
        var response = await BuildAsync(context, respondWith, items).ConfigureAwait(false);
        context.GetService<IWebhookResponder>()?.TryRespond(context.Execution.Id, response);
        return NodeOutput.Single(FlowItems.RoutedAll(items));
    }

    private static async ValueTask<WebhookResponse> BuildAsync(NodeExecutionContext context, string respondWith, IReadOnlyList<Item> items)
    {
        var options = context.GetObject("options");
        var statusCode = options["responseCode"].IsNumber ? (int)options["responseCode"].AsNumber() : respondWith == "redirect" ? 307 : 200;
        var headers = ResponseHeaders(options["responseHeaders"]);
        var responseKey = options["responseKey"].TryGetString();
        string? contentType = null;
        byte[] body = [];

        switch (respondWith)
        {
            case "allIncomingItems":
            {
                var array = new JsArray();
                foreach (var item in items)
                {
                    array.Add(item.Json);
                }

                (contentType, body) = Json(string.IsNullOrEmpty(responseKey) ? array : new JsObject { [responseKey] = array });
                break;
            }

            case "firstIncomingItem":
            {
                if (items.Count == 0)
                {
                    throw new NodeOperationException("No item to respond with: the node received no items.", description: "Make sure the node before it outputs at least one item, or respond with 'No Data'.");
                }

                var first = items[0].Json;
                (contentType, body) = Json(string.IsNullOrEmpty(responseKey) ? first : new JsObject { [responseKey] = first });
                break;
            }

            case "json":
            {
                var value = context.GetParameter("responseBody");
                if (value.IsString)
                {
                    try
                    {
                        value = JsonCodec.Parse(value.AsString());
                    }
                    catch (JsonFormatException e)
                    {
                        throw new NodeOperationException($"Invalid JSON in 'Response Body' field: {e.Message}", description: "Write valid JSON, or respond with Text.", inner: e);
                    }
                }

                (contentType, body) = Json(value);
                break;
            }

            case "jwt":
            {
                var credential = await (context.GetService<ICredentialProvider>()?.GetAsync(context.Node, "jwtAuth", context.CancellationToken) ?? ValueTask.FromResult<JsObject?>(null)).ConfigureAwait(false)
                    ?? throw new NodeOperationException("No JWT credential is set.", description: "Select a 'JWT Auth' credential on the node.");
                var key = JwtKey.FromCredential(credential);
                var payload = context.GetParameter("payload");
                if (payload.IsString)
                {
                    payload = JsonCodec.Parse(payload.AsString());
                }

                try
                {
                    var token = JwtToken.Sign(new JsObject { ["alg"] = key.Algorithm, ["typ"] = "JWT" }, payload, key.Algorithm, key);
                    (contentType, body) = Json(new JsObject { ["token"] = token });
                }
                catch (JwtException e)
                {
                    throw new NodeOperationException(e.Message, description: "Check the JWT credential.", inner: e);
                }

                break;
            }

            case "text":
                contentType = "text/html; charset=utf-8";
                body = Encoding.UTF8.GetBytes(context.GetString("responseBody"));
                break;

            case "redirect":
                headers.Add(new("Location", context.GetString("redirectURL")));
                break;

            case "binary":
                (contentType, body) = Binary(context, items);
                break;

            case "noData":
                break;

            default:
                throw new NodeOperationException($"The 'Respond With' option \"{respondWith}\" is not supported.", description: "Choose one of the listed options.");
        }

        // A Content-Type header the user set wins over the one the body implies.
        var explicitType = headers.FindIndex(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase));
        if (explicitType >= 0)
        {
            contentType = headers[explicitType].Value;
            headers.RemoveAt(explicitType);
        }

        return new WebhookResponse { StatusCode = statusCode, Headers = headers, ContentType = contentType, Body = body };
    }

    private static (string, byte[]) Json(JsValue value) => ("application/json; charset=utf-8", Encoding.UTF8.GetBytes(JsonCodec.Serialize(value)));

    private static (string, byte[]) Binary(NodeExecutionContext context, IReadOnlyList<Item> items)
    {
        if (items.Count == 0 || items[0].Binary is not { Count: > 0 } binaries)
        {
            throw new NodeOperationException("No binary data exists on the first item.", description: "Put a file on the first item (e.g. Read/Write Files from Disk) before this node.");
        }

        BinaryData data;
        if (context.GetString("responseDataSource", 0, "automatically") == "set")
        {
            var field = context.GetString("inputFieldName", 0, "data");
            if (!binaries.TryGetValue(field, out data!))
            {
                throw new NodeOperationException($"The first item has no binary field \"{field}\".", description: $"Set 'Input Field Name' to one of: {string.Join(", ", binaries.Keys)}.");
            }
        }
        else
        {
            if (binaries.Count > 1)
            {
                throw new NodeOperationException("The first item has more than one binary field.", description: "Set 'Response Data Source' to 'Choose Manually' and name the field.");
            }

            data = binaries.Values.First();
        }

        return (data.MimeType, data.GetBytes());
    }

    private static List<KeyValuePair<string, string>> ResponseHeaders(JsValue value)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (value.TryGetObject() is { } obj && obj["entries"].TryGetArray() is { } entries)
        {
            foreach (var entry in entries)
            {
                if (entry.TryGetObject() is { } e && e["name"].TryGetString() is { Length: > 0 } name)
                {
                    headers.Add(new(name, JsConvert.ToString(e["value"])));
                }
            }
        }

        return headers;
    }
}
