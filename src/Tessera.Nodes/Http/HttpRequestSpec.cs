using Tessera.Engine.Data;

namespace Tessera.Nodes.Http;

/// <summary>How the request body is sent.</summary>
internal enum HttpBodyKind
{
    None,
    Json,
    Form,
    Multipart,
    Raw,
}

/// <summary>One part of a multipart body: a text field or a file.</summary>
internal sealed record MultipartPart(string Name, string? Text, byte[]? File = null, string? FileName = null, string? ContentType = null);

/// <summary>
/// One outbound request, built from the node's parameters for one item. Mutable because pagination
/// changes its URL, query, headers or body between pages.
/// </summary>
internal sealed class HttpRequestSpec
{
    public string Method { get; set; } = "GET";

    public string Url { get; set; } = string.Empty;

    public List<KeyValuePair<string, string>> Query { get; } = [];

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public HttpBodyKind BodyKind { get; set; }

    /// <summary>The JSON body (an object for key/value bodies, any value for raw JSON).</summary>
    public JsValue Json { get; set; }

    public List<KeyValuePair<string, string>> Form { get; } = [];

    public List<MultipartPart> Multipart { get; } = [];

    public byte[]? RawBody { get; set; }

    public string? RawContentType { get; set; }

    /// <summary>Header names that carry credentials (shown as <c>**hidden**</c> in errors).</summary>
    public HashSet<string> SecretHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Query names that carry credentials.</summary>
    public HashSet<string> SecretQuery { get; } = new(StringComparer.Ordinal);

    /// <summary>Credential values never to show anywhere.</summary>
    public List<string> SecretValues { get; } = [];

    public HttpRequestSpec Clone()
    {
        var copy = new HttpRequestSpec
        {
            Method = Method,
            Url = Url,
            BodyKind = BodyKind,
            Json = JsonCodec.DeepClone(Json),
            RawBody = RawBody,
            RawContentType = RawContentType,
        };
        copy.Query.AddRange(Query);
        copy.Headers.AddRange(Headers);
        copy.Form.AddRange(Form);
        copy.Multipart.AddRange(Multipart);
        copy.SecretHeaders.UnionWith(SecretHeaders);
        copy.SecretQuery.UnionWith(SecretQuery);
        copy.SecretValues.AddRange(SecretValues);
        return copy;
    }

    /// <summary>Replaces (or adds) a header, matching names case-insensitively.</summary>
    public void SetHeader(string name, string value)
    {
        Headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
        Headers.Add(new(name, value));
    }

    /// <summary>Replaces (or adds) a query parameter.</summary>
    public void SetQuery(string name, string value)
    {
        Query.RemoveAll(q => q.Key == name);
        Query.Add(new(name, value));
    }

    /// <summary>The URL with the query appended.</summary>
    public Uri BuildUri(bool maskSecrets = false)
    {
        var url = Url;
        if (Query.Count > 0)
        {
            var query = string.Join('&', Query.Select(q =>
                Uri.EscapeDataString(q.Key) + "=" + (maskSecrets && SecretQuery.Contains(q.Key) ? "**hidden**" : Uri.EscapeDataString(q.Value))));
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
        }

        return new Uri(url, UriKind.Absolute);
    }

    /// <summary>The request as errors and <c>$request</c> show it, with credentials masked.</summary>
    public JsObject Describe()
    {
        var headers = new JsObject();
        foreach (var (name, value) in Headers)
        {
            headers[name] = SecretHeaders.Contains(name) ? "**hidden**" : Mask(value);
        }

        var qs = new JsObject();
        foreach (var (name, value) in Query)
        {
            qs[name] = SecretQuery.Contains(name) ? "**hidden**" : Mask(value);
        }

        var description = new JsObject
        {
            ["method"] = Method,
            ["url"] = Mask(Url),
            ["headers"] = headers,
            ["qs"] = qs,
        };
        switch (BodyKind)
        {
            case HttpBodyKind.Json:
                description["body"] = JsonCodec.DeepClone(Json);
                break;
            case HttpBodyKind.Form:
                var form = new JsObject();
                foreach (var (k, v) in Form)
                {
                    form[k] = v;
                }

                description["body"] = form;
                break;
        }

        return description;
    }

    /// <summary>Replaces any credential value inside <paramref name="text"/> with <c>**hidden**</c>.</summary>
    public string Mask(string text)
    {
        foreach (var secret in SecretValues)
        {
            if (secret.Length >= 3)
            {
                text = text.Replace(secret, "**hidden**", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
