using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>n8n's Convert to File node (v1, v1.1): items to CSV, HTML, XLSX, XLS, ODS, RTF, JSON, text, binary or iCalendar files.</summary>
internal sealed class ConvertToFileNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.convertToFile",
        DisplayName = "Convert to File",
        Description = "Convert JSON data to binary data",
        Versions = [1, 1.1],
        Category = "Files",
        Parameters =
        [
            new NodeParameter { Name = "operation", Type = ParameterType.Options, Default = "csv" },
            new NodeParameter { Name = "binaryPropertyName", Type = ParameterType.String, Default = "data" },
            new NodeParameter { Name = "sourceProperty", Type = ParameterType.String, Default = string.Empty },
            new NodeParameter { Name = "mode", Type = ParameterType.Options, Default = "once" },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var operation = context.GetString("operation", 0, "csv");
        var output = operation switch
        {
            "csv" or "html" => NodeOutput.Single(Table(context, operation)),
            "toJson" => Json(context),
            "toText" => ItemLoop.Map(context, (item, i) => [Text(context, item, i)]),
            "toBinary" => ItemLoop.Map(context, (item, i) => [FromBase64(context, item, i)]),
            "iCal" => ItemLoop.Map(context, (item, i) => [Ics(context, item, i)]),
            "xlsx" or "xls" or "ods" or "rtf" => NodeOutput.Single(Table(context, operation)),
            _ => throw new NodeOperationException($"The operation '{operation}' is not known to Convert to File"),
        };
        return ValueTask.FromResult(output);
    }

    private static IReadOnlyList<Item> Table(NodeExecutionContext context, string format)
    {
        if (context.InputItems.Count == 0)
        {
            return [];
        }

        var options = context.GetObject("options");
        var headerRow = !options["headerRow"].IsBoolean || options["headerRow"].AsBoolean();
        var rows = Spreadsheet.FromItems(context.InputItems, headerRow);
        var fileName = options["fileName"].TryGetString() is { Length: > 0 } name ? name : "file." + format;
        byte[] bytes;
        string mime;
        if (format == "csv")
        {
            var delimiter = options["delimiter"].TryGetString() is { Length: > 0 } d ? d : ",";
            bytes = BinaryFiles.Encode(Spreadsheet.ToCsv(rows, delimiter), "utf8", options["addBOM"].IsBoolean && options["addBOM"].AsBoolean());
            mime = "text/csv";
        }
        else if (format == "html")
        {
            bytes = Encoding.UTF8.GetBytes(Spreadsheet.ToHtml(rows));
            mime = "text/html";
        }
        else
        {
            bytes = SpreadsheetFormats.Write(format, context.InputItems, options);
            mime = SpreadsheetFormats.MimeType(format);
        }

        var property = context.GetString("binaryPropertyName", 0, "data");
        return [AllItemsFile(context, property, BinaryFiles.Create(bytes, fileName, mime))];
    }

    private static Item AllItemsFile(NodeExecutionContext context, string property, BinaryData file) => new(new JsObject())
    {
        Binary = new() { [property] = file },
        Paired = [.. Enumerable.Range(0, context.InputItems.Count).Select(i => new PairedItem(i))],
    };

    private static NodeOutput Json(NodeExecutionContext context)
    {
        var mode = context.GetString("mode", 0, "once");
        if (mode == "each")
        {
            return ItemLoop.Map(context, (item, i) =>
            {
                var options = context.GetObject("options", i);
                var bytes = JsonBytes(item.Json, options);
                var property = context.GetString("binaryPropertyName", i, "data");
                var fileName = options["fileName"].TryGetString() is { Length: > 0 } n ? n : "file.json";
                return [new Item(new JsObject(), i) { Binary = new() { [property] = BinaryFiles.Create(bytes, fileName, "application/json") } }];
            });
        }

        if (context.InputItems.Count == 0)
        {
            return NodeOutput.Single([]);
        }

        var all = context.GetObject("options");
        var array = new JsArray(context.InputItems.Select(i => (JsValue)i.Json));
        var name = all["fileName"].TryGetString() is { Length: > 0 } f ? f : "file.json";
        var file = BinaryFiles.Create(JsonBytes(array, all), name, "application/json");
        return NodeOutput.Single([AllItemsFile(context, context.GetString("binaryPropertyName", 0, "data"), file)]);
    }

    private static byte[] JsonBytes(JsValue value, JsObject options)
    {
        var pretty = options["format"].IsBoolean && options["format"].AsBoolean();
        var text = JsonCodec.Serialize(value, pretty);
        return BinaryFiles.Encode(text, options["encoding"].TryGetString(), options["addBOM"].IsBoolean && options["addBOM"].AsBoolean());
    }

    private static Item Text(NodeExecutionContext context, Item item, int index)
    {
        var source = context.GetString("sourceProperty", index);
        var value = item.Json.GetPath(source);
        if (value.IsUndefined)
        {
            throw ItemLoop.Fail($"The item has no field '{source}'", index, "Set 'Text Input Field' to the field holding the text.");
        }

        var options = context.GetObject("options", index);
        var text = value.IsString ? value.AsString() : JsonCodec.Serialize(value, indented: true);
        var bytes = BinaryFiles.Encode(text, options["encoding"].TryGetString(), options["addBOM"].IsBoolean && options["addBOM"].AsBoolean());
        var fileName = options["fileName"].TryGetString() is { Length: > 0 } n ? n : "file.txt";
        return new Item(item.Json, index)
        {
            Binary = WithFile(item, context.GetString("binaryPropertyName", index, "data"), BinaryFiles.Create(bytes, fileName, "text/plain")),
        };
    }

    private static Item FromBase64(NodeExecutionContext context, Item item, int index)
    {
        var source = context.GetString("sourceProperty", index);
        var value = item.Json.GetPath(source);
        if (!value.IsString)
        {
            throw ItemLoop.Fail($"The field '{source}' does not hold text", index, "Set 'Base64 Input Field' to a field holding base64 text.");
        }

        var options = context.GetObject("options", index);
        var isBase64 = !options["dataIsBase64"].IsBoolean || options["dataIsBase64"].AsBoolean();
        byte[] bytes;
        if (isBase64)
        {
            try
            {
                bytes = Convert.FromBase64String(value.AsString().Trim());
            }
            catch (FormatException e)
            {
                throw ItemLoop.Fail($"The field '{source}' is not valid base64", index, "Turn off 'Data Is Base64' to store the text as is.", e);
            }
        }
        else
        {
            bytes = BinaryFiles.Encode(value.AsString(), options["encoding"].TryGetString(), false);
        }

        var mime = options["mimeType"].TryGetString() is { Length: > 0 } m ? m : GuessMime(bytes);
        var fileName = options["fileName"].TryGetString() is { Length: > 0 } n ? n : "file" + (mime == "text/plain" ? ".txt" : string.Empty);
        var file = BinaryFiles.Create(bytes, fileName, mime);
        return new Item(item.Json, index) { Binary = WithFile(item, context.GetString("binaryPropertyName", index, "data"), file) };
    }

    private static string GuessMime(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith("%PDF"u8))
        {
            return "application/pdf";
        }

        if (bytes.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }))
        {
            return "image/png";
        }

        if (bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return "image/jpeg";
        }

        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
            return bytes.Contains((byte)0) ? "application/octet-stream" : "text/plain";
        }
        catch (DecoderFallbackException)
        {
            return "application/octet-stream";
        }
    }

    private static Dictionary<string, BinaryData> WithFile(Item item, string property, BinaryData file)
    {
        var binary = item.Binary is null ? new Dictionary<string, BinaryData>() : new Dictionary<string, BinaryData>(item.Binary);
        binary[property] = file;
        return binary;
    }

    private static Item Ics(NodeExecutionContext context, Item item, int index)
    {
        var now = context.Execution.Time.GetUtcNow();
        var ics = Ical.Write(context, index, now);
        var options = context.GetObject("options", index);
        var fileName = options["fileName"].TryGetString() is { Length: > 0 } n ? n : "event.ics";
        var file = BinaryFiles.Create(Encoding.UTF8.GetBytes(ics), fileName, "text/calendar");
        return new Item(item.Json, index) { Binary = WithFile(item, context.GetString("binaryPropertyName", index, "data"), file) };
    }
}
