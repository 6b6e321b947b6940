using System.Text;
using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Http.OAuth2;

namespace Tessera.Nodes.Http;

/// <summary>Applies the node's generic credential (basic, header, bearer, query, custom; OAuth2 bearer tokens via <see cref="OAuth2.OAuth2Session"/>) to a request and marks its secrets.</summary>
internal static class HttpAuthentication
{
    public static readonly string[] SupportedTypes = ["httpBasicAuth", "httpHeaderAuth", "httpBearerAuth", "httpQueryAuth", "httpCustomAuth", OAuth2Settings.CredentialType];

    /// <summary>Reads the credential the node's authentication settings name, or null when authentication is none.</summary>
    public static async ValueTask<(string Type, JsObject Data)?> ResolveAsync(NodeExecutionContext context)
    {
        var authentication = context.GetString("authentication", 0, "none");
        if (authentication == "none")
        {
            return null;
        }

        // "Predefined" names the credential type in nodeCredentialType; of those, Tessera knows the generic ones (oAuth2Api…).
        var type = authentication switch
        {
            "genericCredentialType" => context.GetString("genericAuthType", 0),
            "predefinedCredentialType" => context.GetString("nodeCredentialType", 0),
            _ => throw new NodeOperationException(
                $"Authentication '{authentication}' is not supported yet.", description: "Use 'Generic Credential Type' with Basic, Header, Bearer, Query, Custom or OAuth2 auth."),
        };
        if (!SupportedTypes.Contains(type))
        {
            throw new NodeOperationException(
                $"The credential type '{type}' is not supported by the HTTP Request node yet.", description: $"Use one of {string.Join(", ", SupportedTypes)}.");
        }

        var provider = context.GetService<ICredentialProvider>()
            ?? throw new NodeOperationException("No credential store is available to this execution.", description: "Run the workflow on a host that provides credentials.");
        var data = await provider.GetAsync(context.Node, type, context.CancellationToken).ConfigureAwait(false)
            ?? throw new NodeOperationException($"Node \"{context.Node.Name}\" does not have any credentials of type \"{type}\" set.", description: "Select a credential in the node's Authentication settings.");
        return (type, data);
    }

    /// <summary>The pool key part that keeps different credentials on different connections.</summary>
    public static string? PoolKey(NodeExecutionContext context, string? type) =>
        type is null ? null : type + ":" + (context.Node.Credentials?[type]["id"].TryGetString() ?? context.Node.Credentials?[type]["name"].TryGetString() ?? "?");

    public static void Apply(HttpRequestSpec spec, string type, JsObject data)
    {
        switch (type)
        {
            case "httpBasicAuth":
            {
                var user = Text(data["user"]);
                var password = Text(data["password"]);
                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
                spec.SetHeader("Authorization", "Basic " + token);
                spec.SecretHeaders.Add("Authorization");
                Secret(spec, password, token);
                break;
            }

            case "httpHeaderAuth":
            {
                var name = Text(data["name"]);
                var value = Text(data["value"]);
                spec.SetHeader(name, value);
                spec.SecretHeaders.Add(name);
                Secret(spec, value);
                break;
            }

            case "httpBearerAuth":
            {
                var token = Text(data["token"]);
                spec.SetHeader("Authorization", "Bearer " + token);
                spec.SecretHeaders.Add("Authorization");
                Secret(spec, token);
                break;
            }

            case "httpQueryAuth":
            {
                var name = Text(data["name"]);
                var value = Text(data["value"]);
                spec.SetQuery(name, value);
                spec.SecretQuery.Add(name);
                Secret(spec, value, Uri.EscapeDataString(value));
                break;
            }

            case "httpCustomAuth":
                ApplyCustom(spec, data);
                break;
        }
    }

    /// <summary>Sends an OAuth2 access token as <c>Authorization: Bearer</c> (replacing an earlier one on a retry).</summary>
    public static void ApplyBearer(HttpRequestSpec spec, string accessToken, IEnumerable<string> secrets)
    {
        spec.SetHeader("Authorization", "Bearer " + accessToken);
        spec.SecretHeaders.Add("Authorization");
        Secret(spec, [.. secrets.Append(accessToken).Where(s => !spec.SecretValues.Contains(s))]);
    }

    // Custom auth holds JSON like { "headers": {…}, "qs": {…}, "body": {…} } merged into the request.
    private static void ApplyCustom(HttpRequestSpec spec, JsObject data)
    {
        var json = data["json"];
        var custom = json.IsString ? JsonCodec.Parse(json.AsString()).TryGetObject() : json.TryGetObject();
        if (custom is null)
        {
            throw new NodeOperationException("The custom auth credential must hold a JSON object.", description: "Enter e.g. { \"headers\": { \"X-Key\": \"…\" } }.");
        }

        foreach (var (name, value) in custom["headers"].TryGetObject() ?? new JsObject())
        {
            spec.SetHeader(name, HttpRequestBuilder.Text(value));
            spec.SecretHeaders.Add(name);
            Secret(spec, HttpRequestBuilder.Text(value));
        }

        foreach (var (name, value) in custom["qs"].TryGetObject() ?? new JsObject())
        {
            spec.SetQuery(name, HttpRequestBuilder.Text(value));
            spec.SecretQuery.Add(name);
            Secret(spec, HttpRequestBuilder.Text(value));
        }

        if (custom["body"].TryGetObject() is { } body && spec.BodyKind is HttpBodyKind.Json or HttpBodyKind.None)
        {
            var target = spec.Json.TryGetObject() ?? new JsObject();
            foreach (var (name, value) in body)
            {
                target[name] = value;
            }

            spec.BodyKind = HttpBodyKind.Json;
            spec.Json = target;
        }
    }

    private static void Secret(HttpRequestSpec spec, params string[] values) =>
        spec.SecretValues.AddRange(values.Where(v => v.Length > 0));

    private static string Text(JsValue value) => value.IsNullish ? string.Empty : JsConvert.ToString(value);
}
