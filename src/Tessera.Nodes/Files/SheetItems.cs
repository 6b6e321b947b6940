using System.Globalization;
using System.Text.RegularExpressions;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>
/// Turns a worksheet into items the way n8n does for spreadsheet files (SheetJS's sheet-to-JSON conventions):
/// the first row of the range names the fields, empty header cells become <c>__EMPTY</c>, <c>__EMPTY_1</c>…, repeated
/// names get <c>_1</c>, <c>_2</c>… suffixes, blank rows are skipped; without a header row each row becomes <c>{ row: [...] }</c>.
/// </summary>
internal static partial class SheetItems
{
    public static List<Item> ToItems(Worksheet sheet, SheetReadOptions options, int pairedItem)
    {
        var items = new List<Item>();
        if (sheet.IsEmpty)
        {
            return items;
        }

        var (r0, c0, r1, c1) = RangeOf(sheet, options.Range);
        var limit = options.MaxRowCount >= 0 ? options.MaxRowCount : int.MaxValue;
        if (!options.HeaderRow)
        {
            for (var r = r0; r <= r1 && items.Count < limit; r++)
            {
                var row = new JsArray();
                var last = -1;
                for (var c = c0; c <= c1; c++)
                {
                    if (sheet.TryGet(r, c, out var cell))
                    {
                        last = c - c0;
                        row.Add(Value(cell, options.Typed));
                    }
                    else
                    {
                        row.Add(options.IncludeEmptyCells ? "" : JsValue.Null);
                    }
                }

                // Without a default value SheetJS arrays stop at the last cell that holds something.
                var keep = options.IncludeEmptyCells ? row.Count : last + 1;
                items.Add(new Item(new JsObject { ["row"] = new JsArray(row.Take(keep)) }, pairedItem));
            }

            return items;
        }

        var headers = Headers(sheet, r0, c0, c1);
        for (var r = r0 + 1; r <= r1 && items.Count < limit; r++)
        {
            var json = new JsObject(headers.Length);
            var empty = true;
            for (var c = c0; c <= c1; c++)
            {
                var key = headers[c - c0];
                if (sheet.TryGet(r, c, out var cell))
                {
                    json[key] = Value(cell, options.Typed);
                    empty = false;
                }
                else if (options.IncludeEmptyCells)
                {
                    json[key] = "";
                }
            }

            if (!empty)
            {
                items.Add(new Item(json, pairedItem));
            }
        }

        return items;
    }

    private static JsValue Value(SheetCell cell, bool typed) => typed ? cell.Value : cell.Text;

    private static string[] Headers(Worksheet sheet, int row, int c0, int c1)
    {
        var headers = new string[c1 - c0 + 1];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = c0; c <= c1; c++)
        {
            var name = sheet.TryGet(row, c, out var cell) && cell.Text.Length > 0 ? cell.Text : "__EMPTY";
            if (seen.TryGetValue(name, out var count))
            {
                string candidate;
                do
                {
                    candidate = name + "_" + count.ToString(CultureInfo.InvariantCulture);
                    count++;
                }
                while (seen.ContainsKey(candidate));

                seen[name] = count;
                seen[candidate] = 1;
                name = candidate;
            }
            else
            {
                seen[name] = 1;
            }

            headers[c - c0] = name;
        }

        return headers;
    }

    /// <summary>The rows and columns to read: the used area, a range such as <c>A2:B3</c>, or a zero-based first row number.</summary>
    private static (int R0, int C0, int R1, int C1) RangeOf(Worksheet sheet, string? range)
    {
        if (string.IsNullOrWhiteSpace(range))
        {
            return (sheet.MinRow, sheet.MinCol, sheet.MaxRow, sheet.MaxCol);
        }

        var text = range.Trim();
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var firstRow) && firstRow >= 0)
        {
            return (firstRow, sheet.MinCol, sheet.MaxRow, sheet.MaxCol);
        }

        var match = RangeText().Match(text.Replace("$", string.Empty, StringComparison.Ordinal).ToUpperInvariant());
        if (!match.Success)
        {
            throw new NodeOperationException($"The range '{range}' is not valid", description: "Write a range like A1:C10, a start cell like A2, or a zero-based row number.");
        }

        var c0 = ColumnIndex(match.Groups[1].Value);
        var r0 = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) - 1;
        var c1 = match.Groups[3].Success ? ColumnIndex(match.Groups[3].Value) : sheet.MaxCol;
        var r1 = match.Groups[4].Success ? int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) - 1 : sheet.MaxRow;
        if (c1 < c0)
        {
            (c0, c1) = (c1, c0);
        }

        if (r1 < r0)
        {
            (r0, r1) = (r1, r0);
        }

        // Reading past the used area only ever yields blank rows and columns.
        return (r0, c0, Math.Min(r1, sheet.MaxRow), Math.Min(c1, Math.Max(sheet.MaxCol, c0)));
    }

    public static int ColumnIndex(string letters) => letters.Aggregate(0, (acc, ch) => (acc * 26) + (ch - 'A' + 1)) - 1;

    public static string ColumnName(int index)
    {
        var name = string.Empty;
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + ((index - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>Zero-based row and column of a cell reference such as <c>B12</c>.</summary>
    public static bool TryParseCell(string reference, out int row, out int col)
    {
        row = col = -1;
        var i = 0;
        var letters = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i]))
        {
            letters = (letters * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            i++;
        }

        if (i == 0 || i == reference.Length || !int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return false;
        }

        row = number - 1;
        col = letters - 1;
        return true;
    }

    [GeneratedRegex(@"^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$")]
    private static partial Regex RangeText();
}
