using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Values.Xml;

/// <summary>Options of the JSON → XML direction (xml2js builder names and defaults as n8n's XML node uses them).</summary>
internal sealed record JsonToXmlOptions
{
    public string AttrKey { get; init; } = "$";
    public string CharKey { get; init; } = "_";
    public bool Cdata { get; init; }
    public bool Headless { get; init; }
    public string RootName { get; init; } = "root";
    public bool AllowSurrogateChars { get; init; }
    public bool Pretty { get; init; } = true;
    public string Indent { get; init; } = "  ";
    public string Newline { get; init; } = "\n";
}

/// <summary>Writes JSON as XML the way xml2js's builder lays it out (pretty, two-space indent, XML declaration).</summary>
internal static class JsonToXml
{
    public static string Convert(JsObject json, JsonToXmlOptions options)
    {
        var sb = new StringBuilder();
        if (!options.Headless)
        {
            sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>");
            sb.Append(options.Pretty ? options.Newline : string.Empty);
        }

        // A single top-level key names the root element unless the user chose another root name.
        string rootName;
        JsValue rootValue;
        if (json.Count == 1 && options.RootName == "root" && json.KeyAt(0) != options.AttrKey && json.KeyAt(0) != options.CharKey)
        {
            rootName = json.KeyAt(0);
            rootValue = json.ValueAt(0);
        }
        else
        {
            rootName = options.RootName;
            rootValue = json;
        }

        if (rootValue.TryGetArray() is { } rootArray)
        {
            // xml2js wraps a top-level array in the root element, each entry named after the root.
            WriteElement(sb, options.RootName, new JsObject { [rootName] = rootArray }, 0, options);
        }
        else
        {
            WriteElement(sb, rootName, rootValue, 0, options);
        }

        return sb.ToString().TrimEnd('\n', '\r');
    }

    private static void WriteElement(StringBuilder sb, string name, JsValue value, int depth, JsonToXmlOptions options)
    {
        var indent = options.Pretty ? string.Concat(Enumerable.Repeat(options.Indent, depth)) : string.Empty;
        var nl = options.Pretty ? options.Newline : string.Empty;
        sb.Append(indent).Append('<').Append(name);
        if (value.TryGetObject() is not { } obj)
        {
            var text = ToText(value);
            if (text.Length == 0)
            {
                sb.Append("/>").Append(nl);
                return;
            }

            sb.Append('>').Append(EscapeText(text, options)).Append("</").Append(name).Append('>').Append(nl);
            return;
        }

        if (obj[options.AttrKey].TryGetObject() is { } attrs)
        {
            foreach (var (k, v) in attrs)
            {
                sb.Append(' ').Append(k).Append("=\"").Append(EscapeAttribute(ToText(v))).Append('"');
            }
        }

        var children = obj.Where(p => p.Key != options.AttrKey).ToList();
        if (children.Count == 0)
        {
            sb.Append("/>").Append(nl);
            return;
        }

        if (children.Count == 1 && children[0].Key == options.CharKey && !children[0].Value.IsObject && !children[0].Value.IsArray)
        {
            sb.Append('>').Append(EscapeText(ToText(children[0].Value), options)).Append("</").Append(name).Append('>').Append(nl);
            return;
        }

        sb.Append('>').Append(nl);
        foreach (var (key, child) in children)
        {
            if (key == options.CharKey)
            {
                sb.Append(options.Pretty ? string.Concat(Enumerable.Repeat(options.Indent, depth + 1)) : string.Empty)
                    .Append(EscapeText(ToText(child), options)).Append(nl);
            }
            else if (child.TryGetArray() is { } array)
            {
                foreach (var entry in array)
                {
                    WriteElement(sb, key, entry, depth + 1, options);
                }
            }
            else
            {
                WriteElement(sb, key, child, depth + 1, options);
            }
        }

        sb.Append(indent).Append("</").Append(name).Append('>').Append(nl);
    }

    private static string ToText(JsValue value) => value.IsNullish ? string.Empty : JsConvert.ToString(value);

    private static string EscapeText(string text, JsonToXmlOptions options)
    {
        if (options.Cdata && text.AsSpan().IndexOfAny("&<>") >= 0)
        {
            return "<![CDATA[" + text.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) + "]]>";
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\r': sb.Append("&#xD;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                        break;
                    }

                    if (!options.AllowSurrogateChars && char.IsSurrogate(c))
                    {
                        throw new FormatException("The text holds an unpaired surrogate character; enable 'Allow Surrogate Chars' to keep it.");
                    }

                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static string EscapeAttribute(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal).Replace("\t", "&#x9;", StringComparison.Ordinal)
            .Replace("\n", "&#xA;", StringComparison.Ordinal).Replace("\r", "&#xD;", StringComparison.Ordinal);
}
