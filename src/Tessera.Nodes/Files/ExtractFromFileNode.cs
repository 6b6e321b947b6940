using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>n8n's Extract from File node (v1): CSV, HTML tables, XLSX, XLS, ODS and RTF sheets, JSON, text, XML, iCalendar and base64 out of a binary field.</summary>
internal sealed class ExtractFromFileNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.extractFromFile",
        DisplayName = "Extract from File",
        Description = "Convert binary data to JSON",
        Versions = [1],
        Category = "Files",
        Parameters =
        [
            new NodeParameter { Name = "operation", Type = ParameterType.Options, Default = "csv" },
            new NodeParameter { Name = "binaryPropertyName", Type = ParameterType.String, Default = "data" },
            new NodeParameter { Name = "destinationKey", Type = ParameterType.String, Default = "data" },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var operation = context.GetString("operation", 0, "csv");
        if (operation is "pdf")
        {
            throw new NodeOperationException("Extracting from PDF files is not supported by Tessera yet",
                description: "Extract the text with another tool and pass it on as a text file.");
        }

        return ValueTask.FromResult(ItemLoop.Map(context, (item, i) => Extract(context, operation, item, i)));
    }

    private static IEnumerable<Item> Extract(NodeExecutionContext context, string operation, Item item, int index)
    {
        var property = context.GetString("binaryPropertyName", index, "data");
        var file = BinaryFiles.Require(item, property, index);
        var options = context.GetObject("options", index);
        var bytes = file.GetBytes();
        var encoding = options["encoding"].TryGetString();
        switch (operation)
        {
            case "csv":
                var csvOptions = SheetReadOptions.From(options, typedByDefault: false);
                var text = BinaryFiles.Decode(bytes, encoding, stripBom: false);
                return KeepSource(Spreadsheet.ToItems(Spreadsheet.ParseCsv(text, csvOptions), csvOptions, index), item, options);
            case "html":
                var htmlOptions = SheetReadOptions.From(options, typedByDefault: true);
                var table = Spreadsheet.ParseHtmlSheet(BinaryFiles.Decode(bytes, encoding));
                return KeepSource(SheetItems.ToItems(table, htmlOptions, index), item, options);
            case "xlsx" or "xls" or "ods" or "rtf":
                var sheetOptions = SheetReadOptions.From(options, typedByDefault: true);
                var sheet = SpreadsheetFormats.Read(operation, bytes, options["sheetName"].TryGetString(), index);
                return KeepSource(SheetItems.ToItems(sheet, sheetOptions, index), item, options);
            case "fromJson":
                JsValue parsed;
                try
                {
                    parsed = JsonCodec.Parse(BinaryFiles.Decode(bytes, encoding));
                }
                catch (JsonFormatException e)
                {
                    throw ItemLoop.Fail($"The file in '{property}' is not valid JSON: {e.Message}", index, "Check the file's content.", e);
                }

                return [Destination(context, index, item, parsed, options)];
            case "text" or "xml":
                return [Destination(context, index, item, BinaryFiles.Decode(bytes, encoding), options)];
            case "binaryToPropery" or "binaryToProperty":
                return [Destination(context, index, item, file.Data ?? string.Empty, options)];
            case "fromIcs":
                return [Destination(context, index, item, Ical.Read(BinaryFiles.Decode(bytes, encoding)), options)];
            default:
                throw ItemLoop.Fail($"The operation '{operation}' is not known to Extract from File", index);
        }
    }

    private static Item Destination(NodeExecutionContext context, int index, Item source, JsValue value, JsObject options)
    {
        var key = context.GetString("destinationKey", index, "data");
        var json = KeepsJson(options) ? source.Json.DeepClone() : new JsObject();
        JsPath.Set(json, key, value);
        return new Item(json, index) { Binary = KeepsBinary(options) ? source.Binary : null };
    }

    private static IEnumerable<Item> KeepSource(List<Item> items, Item source, JsObject options)
    {
        foreach (var item in items)
        {
            if (KeepsJson(options))
            {
                var merged = source.Json.DeepClone();
                foreach (var (k, v) in item.Json)
                {
                    merged[k] = v;
                }

                item.Json = merged;
            }

            if (KeepsBinary(options))
            {
                item.Binary = source.Binary;
            }
        }

        return items;
    }

    private static bool KeepsJson(JsObject options) => options["keepSource"].TryGetString() is "json" or "both";

    private static bool KeepsBinary(JsObject options) => options["keepSource"].TryGetString() is "binary" or "both";
}
