using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>
/// n8n's legacy Spreadsheet File node (v1, v2): reads CSV, HTML, XLSX, XLS, ODS and RTF sheets into items and writes
/// items in any of those formats. v1 reads CSV cells with type inference (numbers, booleans) like SheetJS; v2 reads CSV
/// as text like csv-parse; the other formats keep the types stored in the file.
/// </summary>
internal sealed class SpreadsheetFileNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.spreadsheetFile",
        DisplayName = "Spreadsheet File",
        Description = "Reads and writes data from a spreadsheet file like CSV, XLS, ODS, etc",
        Versions = [1, 2],
        Category = "Files",
        Parameters =
        [
            new NodeParameter { Name = "operation", Type = ParameterType.Options, Default = "fromFile" },
            new NodeParameter { Name = "fileFormat", Type = ParameterType.Options, Default = JsValue.Undefined },
            new NodeParameter { Name = "binaryPropertyName", Type = ParameterType.String, Default = "data" },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var operation = context.GetString("operation", 0, "fromFile");
        return ValueTask.FromResult(operation switch
        {
            "fromFile" => ItemLoop.Map(context, (item, i) => Read(context, item, i)),
            "toFile" => NodeOutput.Single(context.InputItems.Count == 0 ? [] : [Write(context)]),
            _ => throw new NodeOperationException($"The operation '{operation}' is not known to Spreadsheet File", description: "Use fromFile or toFile."),
        });
    }

    private static List<Item> Read(NodeExecutionContext context, Item item, int index)
    {
        var property = context.GetString("binaryPropertyName", index, "data");
        var file = BinaryFiles.Require(item, property, index);
        var options = context.GetObject("options", index);
        var format = context.GetString("fileFormat", index, "autodetect");
        if (format is "autodetect" or "")
        {
            format = Detect(file);
        }

        var v1 = context.Node.TypeVersion < 2;
        var bytes = file.GetBytes();
        switch (format)
        {
            case "csv":
                // v1 parses like a spreadsheet program (typed cells, BOM ignored); v2 keeps text and the BOM unless asked.
                var readOptions = SheetReadOptions.From(options, typedByDefault: v1) with { StripBom = v1 || (options["enableBOM"].IsBoolean && options["enableBOM"].AsBoolean()) };
                var text = BinaryFiles.Decode(bytes, options["encoding"].TryGetString(), stripBom: false);
                return Spreadsheet.ToItems(Spreadsheet.ParseCsv(text, readOptions), readOptions, index);
            case "html":
                var htmlOptions = SheetReadOptions.From(options, typedByDefault: true);
                return SheetItems.ToItems(Spreadsheet.ParseHtmlSheet(Encoding.UTF8.GetString(bytes)), htmlOptions, index);
            case "xlsx" or "xls" or "ods" or "rtf":
                var sheetOptions = SheetReadOptions.From(options, typedByDefault: true);
                var sheet = SpreadsheetFormats.Read(format, bytes, options["sheetName"].TryGetString(), index);
                return SheetItems.ToItems(sheet, sheetOptions, index);
            default:
                throw ItemLoop.Fail($"Reading {format.ToUpperInvariant()} files is not supported", index,
                    "Choose the file format (CSV, HTML, ODS, RTF, XLS or XLSX) instead of autodetect, or check the file's name and type.");
        }
    }

    private static string Detect(BinaryData file)
    {
        var extension = (file.FileExtension ?? Path.GetExtension(file.FileName ?? string.Empty).TrimStart('.')).ToLowerInvariant();
        if (extension is "csv" || file.MimeType is "text/csv")
        {
            return "csv";
        }

        if (extension is "html" or "htm" || file.MimeType is "text/html")
        {
            return "html";
        }

        if (extension is "xlsx" or "xls" or "ods" or "rtf")
        {
            return extension;
        }

        foreach (var format in (string[])["xlsx", "xls", "ods", "rtf"])
        {
            if (file.MimeType == SpreadsheetFormats.MimeType(format) || (format == "rtf" && file.MimeType == "text/rtf"))
            {
                return format;
            }
        }

        if (SpreadsheetFormats.Sniff(file.GetBytes()) is { } sniffed)
        {
            return sniffed;
        }

        if (extension.Length > 0)
        {
            return extension;
        }

        return file.MimeType.StartsWith("text/", StringComparison.Ordinal) ? "csv" : "binary";
    }

    private static Item Write(NodeExecutionContext context)
    {
        var format = context.GetString("fileFormat", 0, "xls");
        if (format is "" or "autodetect")
        {
            format = "xls";
        }

        var options = context.GetObject("options");
        var headerRow = !options["headerRow"].IsBoolean || options["headerRow"].AsBoolean();
        var rows = Spreadsheet.FromItems(context.InputItems, headerRow);
        var fileName = options["fileName"].TryGetString() is { Length: > 0 } name ? name : "spreadsheet." + format;
        byte[] bytes;
        string mime;
        switch (format)
        {
            case "csv":
                var delimiter = options["delimiter"].TryGetString() is { Length: > 0 } d ? d : ",";
                bytes = BinaryFiles.Encode(Spreadsheet.ToCsv(rows, delimiter), "utf8", addBom: true);
                mime = "text/csv";
                break;
            case "html":
                bytes = Encoding.UTF8.GetBytes(Spreadsheet.ToHtml(rows));
                mime = "text/html";
                break;
            case "xlsx" or "xls" or "ods" or "rtf":
                bytes = SpreadsheetFormats.Write(format, context.InputItems, options);
                mime = SpreadsheetFormats.MimeType(format);
                break;
            default:
                throw new NodeOperationException($"Writing {format.ToUpperInvariant()} files is not supported",
                    description: "Choose CSV, HTML, ODS, RTF, XLS or XLSX as the file format.");
        }

        var property = context.GetString("binaryPropertyName", 0, "data");
        return new Item(new JsObject())
        {
            Binary = new() { [property] = BinaryFiles.Create(bytes, fileName, mime) },
            Paired = [.. Enumerable.Range(0, context.InputItems.Count).Select(i => new PairedItem(i))],
        };
    }
}
