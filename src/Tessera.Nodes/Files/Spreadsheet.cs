using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>Reading options for tabular files (names as in n8n's Extract from File / Spreadsheet File nodes).</summary>
internal sealed record SheetReadOptions
{
    public string Delimiter { get; init; } = ",";
    public int FromLine { get; init; } = 1;
    public int MaxRowCount { get; init; } = -1;
    public bool HeaderRow { get; init; } = true;
    public bool IncludeEmptyCells { get; init; }
    public bool StripBom { get; init; }
    public bool RelaxQuotes { get; init; }
    public string? Range { get; init; }
    /// <summary>Infer numbers and booleans from cell text (SheetJS-style); false keeps text.</summary>
    public bool Typed { get; init; }
    public string? Encoding { get; init; }

    public static SheetReadOptions From(JsObject options, bool typedByDefault) => new()
    {
        Delimiter = options["delimiter"].TryGetString() is { Length: > 0 } d ? Regex.Unescape(d) : ",",
        FromLine = options["fromLine"].IsNumber ? Math.Max(1, (int)options["fromLine"].AsNumber()) : 1,
        MaxRowCount = options["maxRowCount"].IsNumber ? (int)options["maxRowCount"].AsNumber() : -1,
        HeaderRow = !options["headerRow"].IsBoolean || options["headerRow"].AsBoolean(),
        IncludeEmptyCells = options["includeEmptyCells"].IsBoolean && options["includeEmptyCells"].AsBoolean(),
        StripBom = options["enableBOM"].IsBoolean && options["enableBOM"].AsBoolean(),
        RelaxQuotes = options["relaxQuotes"].IsBoolean && options["relaxQuotes"].AsBoolean(),
        Range = options["range"].IsNumber ? JsNumber.ToString(options["range"].AsNumber()) : options["range"].TryGetString(),
        Typed = typedByDefault && !(options["rawData"].IsBoolean && options["rawData"].AsBoolean()),
        Encoding = options["encoding"].TryGetString(),
    };
}

/// <summary>Tabular data in and out of CSV and HTML tables, shaped as n8n's spreadsheet handling shapes it.</summary>
internal static partial class Spreadsheet
{
    /// <summary>The header (union of keys in first-seen order) and the rows of <paramref name="items"/>.</summary>
    public static List<List<JsValue>> FromItems(IReadOnlyList<Item> items, bool headerRow = true)
    {
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

        var rows = new List<List<JsValue>>(items.Count + 1);
        if (headerRow)
        {
            rows.Add([.. headers.Select(h => (JsValue)h)]);
        }

        foreach (var item in items)
        {
            rows.Add([.. headers.Select(h => item.Json[h])]);
        }

        return rows;
    }

    public static string ToCsv(List<List<JsValue>> rows, string delimiter)
    {
        var sb = new StringBuilder();
        for (var r = 0; r < rows.Count; r++)
        {
            if (r > 0)
            {
                sb.Append('\n');
            }

            for (var c = 0; c < rows[r].Count; c++)
            {
                if (c > 0)
                {
                    sb.Append(delimiter);
                }

                var text = CellText(rows[r][c]);
                var quote = text.Contains('"', StringComparison.Ordinal) || text.Contains(delimiter, StringComparison.Ordinal)
                    || text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal);
                sb.Append(quote ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text);
            }
        }

        return sb.ToString();
    }

    /// <summary>An HTML page with one table, the way SheetJS exports a sheet (cell type and value in data attributes).</summary>
    public static string ToHtml(List<List<JsValue>> rows)
    {
        var sb = new StringBuilder("<html><head><meta charset=\"utf-8\"/><title>SheetJS Table Export</title></head><body><table>");
        for (var r = 0; r < rows.Count; r++)
        {
            sb.Append("<tr>");
            for (var c = 0; c < rows[r].Count; c++)
            {
                var value = rows[r][c];
                var text = WebUtility.HtmlEncode(CellText(value));
                var type = value.Kind switch { JsKind.Number => "n", JsKind.Boolean => "b", _ => "s" };
                var id = SheetItems.ColumnName(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                if (value.IsNullish)
                {
                    sb.Append("<td id=\"sjs-").Append(id).Append("\"></td>");
                    continue;
                }

                sb.Append("<td data-t=\"").Append(type).Append("\" data-v=\"").Append(text).Append("\" id=\"sjs-").Append(id).Append("\">")
                    .Append(text).Append("</td>");
            }

            sb.Append("</tr>");
        }

        return sb.Append("</table></body></html>").ToString();
    }

    public static List<List<string>> ParseCsv(string text, SheetReadOptions options)
    {
        if (options.StripBom && text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var rows = new List<List<string>>();
        var line = 0;
        foreach (var record in CsvRecords(text, options.Delimiter, options.RelaxQuotes))
        {
            line++;
            if (line < options.FromLine || (record.Count == 1 && record[0].Length == 0))
            {
                continue;
            }

            rows.Add(record);
        }

        return rows;
    }

    // RFC 4180 records; with relaxed quotes a quote inside an unquoted field is kept as text.
    private static IEnumerable<List<string>> CsvRecords(string text, string delimiter, bool relaxQuotes)
    {
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        var quoted = false;
        var fieldStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                    i++;
                    continue;
                }

                field.Append(c);
                i++;
                continue;
            }

            if (c == '"' && fieldStart)
            {
                quoted = true;
                fieldStart = false;
                i++;
                continue;
            }

            if (string.CompareOrdinal(text, i, delimiter, 0, delimiter.Length) == 0)
            {
                record.Add(field.ToString());
                field.Clear();
                fieldStart = true;
                i += delimiter.Length;
                continue;
            }

            if (c is '\r' or '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                yield return record;
                record = [];
                fieldStart = true;
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                continue;
            }

            if (c == '"' && !relaxQuotes)
            {
                throw new NodeOperationException($"The CSV has a quote inside an unquoted field near character {i + 1}",
                    description: "Enable 'Relax Quotes' or quote the field.");
            }

            field.Append(c);
            fieldStart = false;
            i++;
        }

        if (quoted)
        {
            throw new NodeOperationException("The CSV ends inside a quoted field", description: "Check for a missing closing quote.");
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }

    /// <summary>
    /// The first table of an HTML page as a sheet: cells typed by SheetJS's <c>data-t</c>/<c>data-v</c> attributes when present,
    /// otherwise by their text; row and column spans occupy the cells they cover.
    /// </summary>
    public static Worksheet ParseHtmlSheet(string html)
    {
        var sheet = new Worksheet("Sheet1");
        var table = new HtmlParser().ParseDocument(html).QuerySelector("table");
        if (table is null)
        {
            return sheet;
        }

        var covered = new HashSet<(int, int)>();
        var r = 0;
        foreach (var tr in table.QuerySelectorAll("tr"))
        {
            var c = 0;
            foreach (var td in tr.Children.Where(e => e.LocalName is "td" or "th"))
            {
                while (covered.Contains((r, c)))
                {
                    c++;
                }

                var text = td.GetAttribute("data-v") ?? td.TextContent;
                if (text.Length > 0)
                {
                    JsValue value = td.GetAttribute("data-t") switch
                    {
                        "s" => text,
                        "b" => text is "TRUE" or "true" or "1",
                        "n" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
                        _ => CellFormat.Infer(text),
                    };
                    sheet.Set(r, c, new SheetCell(value, value.IsString ? text : CellFormat.General(value)));
                }

                var rowSpan = Span(td.GetAttribute("rowspan"));
                var colSpan = Span(td.GetAttribute("colspan"));
                for (var dr = 0; dr < rowSpan; dr++)
                {
                    for (var dc = 0; dc < colSpan; dc++)
                    {
                        covered.Add((r + dr, c + dc));
                    }
                }

                c += colSpan;
            }

            r++;
        }

        return sheet;
    }

    private static int Span(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 1000) : 1;

    /// <summary>Turns rows of text into items: a header row names the fields, or each row becomes <c>{ row: [...] }</c>.</summary>
    public static List<Item> ToItems(List<List<string>> rows, SheetReadOptions options, int pairedItem)
    {
        rows = ApplyRange(rows, options.Range);
        var items = new List<Item>();
        if (!options.HeaderRow)
        {
            foreach (var row in rows.Take(options.MaxRowCount >= 0 ? options.MaxRowCount : int.MaxValue))
            {
                items.Add(new Item(new JsObject { ["row"] = new JsArray(row.Select(c => Cell(c, options.Typed))) }, pairedItem));
            }

            return items;
        }

        if (rows.Count == 0)
        {
            return items;
        }

        var header = rows[0];
        foreach (var row in rows.Skip(1).Take(options.MaxRowCount >= 0 ? options.MaxRowCount : int.MaxValue))
        {
            var json = new JsObject(header.Count);
            for (var c = 0; c < header.Count; c++)
            {
                var text = c < row.Count ? row[c] : string.Empty;
                if (text.Length == 0 && !options.IncludeEmptyCells)
                {
                    continue;
                }

                json[header[c].Length == 0 ? c == 0 ? "__EMPTY" : $"__EMPTY_{c}" : header[c]] = Cell(text, options.Typed);
            }

            items.Add(new Item(json, pairedItem));
        }

        return items;
    }

    private static JsValue Cell(string text, bool typed)
    {
        if (!typed)
        {
            return text;
        }

        if (text is "TRUE" or "true")
        {
            return true;
        }

        if (text is "FALSE" or "false")
        {
            return false;
        }

        return NumberText().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : text;
    }

    private static List<List<string>> ApplyRange(List<List<string>> rows, string? range)
    {
        if (string.IsNullOrWhiteSpace(range))
        {
            return rows;
        }

        var match = RangeText().Match(range.Trim().ToUpperInvariant());
        if (!match.Success)
        {
            throw new NodeOperationException($"The range '{range}' is not valid", description: "Write a range like A1:C10.");
        }

        var c0 = SheetItems.ColumnIndex(match.Groups[1].Value);
        var r0 = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) - 1;
        var c1 = match.Groups[3].Success ? SheetItems.ColumnIndex(match.Groups[3].Value) : int.MaxValue - 1;
        var r1 = match.Groups[4].Success ? int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) - 1 : int.MaxValue - 1;
        return [.. rows.Skip(r0).Take(r1 - r0 + 1).Select(r => r.Skip(c0).Take(c1 - c0 + 1).ToList())];
    }

    private static string CellText(JsValue value) => value.Kind switch
    {
        JsKind.Undefined or JsKind.Null => string.Empty,
        JsKind.Boolean => value.AsBoolean() ? "TRUE" : "FALSE",
        JsKind.Object or JsKind.Array => JsonCodec.Serialize(value),
        _ => JsConvert.ToString(value),
    };

    [GeneratedRegex(@"^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")]
    private static partial Regex NumberText();

    [GeneratedRegex(@"^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$")]
    private static partial Regex RangeText();
}
