using System.Globalization;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Http;

/// <summary>Turns the node's parameters for one item into an <see cref="HttpRequestSpec"/> (URL, query, headers, body).</summary>
internal static class HttpRequestBuilder
{
    public static HttpRequestSpec Build(NodeExecutionContext context, Item item, int index, HttpRequestOptions options)
    {
        var url = context.GetString("url", index).Trim();
        if (url.Length == 0)
        {
            throw new NodeOperationException("The URL parameter is empty.", index, "Enter the address to call, e.g. https://example.com/api.");
        }

        if (!url.Contains("://", StringComparison.Ordinal))
        {
            url = "http://" + url;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            throw new NodeOperationException($"Invalid URL: {url}. URL must start with \"http\" or \"https\".", index, "Check the URL parameter.");
        }

        var spec = new HttpRequestSpec { Method = context.GetString("method", index, "GET").ToUpperInvariant(), Url = url };

        if (context.GetBoolean("sendQuery", index))
        {
            foreach (var (name, value) in Pairs(context, "specifyQuery", "queryParameters.parameters", "jsonQuery", index, "Query Parameters"))
            {
                AddQuery(spec, name, value, options.QueryArrayFormat);
            }
        }

        if (context.GetBoolean("sendHeaders", index))
        {
            foreach (var (name, value) in Pairs(context, "specifyHeaders", "headerParameters.parameters", "jsonHeaders", index, "Headers"))
            {
                spec.Headers.Add(new(options.LowercaseHeaders ? name.ToLowerInvariant() : name, Text(value)));
            }
        }

        if (context.GetBoolean("sendBody", index))
        {
            BuildBody(context, item, index, spec);
        }

        return spec;
    }

    private static void BuildBody(NodeExecutionContext context, Item item, int index, HttpRequestSpec spec)
    {
        var contentType = context.GetString("contentType", index, "json");
        switch (contentType)
        {
            case "json":
                spec.BodyKind = HttpBodyKind.Json;
                if (context.GetString("specifyBody", index, "keypair") == "json")
                {
                    spec.Json = ParseJson(context.GetParameter("jsonBody", index), "JSON Body", index);
                }
                else
                {
                    var body = new JsObject();
                    foreach (var (name, value) in KeyPairs(context.GetParameter("bodyParameters.parameters", index)))
                    {
                        body[name] = value;
                    }

                    spec.Json = body;
                }

                break;
            case "form-urlencoded":
                spec.BodyKind = HttpBodyKind.Form;
                if (context.GetString("specifyBody", index, "keypair") == "string")
                {
                    foreach (var pair in context.GetString("body", index).Split('&', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var eq = pair.IndexOf('=', StringComparison.Ordinal);
                        spec.Form.Add(eq < 0
                            ? new(Uri.UnescapeDataString(pair), string.Empty)
                            : new(Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..])));
                    }
                }
                else
                {
                    foreach (var (name, value) in KeyPairs(context.GetParameter("bodyParameters.parameters", index)))
                    {
                        spec.Form.Add(new(name, Text(value)));
                    }
                }

                break;
            case "multipart-form-data":
                spec.BodyKind = HttpBodyKind.Multipart;
                foreach (var entry in Entries(context.GetParameter("bodyParameters.parameters", index)))
                {
                    var name = JsConvert.ToString(entry["name"]);
                    if (entry["parameterType"].TryGetString() == "formBinaryData")
                    {
                        var binary = Binary(item, entry["inputDataFieldName"].TryGetString() ?? "data", index);
                        spec.Multipart.Add(new MultipartPart(name, null, binary.GetBytes(), binary.FileName ?? name, binary.MimeType));
                    }
                    else
                    {
                        spec.Multipart.Add(new MultipartPart(name, Text(entry["value"])));
                    }
                }

                break;
            case "raw":
                spec.BodyKind = HttpBodyKind.Raw;
                spec.RawBody = Encoding.UTF8.GetBytes(context.GetString("body", index));
                spec.RawContentType = context.GetString("rawContentType", index, "text/plain");
                break;
            case "binaryData":
            {
                var binary = Binary(item, context.GetString("inputDataFieldName", index, "data"), index);
                spec.BodyKind = HttpBodyKind.Raw;
                spec.RawBody = binary.GetBytes();
                spec.RawContentType = binary.MimeType;
                break;
            }

            default:
                throw new NodeOperationException($"The body content type '{contentType}' is not supported.", index,
                    "Choose JSON, Form Urlencoded, Form-Data, n8n Binary File or Raw.");
        }
    }

    private static BinaryData Binary(Item item, string property, int index)
    {
        if (item.Binary is null || !item.Binary.TryGetValue(property, out var binary))
        {
            throw new NodeOperationException(
                $"The item has no binary field '{property}' [item {index}]", index,
                "Check that the parameter where you specified the input binary field name is correct, and that it matches a field in the binary input.");
        }

        return binary;
    }

    // Key/value list or JSON object, as the "Specify …" switch says.
    private static IEnumerable<KeyValuePair<string, JsValue>> Pairs(NodeExecutionContext context, string switchName, string listPath, string jsonName, int index, string label)
    {
        if (context.GetString(switchName, index, "keypair") == "json")
        {
            var json = ParseJson(context.GetParameter(jsonName, index), label, index);
            if (json.TryGetObject() is not { } obj)
            {
                throw new NodeOperationException($"The {label} JSON must be an object.", index, "Enter an object such as { \"name\": \"value\" }.");
            }

            return obj;
        }

        return KeyPairs(context.GetParameter(listPath, index));
    }

    private static IEnumerable<JsObject> Entries(JsValue list) =>
        list.TryGetArray() is { } array ? array.Select(v => v.TryGetObject()).OfType<JsObject>() : [];

    private static List<KeyValuePair<string, JsValue>> KeyPairs(JsValue list) =>
        [.. Entries(list).Where(e => !e["name"].IsNullish && JsConvert.ToString(e["name"]).Length > 0)
            .Select(e => new KeyValuePair<string, JsValue>(JsConvert.ToString(e["name"]), e["value"].IsUndefined ? JsValue.EmptyString : e["value"]))];

    private static void AddQuery(HttpRequestSpec spec, string name, JsValue value, string arrayFormat)
    {
        if (value.TryGetArray() is { } array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var key = arrayFormat switch
                {
                    "repeat" => name,
                    "indices" => $"{name}[{i.ToString(CultureInfo.InvariantCulture)}]",
                    _ => name + "[]",
                };
                spec.Query.Add(new(key, Text(array[i])));
            }

            return;
        }

        spec.Query.Add(new(name, Text(value)));
    }

    /// <summary>Text of a parameter value: strings as is, objects as JSON, nullish as empty.</summary>
    public static string Text(JsValue value) => value.Kind switch
    {
        JsKind.String => value.AsString(),
        JsKind.Undefined or JsKind.Null => string.Empty,
        JsKind.Object or JsKind.Array => JsonCodec.Serialize(value),
        _ => JsConvert.ToString(value),
    };

    private static JsValue ParseJson(JsValue value, string label, int index)
    {
        if (!value.IsString)
        {
            return value;
        }

        var text = value.AsString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsObject();
        }

        try
        {
            return JsonCodec.Parse(text);
        }
        catch (JsonFormatException e)
        {
            throw new NodeOperationException($"The {label} parameter needs to be valid JSON: {e.Message}", index, $"Fix the JSON in '{label}'.");
        }
    }
}
