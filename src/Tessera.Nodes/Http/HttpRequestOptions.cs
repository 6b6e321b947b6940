using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Http;

/// <summary>The node's "Options" collection for one item, with n8n's defaults.</summary>
internal sealed record HttpRequestOptions
{
    public bool FullResponse { get; init; }

    public bool NeverError { get; init; }

    /// <summary><c>autodetect</c>, <c>json</c>, <c>text</c> or <c>file</c>.</summary>
    public string ResponseFormat { get; init; } = "autodetect";

    /// <summary>Where text goes (json property) or files go (binary property).</summary>
    public string OutputPropertyName { get; init; } = "data";

    public TimeSpan? Timeout { get; init; }

    public bool FollowRedirects { get; init; } = true;

    public int MaxRedirects { get; init; } = 21;

    public string? Proxy { get; init; }

    public bool IgnoreSsl { get; init; }

    public bool LowercaseHeaders { get; init; } = true;

    /// <summary><c>brackets</c>, <c>indices</c> or <c>repeat</c>: how array values of a JSON query are written.</summary>
    public string QueryArrayFormat { get; init; } = "brackets";

    public int BatchSize { get; init; } = -1;

    public TimeSpan BatchInterval { get; init; }

    /// <summary>Pagination settings, or null when pagination is off.</summary>
    public JsObject? Pagination { get; init; }

    public static HttpRequestOptions Read(NodeExecutionContext context, int index)
    {
        // Read option by option: resolving the whole collection would also evaluate the pagination expressions,
        // which only make sense once $response exists.
        var response = context.GetObject("options.response.response", index);
        var redirect = context.GetObject("options.redirect.redirect", index);
        var batch = context.GetParameter("options.batching.batch", index).TryGetObject();
        var timeout = context.GetParameter("options.timeout", index);
        var proxy = context.GetParameter("options.proxy", index).TryGetString();
        var pagination = context.Node.Parameters.GetPath("options.pagination.pagination").TryGetObject();
        var paginationMode = pagination is null ? "off" : context.GetString("options.pagination.pagination.paginationMode", index, "updateAParameterInEachRequest");
        return new HttpRequestOptions
        {
            FullResponse = Bool(response["fullResponse"], false),
            NeverError = Bool(response["neverError"], false),
            ResponseFormat = response["responseFormat"].TryGetString() ?? "autodetect",
            OutputPropertyName = response["outputPropertyName"].TryGetString() is { Length: > 0 } p ? p : "data",
            Timeout = timeout.IsNumber && timeout.AsNumber() > 0 ? TimeSpan.FromMilliseconds(timeout.AsNumber()) : null,
            FollowRedirects = Bool(redirect["followRedirects"], true),
            MaxRedirects = redirect["maxRedirects"].IsNumber ? (int)redirect["maxRedirects"].AsNumber() : 21,
            Proxy = string.IsNullOrWhiteSpace(proxy) ? null : proxy,
            IgnoreSsl = Bool(context.GetParameter("options.allowUnauthorizedCerts", index), false),
            LowercaseHeaders = Bool(context.GetParameter("options.lowercaseHeaders", index), true),
            QueryArrayFormat = context.GetParameter("options.queryParameterArrays", index).TryGetString() ?? "brackets",
            BatchSize = batch is null ? -1 : batch["batchSize"].IsNumber ? (int)batch["batchSize"].AsNumber() : 50,
            BatchInterval = batch is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(batch["batchInterval"].IsNumber ? batch["batchInterval"].AsNumber() : 1000),
            Pagination = paginationMode == "off" ? null : pagination,
        };
    }

    private static bool Bool(JsValue value, bool fallback) => value.IsBoolean ? value.AsBoolean() : fallback;
}
