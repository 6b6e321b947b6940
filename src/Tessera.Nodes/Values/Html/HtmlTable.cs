using System.Net;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Values.Html;

/// <summary>Builds one HTML table out of all input items (keys become header cells).</summary>
internal static class HtmlTable
{
    public static Item Build(NodeExecutionContext context)
    {
        var options = context.GetObject("options");
        var capitalize = options["capitalize"].IsBoolean && options["capitalize"].AsBoolean();
        var customStyling = options["customStyling"].IsBoolean && options["customStyling"].AsBoolean();
        var caption = options["caption"].TryGetString();
        var items = context.InputItems;
        var headers = new List<string>();
        foreach (var item in items)
        {
            foreach (var key in item.Json.Keys)
            {
                if (!headers.Contains(key))
                {
                    headers.Add(key);
                }
            }
        }

        var sb = new StringBuilder();
        if (!customStyling)
        {
            sb.Append("<style>table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 4px 8px; } th { background: #f0f0f0; }</style>");
        }

        sb.Append("<table").Append(Attributes(options, "tableAttributes")).Append('>');
        if (!string.IsNullOrEmpty(caption))
        {
            sb.Append("<caption>").Append(WebUtility.HtmlEncode(caption)).Append("</caption>");
        }

        sb.Append("<thead><tr").Append(Attributes(options, "headerAttributes")).Append('>');
        foreach (var header in headers)
        {
            var label = capitalize && header.Length > 0 ? char.ToUpperInvariant(header[0]) + header[1..] : header;
            sb.Append("<th>").Append(WebUtility.HtmlEncode(label)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var item in items)
        {
            sb.Append("<tr").Append(Attributes(options, "rowAttributes")).Append('>');
            foreach (var header in headers)
            {
                var value = item.Json[header];
                var text = value.IsUndefined || value.IsNull ? string.Empty
                    : value.IsObject || value.IsArray ? JsonCodec.Serialize(value) : JsConvert.ToString(value);
                sb.Append("<td").Append(Attributes(options, "cellAttributes")).Append('>')
                    .Append(WebUtility.HtmlEncode(text)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table>");
        return new Item(new JsObject { ["table"] = sb.ToString() })
        {
            Paired = [.. Enumerable.Range(0, items.Count).Select(i => new PairedItem(i))],
        };
    }

    private static string Attributes(JsObject options, string key) =>
        options[key].TryGetString() is { Length: > 0 } attrs ? " " + attrs.Trim() : string.Empty;
}
