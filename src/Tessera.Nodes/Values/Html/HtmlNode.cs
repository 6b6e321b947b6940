using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Values.Html;

/// <summary>n8n's HTML node (v1–v1.2): extract content with CSS selectors, generate an HTML template, or build an HTML table.</summary>
internal sealed partial class HtmlNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.html",
        DisplayName = "HTML",
        SideEffectFree = true,
        Description = "Work with HTML",
        Versions = [1, 1.1, 1.2],
        Category = "Data transformation",
        Parameters =
        [
            new NodeParameter
            {
                Name = "operation", Type = ParameterType.Options, Default = "generateHtmlTemplate",
                Options =
                [
                    new("Generate HTML Template", "generateHtmlTemplate"),
                    new("Extract HTML Content", "extractHtmlContent"),
                    new("Convert to HTML Table", "convertToHtmlTable"),
                ],
            },
            new NodeParameter { Name = "html", Type = ParameterType.String, Default = string.Empty },
            new NodeParameter { Name = "sourceData", Type = ParameterType.Options, Default = "json" },
            new NodeParameter { Name = "dataPropertyName", Type = ParameterType.String, Default = "data" },
            new NodeParameter { Name = "extractionValues", Type = ParameterType.FixedCollection, Default = new JsObject() },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var operation = context.GetString("operation", 0, "generateHtmlTemplate");
        return ValueTask.FromResult(operation switch
        {
            "extractHtmlContent" => ItemLoop.Map(context, (item, i) => [Extract(context, item, i)]),
            "generateHtmlTemplate" => ItemLoop.Map(context, (item, i) => [GenerateTemplate(context, item, i)]),
            "convertToHtmlTable" => NodeOutput.Single(context.InputItems.Count == 0 ? [] : [HtmlTable.Build(context)]),
            _ => throw new NodeOperationException($"The operation '{operation}' is not supported by the HTML node.",
                description: "Use extractHtmlContent, generateHtmlTemplate or convertToHtmlTable."),
        });
    }

    private static Item GenerateTemplate(NodeExecutionContext context, Item item, int index)
    {
        var html = context.GetString("html", index);
        return new Item(new JsObject { ["html"] = html }, index) { Binary = item.Binary };
    }

    private static Item Extract(NodeExecutionContext context, Item item, int index)
    {
        var sourceData = context.GetString("sourceData", index, "json");
        var property = context.GetString("dataPropertyName", index, "data");
        string html;
        if (sourceData == "binary")
        {
            if (item.Binary?.GetValueOrDefault(property) is not { } binary)
            {
                throw ItemLoop.Fail($"This item has no binary field '{property}'", index, "Check the 'Input Binary Field' name.");
            }

            html = Encoding.UTF8.GetString(binary.GetBytes());
        }
        else
        {
            var value = item.Json.GetPath(property);
            if (value.IsUndefined)
            {
                throw ItemLoop.Fail($"No property named '{property}' exists!", index, "Set 'JSON Property' to the field that holds the HTML.");
            }

            html = value.IsString ? value.AsString() : JsonCodec.Serialize(value);
        }

        var options = context.GetObject("options", index);
        var trim = options["trimValues"].IsBoolean && options["trimValues"].AsBoolean();
        var cleanUp = options["cleanUpText"].IsBoolean && options["cleanUpText"].AsBoolean();
        var document = new HtmlParser().ParseDocument(html);
        var result = new JsObject();
        var values = context.GetParameter("extractionValues.values", index).TryGetArray() ?? [];
        foreach (var entry in values)
        {
            if (entry.TryGetObject() is not { } spec)
            {
                continue;
            }

            var key = spec["key"].TryGetString() ?? string.Empty;
            var selector = spec["cssSelector"].TryGetString() ?? string.Empty;
            var returnValue = spec["returnValue"].TryGetString() ?? "text";
            var attribute = spec["attribute"].TryGetString() ?? string.Empty;
            var returnArray = spec["returnArray"].IsBoolean && spec["returnArray"].AsBoolean();
            var skip = (spec["skipSelectors"].TryGetString() ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            IReadOnlyList<IElement> matches;
            try
            {
                matches = [.. document.QuerySelectorAll(selector)];
            }
            catch (DomException e)
            {
                throw ItemLoop.Fail($"The CSS selector '{selector}' for key '{key}' is not valid", index, "Fix the selector syntax.", e);
            }

            var version = context.Node.TypeVersion;
            JsValue Read(IReadOnlyList<IElement> elements) =>
                Finish(ReadValue(elements, returnValue, attribute, skip, version), trim, cleanUp);

            if (returnArray)
            {
                var array = new JsArray(matches.Count);
                foreach (var match in matches)
                {
                    array.Add(Read([match]));
                }

                result[key] = array;
            }
            else
            {
                result[key] = Read(matches);
            }
        }

        return new Item(result, index) { Binary = item.Binary };
    }

    private static JsValue ReadValue(IReadOnlyList<IElement> elements, string returnValue, string attribute, string[] skip, double version)
    {
        var first = elements.Count > 0 ? elements[0] : null;
        switch (returnValue)
        {
            case "attribute":
                if (first is null)
                {
                    return JsValue.Undefined;
                }

                if (attribute.Length == 0)
                {
                    var all = new JsObject();
                    foreach (var attr in first.Attributes)
                    {
                        all[attr.Name] = attr.Value;
                    }

                    return all;
                }

                return first.GetAttribute(attribute) is { } value ? value : JsValue.Undefined;
            case "html":
                return first is null ? JsValue.Null : first.InnerHtml;
            case "value":
                return first switch
                {
                    null => JsValue.Undefined,
                    IHtmlInputElement input => input.Value,
                    IHtmlTextAreaElement area => area.Value,
                    IHtmlSelectElement select => select.Value,
                    _ => first.GetAttribute("value") is { } v ? v : JsValue.Undefined,
                };
            default:
                // v1 and v1.1 report raw text content; v1.2 renders readable text.
                return version >= 1.2
                    ? HtmlToText.Convert(elements, skip)
                    : string.Concat(elements.Select(e => e.TextContent));
        }
    }

    private static JsValue Finish(JsValue value, bool trim, bool cleanUp)
    {
        if (value.TryGetString() is not { } text)
        {
            return value;
        }

        if (trim)
        {
            text = text.Trim();
        }

        if (cleanUp)
        {
            text = Whitespace().Replace(LineBreaks().Replace(text.Trim(), string.Empty), " ");
        }

        return text;
    }

    [GeneratedRegex(@"\r\n|\n|\r")]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
