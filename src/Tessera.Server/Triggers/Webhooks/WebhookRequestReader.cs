using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;

namespace Tessera.Server.Triggers.Webhooks;

/// <summary>The request could not be turned into an item (bad JSON, a body over the limit); answered with 4xx.</summary>
internal sealed class WebhookRequestException(int statusCode, string slug, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Slug { get; } = slug;
}

/// <summary>
/// Turns a webhook request into n8n's item: <c>{ headers, params, query, body, webhookUrl, executionMode }</c> plus
/// binary data for uploaded files (multipart), raw binary bodies and the <c>rawBody</c> option.
/// </summary>
internal static class WebhookRequestReader
{
    public static async Task<Item> ReadAsync(HttpContext http, WorkflowNode node, Dictionary<string, string> parameters, string webhookUrl, bool test, long maxBytes, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var raw = await ReadBodyAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        var options = node.Parameters["options"].TryGetObject() ?? new JsObject();
        var binaryProperty = options["binaryPropertyName"].TryGetString() is { Length: > 0 } p ? p : "data";
        var mediaType = MediaType(request.ContentType);

        var json = new JsObject
        {
            ["headers"] = Headers(request.Headers),
            ["params"] = Params(parameters),
            ["query"] = Query(request.Query),
        };
        Dictionary<string, BinaryData>? binary = null;
        JsValue body = new JsObject();

        var wantsBinary = (node.TypeVersion < 2 && options["binaryData"].AsBoolean())
            || (node.TypeVersion >= 2 && raw.Length > 0 && !IsParsed(mediaType));
        if (wantsBinary)
        {
            binary = new() { [binaryProperty] = Binary(raw, request.ContentType, null) };
        }
        else if (mediaType == "multipart/form-data")
        {
            (body, binary) = await MultipartAsync(http, raw, cancellationToken).ConfigureAwait(false);
        }
        else if (raw.Length > 0)
        {
            body = Parse(mediaType, raw);
        }

        if (options["rawBody"].AsBoolean() && !wantsBinary && raw.Length > 0)
        {
            binary ??= [];
            binary[binaryProperty] = Binary(raw, request.ContentType, null);
        }

        json["body"] = body;
        json["webhookUrl"] = webhookUrl;
        json["executionMode"] = test ? "test" : "production";
        return new Item(json) { Binary = binary };
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream(request.ContentLength is > 0 and < 1 << 20 ? (int)request.ContentLength : 0);
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxBytes);
        }

        return buffer.ToArray();
    }

    private static WebhookRequestException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "payload-too-large", $"The request body is larger than the {maxBytes} bytes this server accepts (ServerOptions.MaxRequestBodyBytes); send less data.");

    private static bool IsParsed(string mediaType) =>
        mediaType is "application/json" or "application/x-www-form-urlencoded" or "multipart/form-data" or "application/xml" or ""
        || mediaType.EndsWith("+json", StringComparison.Ordinal) || mediaType.EndsWith("+xml", StringComparison.Ordinal)
        || mediaType.StartsWith("text/", StringComparison.Ordinal);

    private static JsValue Parse(string mediaType, byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        if (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            try
            {
                return JsonCodec.Parse(text);
            }
            catch (JsonFormatException e)
            {
                throw new WebhookRequestException(StatusCodes.Status400BadRequest, "bad-request", $"The request body is not valid JSON: {e.Message} Send valid JSON or another Content-Type.");
            }
        }

        if (mediaType == "application/x-www-form-urlencoded")
        {
            return Form(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text));
        }

        if (mediaType == "")
        {
            // No Content-Type: JSON when it parses, else the text, as n8n's lenient parser does.
            try
            {
                return JsonCodec.Parse(text);
            }
            catch (JsonFormatException)
            {
                return text;
            }
        }

        return text;
    }

    private static async Task<(JsValue, Dictionary<string, BinaryData>?)> MultipartAsync(HttpContext http, byte[] raw, CancellationToken cancellationToken)
    {
        http.Request.Body = new MemoryStream(raw, writable: false);
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = raw.Length + 1, ValueCountLimit = 10_000 }));
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new WebhookRequestException(StatusCodes.Status400BadRequest, "bad-request", $"The multipart body could not be read: {e.Message}");
        }

        var body = Form(form.ToDictionary(kv => kv.Key, kv => kv.Value));
        Dictionary<string, BinaryData>? binary = null;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in form.Files)
        {
            binary ??= [];
            var name = string.IsNullOrEmpty(file.Name) ? "data" : file.Name;
            counts[name] = counts.TryGetValue(name, out var n) ? n + 1 : 1;
            var key = counts[name] == 1 ? name : name + (counts[name] - 1);
            using var stream = new MemoryStream();
            await file.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            binary[key] = Binary(stream.ToArray(), file.ContentType, file.FileName);
        }

        return (body, binary);
    }

    private static BinaryData Binary(byte[] bytes, string? contentType, string? fileName)
    {
        var mime = string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType.Split(';')[0].Trim();
        var data = BinaryData.FromBytes(bytes, mime, string.IsNullOrEmpty(fileName) ? null : Path.GetFileName(fileName));
        var slash = mime.IndexOf('/', StringComparison.Ordinal);
        return data with
        {
            FileType = slash > 0 ? mime[..slash] switch { "image" => "image", "text" => "text", "audio" => "audio", "video" => "video", _ => mime.EndsWith("/json", StringComparison.Ordinal) ? "json" : mime.EndsWith("/pdf", StringComparison.Ordinal) ? "pdf" : null } : null,
        };
    }

    private static string MediaType(string? contentType) =>
        string.IsNullOrEmpty(contentType) ? string.Empty : contentType.Split(';')[0].Trim().ToLowerInvariant();

    private static JsObject Headers(IHeaderDictionary headers)
    {
        var obj = new JsObject(headers.Count);
        foreach (var (name, values) in headers)
        {
            obj[name.ToLowerInvariant()] = values.Count == 1 ? values[0] : string.Join(", ", values.ToArray());
        }

        return obj;
    }

    private static JsObject Params(Dictionary<string, string> parameters)
    {
        var obj = new JsObject(parameters.Count);
        foreach (var (k, v) in parameters)
        {
            obj[k] = Uri.UnescapeDataString(v);
        }

        return obj;
    }

    private static JsObject Query(IQueryCollection query) => Form(query.ToDictionary(kv => kv.Key, kv => kv.Value));

    private static JsObject Form(IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        var obj = new JsObject();
        foreach (var (key, value) in values)
        {
            if (value.Count == 1)
            {
                obj[key] = value[0];
            }
            else
            {
                var array = new JsArray();
                foreach (var v in value)
                {
                    array.Add(v);
                }

                obj[key] = array;
            }
        }

        return obj;
    }
}
