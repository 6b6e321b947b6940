using System.Buffers.Binary;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Files;

/// <summary>
/// Excel 97–2003 workbooks (.xls, BIFF8 records in a compound file). The writer emits one sheet with shared strings,
/// numbers and booleans; the reader takes the cell values common files hold (shared strings, labels, numbers, RK and
/// MULRK, booleans, cached formula results) and recognises date formats.
/// </summary>
internal static class Xls
{
    private const ushort Bof = 0x0809, Eof = 0x000A, Continue = 0x003C, Sst = 0x00FC, BoundSheet = 0x0085, Format = 0x041E;
    private const ushort XfRecord = 0x00E0, DateMode = 0x0022, FilePass = 0x002F, Number = 0x0203, Rk = 0x027E, MulRk = 0x00BD;
    private const ushort LabelSst = 0x00FD, Label = 0x0204, RString = 0x00D6, BoolErr = 0x0205, Formula = 0x0006, StringRecord = 0x0207;
    private const int MaxRecordData = 8224;
    private const int CellXf = 15;

    public static byte[] Write(Worksheet sheet)
    {
        if (sheet.MaxRow >= 65536 || sheet.MaxCol >= 256)
        {
            throw new SpreadsheetFormatException($"XLS files hold at most 65,536 rows and 256 columns; this sheet has {sheet.MaxRow + 1} rows and {sheet.MaxCol + 1} columns");
        }

        var strings = new List<string>();
        var stringIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var references = 0;
        var cells = new MemoryStream();
        foreach (var (row, col, cell) in sheet.InOrder())
        {
            var head = new byte[6];
            BinaryPrimitives.WriteUInt16LittleEndian(head, (ushort)row);
            BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(2), (ushort)col);
            BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(4), CellXf);
            switch (cell.Value.Kind)
            {
                case JsKind.Number:
                    var number = new byte[8];
                    BinaryPrimitives.WriteDoubleLittleEndian(number, cell.Value.AsNumber());
                    Record(cells, Number, [.. head, .. number]);
                    break;
                case JsKind.Boolean:
                    Record(cells, BoolErr, [.. head, (byte)(cell.Value.AsBoolean() ? 1 : 0), 0]);
                    break;
                default:
                    var text = cell.Value.IsString ? cell.Value.AsString() : cell.Text;
                    if (!stringIndex.TryGetValue(text, out var index))
                    {
                        index = strings.Count;
                        strings.Add(text);
                        stringIndex[text] = index;
                    }

                    references++;
                    var isst = new byte[4];
                    BinaryPrimitives.WriteInt32LittleEndian(isst, index);
                    Record(cells, LabelSst, [.. head, .. isst]);
                    break;
            }
        }

        var globals = new MemoryStream();
        Record(globals, Bof, BofData(0x0005));
        Record(globals, 0x0042, [0xB0, 0x04]); // CODEPAGE: UTF-16
        Record(globals, 0x003D, [0, 0, 0, 0, 0x00, 0x30, 0x00, 0x20, 0x38, 0, 0, 0, 0, 0, 1, 0, 0x58, 0x02]); // WINDOW1
        Record(globals, DateMode, [0, 0]);
        for (var i = 0; i < 4; i++)
        {
            Record(globals, 0x0031, [0xC8, 0, 0, 0, 0xFF, 0x7F, 0x90, 0x01, 0, 0, 0, 0, 0, 0, 5, 0, .. "Arial"u8]); // FONT
        }

        for (var i = 0; i < 15; i++)
        {
            Record(globals, XfRecord, [0, 0, 0, 0, 0xF5, 0xFF, 0x20, 0, 0, 0xF4, 0, 0, 0, 0, 0, 0, 0, 0, 0xC0, 0x20]); // style XFs
        }

        Record(globals, XfRecord, [0, 0, 0, 0, 0x01, 0x00, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xC0, 0x20]); // the cells' XF
        Record(globals, 0x0293, [0x00, 0x80, 0x00, 0xFF]); // STYLE: Normal
        var name = Xlsx.SafeSheetName(sheet.Name);
        var boundSheetAt = (int)globals.Length + 4;
        Record(globals, BoundSheet, [0, 0, 0, 0, 0, 0, (byte)name.Length, 1, .. Encoding.Unicode.GetBytes(name)]);
        WriteSst(globals, strings, references);
        Record(globals, Eof, []);

        var sheetStart = (int)globals.Length;
        var dimensions = new byte[14];
        if (!sheet.IsEmpty)
        {
            BinaryPrimitives.WriteInt32LittleEndian(dimensions, sheet.MinRow);
            BinaryPrimitives.WriteInt32LittleEndian(dimensions.AsSpan(4), sheet.MaxRow + 1);
            BinaryPrimitives.WriteUInt16LittleEndian(dimensions.AsSpan(8), (ushort)sheet.MinCol);
            BinaryPrimitives.WriteUInt16LittleEndian(dimensions.AsSpan(10), (ushort)(sheet.MaxCol + 1));
        }

        Record(globals, Bof, BofData(0x0010));
        Record(globals, 0x0200, dimensions);
        cells.Position = 0;
        cells.CopyTo(globals);
        Record(globals, 0x023E, [0xB6, 0x06, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // WINDOW2
        Record(globals, Eof, []);

        var workbook = globals.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(workbook.AsSpan(boundSheetAt), sheetStart);
        return CompoundFile.Write([("Workbook", workbook)]);
    }

    private static byte[] BofData(ushort type)
    {
        var data = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(data, 0x0600);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), type);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(4), 0x0DBB);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(6), 0x07CC);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(12), 0x06);
        return data;
    }

    private static void Record(Stream output, ushort type, ReadOnlySpan<byte> data)
    {
        Span<byte> head = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(head, type);
        BinaryPrimitives.WriteUInt16LittleEndian(head[2..], (ushort)data.Length);
        output.Write(head);
        output.Write(data);
    }

    // The shared string table, split into CONTINUE records; a string cut at a record boundary resumes with its flags byte.
    private static void WriteSst(Stream output, List<string> strings, int references)
    {
        var records = new List<List<byte>> { new() };
        var current = records[0];
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(u32, references);
        current.AddRange(u32.ToArray());
        BinaryPrimitives.WriteInt32LittleEndian(u32, strings.Count);
        current.AddRange(u32.ToArray());
        foreach (var s in strings)
        {
            var wide = s.Any(c => c > 0xFF);
            var charSize = wide ? 2 : 1;
            if (current.Count + 3 + charSize > MaxRecordData)
            {
                current = [];
                records.Add(current);
            }

            current.Add((byte)(s.Length & 0xFF));
            current.Add((byte)(s.Length >> 8));
            current.Add((byte)(wide ? 1 : 0));
            var i = 0;
            while (i < s.Length)
            {
                var room = (MaxRecordData - current.Count) / charSize;
                if (room == 0)
                {
                    current = [(byte)(wide ? 1 : 0)];
                    records.Add(current);
                    continue;
                }

                var take = Math.Min(room, s.Length - i);
                foreach (var c in s.AsSpan(i, take))
                {
                    current.Add((byte)(c & 0xFF));
                    if (wide)
                    {
                        current.Add((byte)(c >> 8));
                    }
                }

                i += take;
            }
        }

        for (var r = 0; r < records.Count; r++)
        {
            Record(output, r == 0 ? Sst : Continue, records[r].ToArray());
        }
    }

    public static Workbook Read(byte[] bytes)
    {
        var streams = CompoundFile.Read(bytes);
        if (!streams.TryGetValue("Workbook", out var stream))
        {
            throw new SpreadsheetFormatException(streams.ContainsKey("Book")
                ? "The file is an Excel 5.0/95 workbook (BIFF5), which is not supported; save it as .xls (97–2003) or .xlsx"
                : "The compound file holds no Workbook stream, so it is not an Excel workbook");
        }

        var records = Records(stream).ToList();
        if (records.Count == 0 || records[0].Type != Bof || records[0].Data.Length < 4 || BinaryPrimitives.ReadUInt16LittleEndian(records[0].Data) != 0x0600)
        {
            throw new SpreadsheetFormatException("The workbook is not in the BIFF8 format of Excel 97–2003, which is the one supported");
        }

        var globals = ReadGlobals(records);
        var byOffset = new Dictionary<int, int>();
        for (var i = 0; i < records.Count; i++)
        {
            byOffset[records[i].Offset] = i;
        }

        var sheets = new List<Worksheet>();
        foreach (var (name, offset) in globals.Sheets)
        {
            if (!byOffset.TryGetValue(offset, out var start) || records[start].Type != Bof)
            {
                throw new SpreadsheetFormatException($"The workbook's sheet '{name}' does not start where the workbook says it does; the file is damaged");
            }

            sheets.Add(ReadSheet(name, records, start, globals));
        }

        return new Workbook(sheets);
    }

    private sealed record Globals(List<(string Name, int Offset)> Sheets, List<string> Strings, List<string?> XfDateFormats, bool Date1904);

    private static Globals ReadGlobals(List<(ushort Type, byte[] Data, int Offset)> records)
    {
        var sheets = new List<(string, int)>();
        var strings = new List<string>();
        var formats = new Dictionary<int, string>();
        var xfFormats = new List<int>();
        var date1904 = false;
        for (var i = 1; i < records.Count && records[i].Type != Eof; i++)
        {
            var (type, data, _) = records[i];
            switch (type)
            {
                case FilePass:
                    throw new SpreadsheetFormatException("The workbook is password-protected (encrypted); remove the password and try again");
                case BoundSheet when data.Length >= 8:
                    // Only worksheets (type 0) hold cells; charts and macro sheets are left out.
                    if (data[5] == 0)
                    {
                        var reader = new RecordReader([data], 6);
                        sheets.Add((reader.ShortString(), BinaryPrimitives.ReadInt32LittleEndian(data)));
                    }

                    break;
                case Sst:
                    var segments = new List<byte[]> { data };
                    while (i + 1 < records.Count && records[i + 1].Type == Continue)
                    {
                        segments.Add(records[++i].Data);
                    }

                    var sst = new RecordReader(segments, 8);
                    var unique = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(4));
                    for (var k = 0; k < unique && !sst.AtEnd; k++)
                    {
                        strings.Add(sst.UnicodeString());
                    }

                    break;
                case Format when data.Length >= 5:
                    formats[BinaryPrimitives.ReadUInt16LittleEndian(data)] = new RecordReader([data], 2).UnicodeString();
                    break;
                case XfRecord when data.Length >= 4:
                    xfFormats.Add(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2)));
                    break;
                case DateMode when data.Length >= 2:
                    date1904 = BinaryPrimitives.ReadUInt16LittleEndian(data) == 1;
                    break;
            }
        }

        var xfDates = xfFormats.Select(f => formats.TryGetValue(f, out var code) ? (CellFormat.IsDateFormat(code) ? code : null) : CellFormat.BuiltInDateFormat(f)).ToList();
        return new Globals(sheets, strings, xfDates, date1904);
    }

    private static Worksheet ReadSheet(string name, List<(ushort Type, byte[] Data, int Offset)> records, int start, Globals globals)
    {
        var sheet = new Worksheet(name);
        for (var i = start + 1; i < records.Count && records[i].Type != Eof; i++)
        {
            var (type, data, _) = records[i];
            if (data.Length < 6 && type is not (Continue or StringRecord))
            {
                continue;
            }

            switch (type)
            {
                case Number when data.Length >= 14:
                    SetNumber(sheet, data, BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(6)), Xf(data, 4), globals);
                    break;
                case Rk when data.Length >= 10:
                    SetNumber(sheet, data, RkValue(BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(6))), Xf(data, 4), globals);
                    break;
                case MulRk:
                    var row = BinaryPrimitives.ReadUInt16LittleEndian(data);
                    var first = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2));
                    for (var k = 0; 4 + (k * 6) + 6 <= data.Length - 2; k++)
                    {
                        var at = 4 + (k * 6);
                        var value = RkValue(BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + 2)));
                        Set(sheet, row, first + k, NumberCell(value, BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at)), globals));
                    }

                    break;
                case LabelSst when data.Length >= 10:
                    var isst = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(6));
                    if (isst >= 0 && isst < globals.Strings.Count)
                    {
                        SetText(sheet, data, globals.Strings[isst]);
                    }

                    break;
                case Label or RString when data.Length >= 9:
                    SetText(sheet, data, new RecordReader([data], 6).UnicodeString());
                    break;
                case BoolErr when data.Length >= 8:
                    if (data[7] == 0)
                    {
                        var flag = data[6] != 0;
                        Set(sheet, BinaryPrimitives.ReadUInt16LittleEndian(data), BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2)), SheetCell.Of(flag));
                    }

                    break;
                case Formula when data.Length >= 14:
                    if (data[12] == 0xFF && data[13] == 0xFF)
                    {
                        switch (data[6])
                        {
                            case 0 when i + 1 < records.Count && records[i + 1].Type == StringRecord:
                                var segments = new List<byte[]> { records[i + 1].Data };
                                for (var j = i + 2; j < records.Count && records[j].Type == Continue; j++)
                                {
                                    segments.Add(records[j].Data);
                                }

                                SetText(sheet, data, new RecordReader(segments, 0).UnicodeString());
                                break;
                            case 1:
                                Set(sheet, BinaryPrimitives.ReadUInt16LittleEndian(data), BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2)), SheetCell.Of(data[8] != 0));
                                break;
                        }
                    }
                    else
                    {
                        SetNumber(sheet, data, BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(6)), Xf(data, 4), globals);
                    }

                    break;
            }
        }

        return sheet;
    }

    private static int Xf(byte[] data, int at) => BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));

    private static void Set(Worksheet sheet, int row, int col, SheetCell cell) => sheet.Set(row, col, cell);

    private static void SetText(Worksheet sheet, byte[] data, string text) =>
        sheet.Set(BinaryPrimitives.ReadUInt16LittleEndian(data), BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2)), SheetCell.Of(text));

    private static void SetNumber(Worksheet sheet, byte[] data, double value, int xf, Globals globals) =>
        sheet.Set(BinaryPrimitives.ReadUInt16LittleEndian(data), BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2)), NumberCell(value, xf, globals));

    private static SheetCell NumberCell(double value, int xf, Globals globals)
    {
        var dateFormat = xf < globals.XfDateFormats.Count ? globals.XfDateFormats[xf] : null;
        return dateFormat is null ? SheetCell.Of(value) : new SheetCell(value, CellFormat.FormatDate(globals.Date1904 ? value + 1462 : value, dateFormat));
    }

    // RK: a 30-bit integer or the top 30 bits of a double, optionally divided by 100.
    private static double RkValue(uint rk)
    {
        var value = (rk & 2) != 0 ? (int)rk >> 2 : BitConverter.Int64BitsToDouble((long)(rk & 0xFFFFFFFC) << 32);
        return (rk & 1) != 0 ? value / 100 : value;
    }

    private static IEnumerable<(ushort Type, byte[] Data, int Offset)> Records(byte[] stream)
    {
        var offset = 0;
        while (offset + 4 <= stream.Length)
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(offset));
            var length = BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(offset + 2));
            if (offset + 4 + length > stream.Length)
            {
                yield break; // a cut-off last record; what came before is still readable
            }

            yield return (type, stream.AsSpan(offset + 4, length).ToArray(), offset);
            offset += 4 + length;
        }
    }

    /// <summary>Reads BIFF8 strings from a record and its CONTINUE records; a string that crosses into the next one resumes with a new flags byte.</summary>
    private sealed class RecordReader(List<byte[]> segments, int position)
    {
        private int segment;
        private int pos = position;

        public bool AtEnd
        {
            get
            {
                Normalize();
                return segment >= segments.Count;
            }
        }

        public string ShortString()
        {
            var count = Byte();
            var wide = (Byte() & 1) != 0;
            return Chars(count, wide);
        }

        public string UnicodeString()
        {
            var count = Byte() | (Byte() << 8);
            var flags = Byte();
            var runs = (flags & 8) != 0 ? Byte() | (Byte() << 8) : 0;
            var ext = (flags & 4) != 0 ? Byte() | (Byte() << 8) | (Byte() << 16) | (Byte() << 24) : 0;
            var text = Chars(count, (flags & 1) != 0, resumable: true);
            Skip((runs * 4L) + ext);
            return text;
        }

        private string Chars(int count, bool wide, bool resumable = false)
        {
            var sb = new StringBuilder(count);
            while (sb.Length < count)
            {
                if (pos >= segments[Math.Min(segment, segments.Count - 1)].Length && resumable && segment + 1 < segments.Count)
                {
                    segment++;
                    pos = 0;
                    wide = (Byte() & 1) != 0;
                    continue;
                }

                if (segment >= segments.Count || pos >= segments[segment].Length)
                {
                    throw new SpreadsheetFormatException("A string in the workbook runs past the end of its record; the file is damaged");
                }

                sb.Append(wide ? (char)(Byte() | (Byte() << 8)) : (char)Byte());
            }

            return sb.ToString();
        }

        private int Byte()
        {
            Normalize();
            if (segment >= segments.Count)
            {
                throw new SpreadsheetFormatException("A record in the workbook ends too early; the file is damaged");
            }

            return segments[segment][pos++];
        }

        private void Skip(long count)
        {
            for (long k = 0; k < count; k++)
            {
                Byte();
            }
        }

        private void Normalize()
        {
            while (segment < segments.Count && pos >= segments[segment].Length)
            {
                segment++;
                pos = 0;
            }
        }
    }
}
