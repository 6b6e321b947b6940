using System.Buffers.Binary;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Tests.Files;

public sealed class XlsFormatTests
{
    private static Worksheet Only(Workbook book) => Assert.Single(book.Sheets);

    private static byte[] Record(ushort type, params byte[] data)
    {
        var head = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(head, type);
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(2), (ushort)data.Length);
        return [.. head, .. data];
    }

    private static byte[] U16(int v) => [(byte)v, (byte)(v >> 8)];

    private static byte[] U32(int v) => [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)];

    private static byte[] F64(double v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, v);
        return b;
    }

    private static byte[] Bof(int type) => Record(0x0809, [.. U16(0x0600), .. U16(type), .. U16(0), .. U16(0), .. U32(0), .. U32(6)]);

    private static byte[] Cell(int row, int col, int xf) => [.. U16(row), .. U16(col), .. U16(xf)];

    // A BIFF8 workbook stream: globals (with the given extra records) and one sheet holding the given cell records.
    private static byte[] Workbook(byte[][] globals, byte[][] cells, string sheetName = "Data")
    {
        var boundSheet = Record(0x0085, [.. U32(0), 0, 0, (byte)sheetName.Length, 0, .. Encoding.Latin1.GetBytes(sheetName)]);
        var head = Bof(0x0005).Concat(globals.SelectMany(g => g)).ToArray();
        var sheetOffset = head.Length + boundSheet.Length + 4;
        BinaryPrimitives.WriteInt32LittleEndian(boundSheet.AsSpan(4), sheetOffset);
        byte[] stream = [.. head, .. boundSheet, .. Record(0x000A), .. Bof(0x0010), .. cells.SelectMany(c => c), .. Record(0x000A)];
        return CompoundFile.Write([("Workbook", stream)]);
    }

    [Fact]
    public void Read_RkMulRkFormulaBoolErrLabel_GivesCellValues()
    {
        var rkInt = (7 << 2) | 2;
        var rkHundredths = (1234 << 2) | 3; // 12.34
        var rkDouble = (int)(BitConverter.DoubleToInt64Bits(2.5) >> 32);
        var bytes = Workbook([],
        [
            Record(0x027E, [.. Cell(0, 0, 0), .. U32(rkInt)]),
            Record(0x00BD, [.. U16(1), .. U16(0), .. U16(0), .. U32(rkHundredths), .. U16(0), .. U32(rkDouble), .. U16(1)]),
            Record(0x0006, [.. Cell(2, 0, 0), .. F64(3.75), .. U16(0), .. U32(0), .. U16(0)]),
            Record(0x0006, [.. Cell(2, 1, 0), 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, .. U16(0), .. U32(0), .. U16(0)]),
            Record(0x0207, [.. U16(3), 0, .. "abc"u8]),
            Record(0x0006, [.. Cell(2, 2, 0), 1, 0, 1, 0, 0, 0, 0xFF, 0xFF, .. U16(0), .. U32(0), .. U16(0)]),
            Record(0x0205, [.. Cell(3, 0, 0), 0, 0]),
            Record(0x0205, [.. Cell(3, 1, 0), 0x07, 1]),
            Record(0x0204, [.. Cell(3, 2, 0), .. U16(2), 1, .. Encoding.Unicode.GetBytes("東京")]),
        ]);

        var sheet = Only(Xls.Read(bytes));

        Assert.Equal("Data", sheet.Name);
        Assert.True(sheet.TryGet(0, 0, out var a1) && a1.Value.AsNumber() == 7);
        Assert.True(sheet.TryGet(1, 0, out var a2) && a2.Value.AsNumber() == 12.34);
        Assert.True(sheet.TryGet(1, 1, out var b2) && b2.Value.AsNumber() == 2.5);
        Assert.True(sheet.TryGet(2, 0, out var a3) && a3.Value.AsNumber() == 3.75);
        Assert.True(sheet.TryGet(2, 1, out var b3) && b3.Value.AsString() == "abc");
        Assert.True(sheet.TryGet(2, 2, out var c3) && c3.Value.AsBoolean());
        Assert.True(sheet.TryGet(3, 0, out var a4) && a4.Value.IsBoolean && !a4.Value.AsBoolean());
        Assert.False(sheet.TryGet(3, 1, out _)); // #DIV/0! reads as empty
        Assert.True(sheet.TryGet(3, 2, out var c4) && c4.Value.AsString() == "東京");
    }

    [Fact]
    public void Read_DateFormattedNumber_KeepsSerialAndFormatsText()
    {
        var styleXf = Record(0x00E0, [.. U16(0), .. U16(0), .. new byte[16]]);
        var dateXf = Record(0x00E0, [.. U16(0), .. U16(164), .. new byte[16]]);
        var format = Record(0x041E, [.. U16(164), .. U16(10), 0, .. "yyyy-mm-dd"u8]);
        var bytes = Workbook([format, styleXf, dateXf, Record(0x00E0, [.. U16(0), .. U16(22), .. new byte[16]])],
        [
            Record(0x0203, [.. Cell(0, 0, 1), .. F64(45294)]),
            Record(0x0203, [.. Cell(0, 1, 2), .. F64(45294.5)]),
            Record(0x0203, [.. Cell(0, 2, 0), .. F64(45294)]),
        ]);

        var sheet = Only(Xls.Read(bytes));

        Assert.True(sheet.TryGet(0, 0, out var date));
        Assert.Equal(45294, date.Value.AsNumber());
        Assert.Equal("2024-01-03", date.Text);
        Assert.True(sheet.TryGet(0, 1, out var stamp));
        Assert.Equal("1/3/24 12:00", stamp.Text);
        Assert.True(sheet.TryGet(0, 2, out var plain));
        Assert.Equal("45294", plain.Text);
    }

    [Fact]
    public void WriteRead_ManyAndLongStrings_SplitAcrossContinueRecords()
    {
        var sheet = new Worksheet("Strings");
        var longWide = string.Concat(Enumerable.Repeat("長い文字列", 3000));
        var longNarrow = new string('x', 20000);
        for (var i = 0; i < 3000; i++)
        {
            sheet.Set(i, 0, "text number " + i);
        }

        sheet.Set(0, 1, longWide);
        sheet.Set(1, 1, longNarrow);
        sheet.Set(2, 1, "text number 5"); // a repeat shares its table entry

        var read = Only(Xls.Read(Xls.Write(sheet)));

        Assert.Equal(3003, read.Count);
        Assert.True(read.TryGet(2999, 0, out var last) && last.Value.AsString() == "text number 2999");
        Assert.True(read.TryGet(0, 1, out var wide) && wide.Value.AsString() == longWide);
        Assert.True(read.TryGet(1, 1, out var narrow) && narrow.Value.AsString() == longNarrow);
        Assert.True(read.TryGet(2, 1, out var repeat) && repeat.Value.AsString() == "text number 5");
    }

    [Fact]
    public void Write_TooManyRows_FailsWithLimit()
    {
        var sheet = new Worksheet("Big");
        sheet.Set(65536, 0, 1);

        var e = Assert.Throws<SpreadsheetFormatException>(() => Xls.Write(sheet));

        Assert.Contains("65,536", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompoundFile_LargeAndSmallStreams_RoundTripThroughFatDifatAndMiniStream()
    {
        var large = new byte[(512 * 128 * 110) + 777]; // needs more than 109 FAT sectors, so DIFAT sectors too
        new Random(7).NextBytes(large);
        var small = Encoding.ASCII.GetBytes("small stream");
        var medium = new byte[5000];
        new Random(8).NextBytes(medium);

        var file = CompoundFile.Write([("Workbook", large), ("\u0005SummaryInformation", small), ("Other", medium)]);
        var streams = CompoundFile.Read(file);

        Assert.Equal(large, streams["Workbook"]);
        Assert.Equal(small, streams["\u0005SummaryInformation"]);
        Assert.Equal(medium, streams["Other"]);
        Assert.True(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(0x48)) > 0, "expected DIFAT sectors");
    }

    [Fact]
    public void Read_TruncatedCompoundFile_FailsClearly()
    {
        var sheet = new Worksheet("S");
        for (var i = 0; i < 500; i++)
        {
            sheet.Set(i, 0, i * 1.5);
        }

        var bytes = Xls.Write(sheet);

        var e = Assert.Throws<SpreadsheetFormatException>(() => Xls.Read(bytes[..(bytes.Length / 2)]));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Biff5Workbook_SaysFormatIsUnsupported()
    {
        var file = CompoundFile.Write([("Book", new byte[100])]);

        var e = Assert.Throws<SpreadsheetFormatException>(() => Xls.Read(file));

        Assert.Contains("BIFF5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EncryptedWorkbook_SaysItIsPasswordProtected()
    {
        var bytes = Workbook([Record(0x002F, 1, 0)], []);

        var e = Assert.Throws<SpreadsheetFormatException>(() => Xls.Read(bytes));

        Assert.Contains("password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EmptySheet_ReadsBackEmpty()
    {
        var read = Only(Xls.Read(Xls.Write(new Worksheet("Empty"))));

        Assert.True(read.IsEmpty);
        Assert.Equal("Empty", read.Name);
    }

    [Fact]
    public void Write_BooleanAndNumbers_KeepTypes()
    {
        var sheet = Worksheet.FromRows("S", [[true, 1e300, -0.000123, JsValue.Null, "x"]]);

        var read = Only(Xls.Read(Xls.Write(sheet)));

        Assert.True(read.TryGet(0, 0, out var b) && b.Value.AsBoolean());
        Assert.True(read.TryGet(0, 1, out var big) && big.Value.AsNumber() == 1e300);
        Assert.True(read.TryGet(0, 2, out var small) && small.Value.AsNumber() == -0.000123);
        Assert.False(read.TryGet(0, 3, out _));
        Assert.True(read.TryGet(0, 4, out var x) && x.Value.AsString() == "x");
    }
}
