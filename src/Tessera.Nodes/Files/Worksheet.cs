using Tessera.Engine.Data;

namespace Tessera.Nodes.Files;

/// <summary>One cell: its typed value (number, string or boolean) and the text a spreadsheet program shows for it.</summary>
internal readonly record struct SheetCell(JsValue Value, string Text)
{
    /// <summary>A cell whose shown text is the value's own text (General format).</summary>
    public static SheetCell Of(JsValue value) => new(value, CellFormat.General(value));
}

/// <summary>A sparse grid of cells with zero-based coordinates, as read from or written to a spreadsheet file.</summary>
internal sealed class Worksheet(string name)
{
    private readonly Dictionary<(int Row, int Col), SheetCell> cells = [];

    public string Name { get; } = name;

    public int MinRow { get; private set; } = int.MaxValue;

    public int MinCol { get; private set; } = int.MaxValue;

    public int MaxRow { get; private set; } = -1;

    public int MaxCol { get; private set; } = -1;

    public bool IsEmpty => MaxRow < 0;

    public int Count => cells.Count;

    public void Set(int row, int col, SheetCell cell)
    {
        if (cell.Value.IsNullish)
        {
            return;
        }

        cells[(row, col)] = cell;
        MinRow = Math.Min(MinRow, row);
        MinCol = Math.Min(MinCol, col);
        MaxRow = Math.Max(MaxRow, row);
        MaxCol = Math.Max(MaxCol, col);
    }

    public void Set(int row, int col, JsValue value) => Set(row, col, SheetCell.Of(value));

    public bool TryGet(int row, int col, out SheetCell cell) => cells.TryGetValue((row, col), out cell);

    /// <summary>Cells row by row, left to right (for writers that must emit cells in order).</summary>
    public IEnumerable<(int Row, int Col, SheetCell Cell)> InOrder() =>
        cells.OrderBy(c => c.Key.Row).ThenBy(c => c.Key.Col).Select(c => (c.Key.Row, c.Key.Col, c.Value));

    /// <summary>A sheet holding <paramref name="rows"/> from A1; null and undefined values leave the cell empty.</summary>
    public static Worksheet FromRows(string name, IReadOnlyList<List<JsValue>> rows)
    {
        var sheet = new Worksheet(name);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Count; c++)
            {
                var value = rows[r][c];
                if (value.IsObject || value.IsArray)
                {
                    value = JsonCodec.Serialize(value);
                }

                sheet.Set(r, c, value);
            }
        }

        return sheet;
    }
}

/// <summary>A workbook's sheets in file order.</summary>
internal sealed record Workbook(IReadOnlyList<Worksheet> Sheets);
