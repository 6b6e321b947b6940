using System.Xml;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Values.Xml;

/// <summary>n8n's XML node: converts a JSON item to XML text or parses XML text into JSON (xml2js conventions).</summary>
internal sealed class XmlNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.xml",
        DisplayName = "XML",
        SideEffectFree = true,
        Description = "Convert data from and to XML",
        Versions = [1],
        Category = "Data transformation",
        Parameters =
        [
            new NodeParameter
            {
                Name = "mode", Type = ParameterType.Options, Default = "xmlToJson",
                Options = [new("JSON to XML", "jsonToxml"), new("XML to JSON", "xmlToJson")],
            },
            new NodeParameter { Name = "dataPropertyName", Type = ParameterType.String, Default = "data" },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var mode = context.GetString("mode", 0, "xmlToJson");
        if (mode is not ("xmlToJson" or "jsonToxml"))
        {
            throw new NodeOperationException($"The mode '{mode}' is not known.", description: "Choose 'xmlToJson' or 'jsonToxml'.");
        }

        return ValueTask.FromResult(ItemLoop.Map(context, (item, i) =>
        {
            var property = context.GetString("dataPropertyName", i, "data");
            var options = context.GetObject("options", i);
            return [mode == "xmlToJson" ? Parse(item, i, property, options) : Build(item, i, property, options)];
        }));
    }

    private static Item Parse(Item item, int index, string property, JsObject options)
    {
        var value = item.Json.GetPath(property);
        if (value.IsUndefined)
        {
            throw ItemLoop.Fail($"Item has no JSON property called '{property}'", index, "Set 'Property Name' to the field holding the XML text.");
        }

        if (!value.IsString)
        {
            throw ItemLoop.Fail($"The property '{property}' is not a string but {JsConvert.TypeOf(value)}", index, "Pass XML text to convert it to JSON.");
        }

        var parseOptions = new XmlToJsonOptions
        {
            AttrKey = Text(options, "attrkey", "$"),
            CharKey = Text(options, "charkey", "_"),
            ExplicitArray = Flag(options, "explicitArray", false),
            ExplicitCharkey = Flag(options, "explicitCharkey", false),
            ExplicitRoot = Flag(options, "explicitRoot", true),
            IgnoreAttrs = Flag(options, "ignoreAttrs", false),
            MergeAttrs = Flag(options, "mergeAttrs", true),
            Normalize = Flag(options, "normalize", false),
            NormalizeTags = Flag(options, "normalizeTags", false),
            Trim = Flag(options, "trim", false),
        };
        try
        {
            var parsed = XmlToJson.Convert(value.AsString(), parseOptions);
            var json = parsed.TryGetObject() ?? new JsObject { [property] = parsed };
            return new Item(json, index) { Binary = item.Binary };
        }
        catch (XmlException e)
        {
            throw ItemLoop.Fail($"The XML in '{property}' is not valid: {e.Message}", index, "Check the XML text (line and position are in the message).", e);
        }
    }

    private static Item Build(Item item, int index, string property, JsObject options)
    {
        var buildOptions = new JsonToXmlOptions
        {
            AttrKey = Text(options, "attrkey", "$"),
            CharKey = Text(options, "charkey", "_"),
            Cdata = Flag(options, "cdata", false),
            Headless = Flag(options, "headless", false),
            RootName = Text(options, "rootName", "root"),
            AllowSurrogateChars = Flag(options, "allowSurrogateChars", false),
        };
        try
        {
            return new Item(new JsObject { [property] = JsonToXml.Convert(item.Json, buildOptions) }, index) { Binary = item.Binary };
        }
        catch (FormatException e)
        {
            throw ItemLoop.Fail(e.Message, index, inner: e);
        }
    }

    private static bool Flag(JsObject options, string key, bool fallback) =>
        options[key].IsBoolean ? options[key].AsBoolean() : fallback;

    private static string Text(JsObject options, string key, string fallback) =>
        options[key].TryGetString() is { Length: > 0 } s ? s : fallback;
}
