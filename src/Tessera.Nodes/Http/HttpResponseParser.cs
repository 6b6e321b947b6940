using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Http;

/// <summary>Turns responses into items the way the node's "Response Format" and "Include Response Headers and Status" options say.</summary>
internal static class HttpResponseParser
{
    /// <summary>The body as a value (<c>$response.body</c>): parsed JSON, text, or null for files.</summary>
    public static JsValue Body(HttpResponseData response, HttpRequestOptions options, int itemIndex) => Format(response, options) switch
    {
        "json" => ParseJson(response, options, itemIndex),
        "text" => response.BodyText,
        _ => JsValue.Null,
    };

    /// <summary><c>$response</c>: <c>{ body, headers, statusCode, statusMessage }</c>.</summary>
    public static JsObject Describe(HttpResponseData response, HttpRequestOptions options, int itemIndex) => new()
    {
        ["body"] = Body(response, options, itemIndex),
        ["headers"] = response.Headers,
        ["statusCode"] = response.StatusCode,
        ["statusMessage"] = response.StatusMessage,
    };

    public static void AddItems(List<Item> output, HttpResponseData response, HttpRequestOptions options, string url, int itemIndex)
    {
        var format = Format(response, options);
        if (format == "file")
        {
            var json = options.FullResponse
                ? new JsObject { ["headers"] = response.Headers, ["statusCode"] = response.StatusCode, ["statusMessage"] = response.StatusMessage }
                : new JsObject();
            var binary = BinaryData.FromBytes(response.Body, MimeType(response) ?? "application/octet-stream", FileName(response, url));
            output.Add(new Item(json, itemIndex) { Binary = new() { [options.OutputPropertyName] = binary } });
            return;
        }

        var body = format == "json" ? ParseJson(response, options, itemIndex) : response.BodyText;
        if (options.FullResponse)
        {
            output.Add(new Item(new JsObject
            {
                ["body"] = body,
                ["headers"] = response.Headers,
                ["statusCode"] = response.StatusCode,
                ["statusMessage"] = response.StatusMessage,
            }, itemIndex));
            return;
        }

        if (format == "text")
        {
            output.Add(new Item(new JsObject { [options.OutputPropertyName] = body }, itemIndex));
            return;
        }

        if (body.TryGetArray() is { } array)
        {
            foreach (var element in array)
            {
                output.Add(new Item(element.TryGetObject() ?? new JsObject { [options.OutputPropertyName] = element }, itemIndex));
            }

            return;
        }

        output.Add(new Item(body.TryGetObject() ?? new JsObject { [options.OutputPropertyName] = body }, itemIndex));
    }

    private static string Format(HttpResponseData response, HttpRequestOptions options)
    {
        if (options.ResponseFormat != "autodetect")
        {
            return options.ResponseFormat is "json" or "text" or "file" ? options.ResponseFormat : "json";
        }

        var type = MimeType(response);
        if (type is null)
        {
            return "text";
        }

        if (type.Contains("json", StringComparison.Ordinal))
        {
            return "json";
        }

        return type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("xml", StringComparison.Ordinal) ||
               type.Contains("javascript", StringComparison.Ordinal) || type.Contains("x-www-form-urlencoded", StringComparison.Ordinal)
            ? "text"
            : "file";
    }

    private static JsValue ParseJson(HttpResponseData response, HttpRequestOptions options, int itemIndex)
    {
        if (response.Body.Length == 0)
        {
            return new JsObject();
        }

        try
        {
            return JsonCodec.Parse(response.Body);
        }
        catch (JsonFormatException e)
        {
            if (options.ResponseFormat == "autodetect")
            {
                return response.BodyText; // The service said JSON but sent something else: keep the text.
            }

            throw new NodeOperationException(
                "Response body is not valid JSON. Change \"Response Format\" to \"Text\"", itemIndex,
                $"The response could not be parsed as JSON: {e.Message}");
        }
    }

    private static string? MimeType(HttpResponseData response) =>
        response.ContentType?.Split(';')[0].Trim().ToLowerInvariant() is { Length: > 0 } t ? t : null;

    private static string? FileName(HttpResponseData response, string url)
    {
        if (!string.IsNullOrEmpty(response.FileName))
        {
            return response.FileName;
        }

        var last = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Segments[^1].Trim('/') : string.Empty;
        return last.Contains('.', StringComparison.Ordinal) ? Uri.UnescapeDataString(last) : null;
    }
}
