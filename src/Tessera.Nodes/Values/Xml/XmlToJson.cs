using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Values.Xml;

/// <summary>Options of the XML → JSON direction (xml2js-style names and defaults as n8n's XML node uses them).</summary>
internal sealed record XmlToJsonOptions
{
    public string AttrKey { get; init; } = "$";
    public string CharKey { get; init; } = "_";
    public bool ExplicitArray { get; init; }
    public bool ExplicitCharkey { get; init; }
    public bool ExplicitRoot { get; init; } = true;
    public bool IgnoreAttrs { get; init; }
    public bool MergeAttrs { get; init; } = true;
    public bool Normalize { get; init; }
    public bool NormalizeTags { get; init; }
    public bool Trim { get; init; }
}

/// <summary>Converts XML text to the JSON shape xml2js produces, which n8n workflows depend on.</summary>
internal static partial class XmlToJson
{
    public static JsValue Convert(string xml, XmlToJsonOptions options)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                var name = TagName(reader.Name, options);
                var root = ReadElement(reader, options);
                return options.ExplicitRoot ? new JsObject { [name] = root } : root;
            }
        }

        throw new XmlException("The XML has no root element.");
    }

    private static string TagName(string name, XmlToJsonOptions options) =>
        options.NormalizeTags ? name.ToLowerInvariant() : name;

    // Reader is positioned on the start element; on return it is on its end (or the empty element itself).
    private static JsValue ReadElement(XmlReader reader, XmlToJsonOptions options)
    {
        var obj = new JsObject();
        var text = new StringBuilder();
        var hadCData = false;
        if (!options.IgnoreAttrs && reader.HasAttributes)
        {
            var attrs = options.MergeAttrs ? obj : new JsObject();
            while (reader.MoveToNextAttribute())
            {
                if (options.MergeAttrs && options.ExplicitArray)
                {
                    attrs[reader.Name] = new JsArray { reader.Value };
                }
                else
                {
                    attrs[reader.Name] = reader.Value;
                }
            }

            reader.MoveToElement();
            if (!options.MergeAttrs)
            {
                obj[options.AttrKey] = attrs;
            }
        }

        if (!reader.IsEmptyElement)
        {
            while (reader.Read() && reader.NodeType != XmlNodeType.EndElement)
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        var childName = TagName(reader.Name, options);
                        var child = ReadElement(reader, options);
                        AddChild(obj, childName, child, options);
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        text.Append(reader.Value);
                        break;
                    case XmlNodeType.CDATA:
                        text.Append(reader.Value);
                        hadCData = true;
                        break;
                }
            }
        }

        var content = text.ToString();
        var hasOtherKeys = obj.Count > 0;
        if (IsBlank(content) && !hadCData)
        {
            if (!hasOtherKeys)
            {
                return options.ExplicitCharkey ? new JsObject { [options.CharKey] = content } : content;
            }
        }
        else
        {
            if (options.Trim)
            {
                content = content.Trim();
            }

            if (options.Normalize)
            {
                content = Whitespace().Replace(content, " ").Trim();
            }

            if (!hasOtherKeys && !options.ExplicitCharkey)
            {
                return content;
            }

            var withText = new JsObject(obj.Count + 1) { [options.CharKey] = content };
            foreach (var (k, v) in obj)
            {
                withText[k] = v;
            }

            return withText;
        }

        return obj;
    }

    private static void AddChild(JsObject obj, string name, JsValue child, XmlToJsonOptions options)
    {
        if (!obj.TryGetValue(name, out var existing))
        {
            obj[name] = options.ExplicitArray ? new JsArray { child } : child;
        }
        else if (existing.TryGetArray() is { } list && (options.ExplicitArray || existing.IsArray))
        {
            list.Add(child);
        }
        else
        {
            obj[name] = new JsArray { existing, child };
        }
    }

    private static bool IsBlank(string s) => s.All(char.IsWhiteSpace);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
