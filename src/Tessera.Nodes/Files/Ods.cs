using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Files;

/// <summary>OpenDocument spreadsheets (.ods): one-sheet writer and a reader for the tables in content.xml.</summary>
internal static class Ods
{
    private const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private const string TextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string MimeType = "application/vnd.oasis.opendocument.spreadsheet";

    // Rows and columns repeated more often than this are the blank tail of a sheet, never data.
    private const int MaxRepeat = 1 << 16;

    public static byte[] Write(Worksheet sheet, bool compress)
    {
        var level = compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        var body = new StringBuilder();
        var columns = sheet.IsEmpty ? 1 : sheet.MaxCol + 1;
        body.Append("<table:table table:name=\"").Append(ZipPackage.Escape(ZipPackage.XmlSafe(sheet.Name))).Append("\">")
            .Append("<table:table-column table:number-columns-repeated=\"").Append(columns).Append("\"/>");
        for (var r = 0; r <= sheet.MaxRow; r++)
        {
            body.Append("<table:table-row>");
            var blanks = 0;
            for (var c = 0; c <= sheet.MaxCol; c++)
            {
                if (!sheet.TryGet(r, c, out var cell))
                {
                    blanks++;
                    continue;
                }

                if (blanks > 0)
                {
                    body.Append("<table:table-cell table:number-columns-repeated=\"").Append(blanks).Append("\"/>");
                    blanks = 0;
                }

                AppendCell(body, cell);
            }

            if (sheet.MaxCol < 0 || blanks == sheet.MaxCol + 1)
            {
                body.Append("<table:table-cell/>");
            }

            body.Append("</table:table-row>");
        }

        if (sheet.IsEmpty)
        {
            body.Append("<table:table-row><table:table-cell/></table:table-row>");
        }

        body.Append("</table:table>");
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            // The mimetype entry must come first and stay uncompressed so tools can sniff the format.
            ZipPackage.Add(zip, "mimetype", MimeType, CompressionLevel.NoCompression);
            ZipPackage.Add(zip, "content.xml",
                $"""<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{OfficeNs}" xmlns:table="{TableNs}" xmlns:text="{TextNs}" office:version="1.2"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>""", level);
            ZipPackage.Add(zip, "styles.xml",
                $"""<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="{OfficeNs}" office:version="1.2"/>""", level);
            ZipPackage.Add(zip, "META-INF/manifest.xml",
                $"""<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{MimeType}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>""", level);
        }

