using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Files;

/// <summary>Office Open XML workbooks (.xlsx): one-sheet writer and a reader for values, shared and inline strings, booleans and dates.</summary>
internal static class Xlsx
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static byte[] Write(Worksheet sheet, bool compress)
    {
        var level = compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        var strings = new List<string>();
        var stringIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var body = new StringBuilder();
        var dimension = sheet.IsEmpty ? "A1" : $"{Ref(sheet.MinRow, sheet.MinCol)}:{Ref(sheet.MaxRow, sheet.MaxCol)}";
        var currentRow = -1;
        foreach (var (row, col, cell) in sheet.InOrder())
        {
            if (row != currentRow)
            {
                if (currentRow >= 0)
                {
                    body.Append("</row>");
                }

                body.Append("<row r=\"").Append(row + 1).Append("\">");
                currentRow = row;
            }

            body.Append("<c r=\"").Append(Ref(row, col)).Append('"');
            var value = cell.Value;
            switch (value.Kind)
            {
                case JsKind.Number:
                    body.Append("><v>").Append(value.AsNumber().ToString("R", CultureInfo.InvariantCulture)).Append("</v></c>");
                    break;
                case JsKind.Boolean:
                    body.Append(" t=\"b\"><v>").Append(value.AsBoolean() ? '1' : '0').Append("</v></c>");
                    break;
                default:
                    var text = value.IsString ? value.AsString() : cell.Text;
                    if (!stringIndex.TryGetValue(text, out var index))
                    {
                        index = strings.Count;
                        strings.Add(text);
                        stringIndex[text] = index;
                    }

                    body.Append(" t=\"s\"><v>").Append(index).Append("</v></c>");
                    break;
            }
        }

        if (currentRow >= 0)
        {
            body.Append("</row>");
        }

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            ZipPackage.Add(zip, "[Content_Types].xml", ContentTypes, level);
            ZipPackage.Add(zip, "_rels/.rels", RootRels, level);
            ZipPackage.Add(zip, "xl/workbook.xml",
                $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MainNs}" xmlns:r="{RelNs}"><sheets><sheet name="{ZipPackage.Escape(SafeSheetName(sheet.Name))}" sheetId="1" r:id="rId1"/></sheets></workbook>""", level);
            ZipPackage.Add(zip, "xl/_rels/workbook.xml.rels", WorkbookRels, level);
            ZipPackage.Add(zip, "xl/worksheets/sheet1.xml",
                $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MainNs}" xmlns:r="{RelNs}"><dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>""", level);
            ZipPackage.Add(zip, "xl/styles.xml", Styles, level);
            var sst = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MainNs}" count="{strings.Count}" uniqueCount="{strings.Count}">""");
            foreach (var s in strings)
            {
                var safe = ZipPackage.Escape(ZipPackage.XmlSafe(s, c => $"_x{(int)c:X4}_"));
                var space = s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) ? " xml:space=\"preserve\"" : string.Empty;
                sst.Append("<si><t").Append(space).Append('>').Append(safe).Append("</t></si>");
            }

            ZipPackage.Add(zip, "xl/sharedStrings.xml", sst.Append("</sst>").ToString(), level);
        }

        return output.ToArray();
    }

    /// <summary>Excel forbids some characters in sheet names and limits them to 31 characters.</summary>
    public static string SafeSheetName(string name)
    {
        var clean = new string([.. name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']'))]).Trim('\'');
        clean = clean.Length > 31 ? clean[..31] : clean;
        return clean.Length == 0 ? "Sheet1" : clean;
    }

    private static string Ref(int row, int col) => SheetItems.ColumnName(col) + (row + 1).ToString(CultureInfo.InvariantCulture);

    public static Workbook Read(byte[] bytes)
    {
        using var zip = ZipPackage.Open(bytes, "XLSX");
        var workbookPath = MainPartPath(zip);
        var workbookEntry = ZipPackage.Find(zip, workbookPath)
            ?? throw new SpreadsheetFormatException("The file is a zip package but not an XLSX workbook (no xl/workbook.xml)");
        var folder = workbookPath.Contains('/', StringComparison.Ordinal) ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : string.Empty;
        var relsPath = folder + "_rels/" + workbookPath[folder.Length..] + ".rels";
        var targets = Relationships(zip, relsPath, folder);
        var (sheets, date1904) = SheetList(workbookEntry);
        var shared = targets.Values.FirstOrDefault(t => t.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Path ?? folder + "sharedStrings.xml";
        var styles = targets.Values.FirstOrDefault(t => t.Type.EndsWith("/styles", StringComparison.Ordinal)).Path ?? folder + "styles.xml";
        var strings = SharedStrings(ZipPackage.Find(zip, shared));
        var dateFormats = DateStyles(ZipPackage.Find(zip, styles));
        var result = new List<Worksheet>();
        foreach (var (name, relId) in sheets)
        {
            if (!targets.TryGetValue(relId, out var target) || !target.Type.EndsWith("/worksheet", StringComparison.Ordinal))
            {
                continue; // chart sheets and dialog sheets hold no cells
            }

            var entry = ZipPackage.Find(zip, target.Path) ?? throw new SpreadsheetFormatException($"The workbook names the sheet '{name}' but its part '{target.Path}' is missing");
            result.Add(ReadSheet(name, entry, strings, dateFormats, date1904));
        }

        return new Workbook(result);
    }

    private static string MainPartPath(ZipArchive zip)
    {
        var rels = Relationships(zip, "_rels/.rels", string.Empty);
        return rels.Values.FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Path ?? "xl/workbook.xml";
    }

    private static Dictionary<string, (string Type, string Path)> Relationships(ZipArchive zip, string path, string folder)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var entry = ZipPackage.Find(zip, path);
        if (entry is null)
        {
            return result;
        }

        using var xml = ZipPackage.ReadXml(entry);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") is { } id)
            {
                var target = xml.GetAttribute("Target") ?? string.Empty;
                var resolved = target.StartsWith('/') ? target.TrimStart('/') : Normalize(folder + target);
                result[id] = (xml.GetAttribute("Type") ?? string.Empty, resolved);
            }
        }

        return result;
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part is not ("." or ""))
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private static (List<(string Name, string RelId)> Sheets, bool Date1904) SheetList(ZipArchiveEntry workbook)
    {
        var sheets = new List<(string, string)>();
        var date1904 = false;
        using var xml = ZipPackage.ReadXml(workbook);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "sheet")
            {
                var relId = xml.GetAttribute("id", RelNs) ?? xml.GetAttribute("id", "http://purl.oclc.org/ooxml/officeDocument/relationships") ?? string.Empty;
                sheets.Add((xml.GetAttribute("name") ?? $"Sheet{sheets.Count + 1}", relId));
            }
            else if (xml.LocalName == "workbookPr")
            {
                date1904 = xml.GetAttribute("date1904") is "1" or "true";
            }
        }

        return (sheets, date1904);
    }

    private static List<string> SharedStrings(ZipArchiveEntry? entry)
    {
        var strings = new List<string>();
        if (entry is null)
        {
            return strings;
        }

        using var xml = ZipPackage.ReadXml(entry);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                strings.Add(RichText(xml));
            }
        }

        return strings;
    }

    // Text of an <si> or <is> element: its <t> runs, without phonetic (<rPh>) hints.
    private static string RichText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return string.Empty;
        }

        var depth = xml.Depth;
        var sb = new StringBuilder();
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh")
            {
                xml.Skip();
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
            {
                sb.Append(Unescape(xml.ReadElementContentAsString()));
            }
            else
            {
                xml.Read();
            }
        }

        return sb.ToString();
    }

    // OOXML writes characters XML cannot hold as _xHHHH_.
    private static string Unescape(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_'
                && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 6;
                continue;
            }

            sb.Append(text[i]);
        }

        return sb.ToString();
    }

    // Style index → date format code, for styles whose number format shows a date.
    private static Dictionary<int, string> DateStyles(ZipArchiveEntry? entry)
    {
        var result = new Dictionary<int, string>();
        if (entry is null)
        {
            return result;
        }

        var custom = new Dictionary<int, string>();
        using var xml = ZipPackage.ReadXml(entry);
        var inCellXfs = false;
        var xfIndex = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (xml.LocalName)
            {
                case "numFmt" when int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id):
                    custom[id] = xml.GetAttribute("formatCode") ?? string.Empty;
                    break;
                case "cellXfs":
                    inCellXfs = !xml.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    var fmt = int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0;
                    var code = custom.TryGetValue(fmt, out var c) ? (CellFormat.IsDateFormat(c) ? c : null) : CellFormat.BuiltInDateFormat(fmt);
                    if (code is not null)
                    {
                        result[xfIndex] = code;
                    }

                    xfIndex++;
                    break;
            }
        }

        return result;
    }

    private static Worksheet ReadSheet(string name, ZipArchiveEntry entry, List<string> strings, Dictionary<int, string> dateFormats, bool date1904)
    {
        var sheet = new Worksheet(name);
        using var xml = ZipPackage.ReadXml(entry);
        var row = -1;
        var col = -1;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "row")
            {
                row = int.TryParse(xml.GetAttribute("r"), CultureInfo.InvariantCulture, out var r) ? r - 1 : row + 1;
                col = -1;
                continue;
            }

            if (xml.LocalName != "c")
            {
                continue;
            }

            if (xml.GetAttribute("r") is { } reference && SheetItems.TryParseCell(reference, out var cr, out var cc))
            {
                row = cr;
                col = cc;
            }
            else
            {
                col++;
                row = Math.Max(row, 0);
            }

            var type = xml.GetAttribute("t") ?? "n";
            var style = int.TryParse(xml.GetAttribute("s"), CultureInfo.InvariantCulture, out var s) ? s : 0;
            var (raw, inline) = CellContent(xml);
            var cell = ToCell(type, raw, inline, strings, dateFormats.GetValueOrDefault(style), date1904);
            if (cell is { } value)
            {
                sheet.Set(row, col, value);
            }
        }

        return sheet;
    }

    private static (string? Value, string? Inline) CellContent(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return (null, null);
        }

        string? value = null;
        string? inline = null;
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "v")
            {
                value = xml.ReadElementContentAsString();
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "is")
            {
                inline = RichText(xml);
                xml.Read();
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "f")
            {
                xml.Skip();
            }
            else
            {
                xml.Read();
            }
        }

        return (value, inline);
    }

    private static SheetCell? ToCell(string type, string? raw, string? inline, List<string> strings, string? dateFormat, bool date1904)
    {
        switch (type)
        {
            case "s":
                if (int.TryParse(raw, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < strings.Count)
                {
                    return SheetCell.Of(strings[index]);
                }

                return null;
            case "inlineStr":
                return inline is null ? null : SheetCell.Of(inline);
            case "str":
                return raw is null ? null : SheetCell.Of(Unescape(raw));
            case "b":
                return raw is null ? null : SheetCell.Of(raw.Trim() is "1" or "true");
            case "e":
                return null; // error values (#DIV/0!…) read as empty, as in n8n
            case "d":
                if (raw is not null && DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
                {
                    var serial = CellFormat.ToSerial(date);
                    return new SheetCell(serial, CellFormat.FormatDate(serial, dateFormat ?? "m/d/yy"));
                }

                return raw is null ? null : SheetCell.Of(raw);
            default:
                if (raw is null || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return null;
                }

                if (dateFormat is not null)
                {
                    var shown = date1904 ? number + 1462 : number;
                    return new SheetCell(number, CellFormat.FormatDate(shown, dateFormat));
                }

                return SheetCell.Of(number);
        }
    }

    private const string ContentTypes = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""";

    private const string RootRels = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""";

    private const string WorkbookRels = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""";

    private const string Styles = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>""";
}
