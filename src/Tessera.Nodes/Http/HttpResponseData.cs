using System.Globalization;
using System.Net.Http.Headers;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Http;

/// <summary>A response read into memory (within the size cap).</summary>
internal sealed record HttpResponseData(int StatusCode, string StatusMessage, JsObject Headers, byte[] Body, string? ContentType, string? FileName)
{
    /// <summary>Response headers as n8n shows them: lower-case names; repeated headers joined, <c>set-cookie</c> as an array.</summary>
    public static JsObject ReadHeaders(HttpResponseMessage response)
    {
        var headers = new JsObject();
        Add(response.Headers);
        Add(response.Content.Headers);
        return headers;

        void Add(HttpHeaders source)
        {
            foreach (var (name, values) in source)
            {
                var key = name.ToLowerInvariant();
                var list = values.ToList();
                headers[key] = key == "set-cookie" ? new JsArray(list.Select(v => (JsValue)v)) : string.Join(", ", list);
            }
        }
    }

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public string StatusText => StatusCode.ToString(CultureInfo.InvariantCulture);
}