        return output.ToArray();
    }

    private static void AppendCell(StringBuilder body, SheetCell cell)
    {
        var value = cell.Value;
        switch (value.Kind)
        {
            case JsKind.Number:
                var number = value.AsNumber().ToString("R", CultureInfo.InvariantCulture);
                body.Append("<table:table-cell office:value-type=\"float\" office:value=\"").Append(number).Append("\"><text:p>")
                    .Append(ZipPackage.Escape(cell.Text)).Append("</text:p></table:table-cell>");
                break;
            case JsKind.Boolean:
                var flag = value.AsBoolean();
                body.Append("<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"").Append(flag ? "true" : "false")
                    .Append("\"><text:p>").Append(flag ? "TRUE" : "FALSE").Append("</text:p></table:table-cell>");
                break;
            default:
                body.Append("<table:table-cell office:value-type=\"string\">");
                var text = ZipPackage.XmlSafe(value.IsString ? value.AsString() : cell.Text);
                foreach (var line in text.Split('\n'))
                {
                    body.Append("<text:p>").Append(ZipPackage.Escape(line)).Append("</text:p>");
                }

                body.Append("</table:table-cell>");
                break;
        }
    }

    public static Workbook Read(byte[] bytes)
    {
        using var zip = ZipPackage.Open(bytes, "ODS");
        var content = ZipPackage.Find(zip, "content.xml")
            ?? throw new SpreadsheetFormatException("The file is a zip package but not an OpenDocument spreadsheet (no content.xml)");
        var sheets = new List<Worksheet>();
        using var xml = ZipPackage.ReadXml(content);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "table" && xml.NamespaceURI == TableNs)
            {
                sheets.Add(ReadTable(xml));
            }
        }

        return new Workbook(sheets);
    }

    private static Worksheet ReadTable(XmlReader xml)
    {
        var sheet = new Worksheet(xml.GetAttribute("name", TableNs) ?? "Sheet1");
        if (xml.IsEmptyElement)
        {
            return sheet;
        }

        var depth = xml.Depth;
        var row = 0;
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "table-row" && xml.NamespaceURI == TableNs)
            {
                var repeat = Repeat(xml.GetAttribute("number-rows-repeated", TableNs));
                var cells = ReadRow(xml);
                if (cells.Count > 0)
                {
                    for (var i = 0; i < Math.Min(repeat, MaxRepeat); i++)
                    {
                        foreach (var (col, cell) in cells)
                        {
                            sheet.Set(row + i, col, cell);
                        }
                    }
                }

                row += repeat;
            }

            xml.Read();
        }

        return sheet;
    }

    private static int Repeat(string? text) => int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    private static List<(int Col, SheetCell Cell)> ReadRow(XmlReader xml)
    {
        var cells = new List<(int, SheetCell)>();
        if (xml.IsEmptyElement)
        {
            return cells;
        }

        var depth = xml.Depth;
        var col = 0;
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName is "table-cell" or "covered-table-cell" && xml.NamespaceURI == TableNs)
            {
                var repeat = Repeat(xml.GetAttribute("number-columns-repeated", TableNs));
                var cell = ReadCell(xml);
                if (cell is { } value)
                {
                    for (var i = 0; i < Math.Min(repeat, MaxRepeat); i++)
                    {
                        cells.Add((col + i, value));
                    }
                }

                col += repeat;
            }

            xml.Read();
        }

        return cells;
    }

    private static SheetCell? ReadCell(XmlReader xml)
    {
        var type = xml.GetAttribute("value-type", OfficeNs);
        var value = xml.GetAttribute("value", OfficeNs);
        var dateValue = xml.GetAttribute("date-value", OfficeNs);
        var timeValue = xml.GetAttribute("time-value", OfficeNs);
        var booleanValue = xml.GetAttribute("boolean-value", OfficeNs);
        var stringValue = xml.GetAttribute("string-value", OfficeNs);
        var text = CellText(xml);
        switch (type)
        {
            case "float" or "percentage" or "currency":
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? new SheetCell(n, text ?? CellFormat.GeneralNumber(n)) : null;
            case "boolean":
                var flag = booleanValue is "true" or "1";
                return new SheetCell(flag, text ?? (flag ? "TRUE" : "FALSE"));
            case "date":
                if (dateValue is not null && DateTime.TryParse(dateValue, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
                {
                    var serial = CellFormat.ToSerial(date);
                    return new SheetCell(serial, text ?? CellFormat.FormatDate(serial, "m/d/yy"));
                }

                return text is null ? null : SheetCell.Of(text);
            case "time":
                if (timeValue is not null)
                {
                    try
                    {
                        var fraction = XmlConvert.ToTimeSpan(timeValue).TotalDays;
                        return new SheetCell(fraction, text ?? CellFormat.FormatDate(fraction, "h:mm:ss"));
                    }
                    catch (FormatException)
                    {
                        // fall through to the shown text
                    }
                }

                return text is null ? null : SheetCell.Of(text);
            default:
                var s = stringValue ?? text;
                return string.IsNullOrEmpty(s) ? null : SheetCell.Of(s);
        }
    }

    // The shown text of a cell: its paragraphs joined by new lines, with spaces, tabs and line breaks expanded.
    private static string? CellText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return null;
        }

        var depth = xml.Depth;
        var paragraphs = new List<string>();
        StringBuilder? current = null;
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.NamespaceURI == TextNs)
            {
                switch (xml.LocalName)
                {
                    case "p" or "h":
                        current = new StringBuilder();
                        paragraphs.Add(string.Empty);
                        break;
                    case "s":
                        current?.Append(' ', Repeat(xml.GetAttribute("c", TextNs)));
                        break;
                    case "tab":
                        current?.Append('\t');
                        break;
                    case "line-break":
                        current?.Append('\n');
                        break;
                }
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.NamespaceURI == OfficeNs && xml.LocalName == "annotation")
            {
                xml.Skip();
                continue;
            }
            else if (xml.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA && current is not null)
            {
                current.Append(xml.Value);
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.NamespaceURI == TextNs && xml.LocalName is "p" or "h" && current is not null)
            {
                paragraphs[^1] = current.ToString();
                current = null;
            }

            xml.Read();
        }

        return paragraphs.Count == 0 ? null : string.Join('\n', paragraphs);
    }
}
