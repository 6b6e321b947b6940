using System.IO.Compression;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Tests.Files;

public sealed class SpreadsheetFormatsTests
{
    public static readonly TheoryData<string> Formats = new() { "xlsx", "xls", "ods", "rtf" };

    public static readonly TheoryData<string> TypedFormats = new() { "xlsx", "xls", "ods" };

    private static readonly Item[] People =
    [
        NodeHarness.JsonItem("""{"name":"Ada","n":1.5,"ok":true,"note":"Zürich → 東京 🐛"}"""),
        NodeHarness.JsonItem("""{"name":"Bob, \"Jr\"","n":-42,"ok":false,"tags":{"a":[1,2]}}"""),
    ];

    private static string Rows(IReadOnlyList<Item> items) => JsonCodec.Serialize(new JsArray(items.Select(i => (JsValue)i.Json)));

    private static Item ToFile(string format, string options = "{}", params Item[] items) =>
        NodeHarness.Run(new ConvertToFileNode(), $$"""{"operation":"{{format}}","options":{{options}}}""", items.Length == 0 ? People : items, 1.1)[0];

    private static IReadOnlyList<Item> Extract(string format, Item file, string options = "{}") =>
        NodeHarness.Run(new ExtractFromFileNode(), $$"""{"operation":"{{format}}","options":{{options}}}""", [file]);

    [Theory]
    [MemberData(nameof(Formats))]
    public void ConvertThenExtract_AllFormats_GiveBackTypedValuesAndText(string format)
    {
        var file = ToFile(format);

        var items = Extract(format, file);

        Assert.Equal("""[{"name":"Ada","n":1.5,"ok":true,"note":"Zürich → 東京 🐛"},{"name":"Bob, \"Jr\"","n":-42,"ok":false,"tags":"{\"a\":[1,2]}"}]""", Rows(items));
    }

    [Theory]
    [InlineData("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("xls", "application/vnd.ms-excel")]
    [InlineData("ods", "application/vnd.oasis.opendocument.spreadsheet")]
    [InlineData("rtf", "application/rtf")]
    public void Convert_Defaults_NamesFileAndMimeTypeForFormat(string format, string mime)
    {
        var item = NodeHarness.Run(new ConvertToFileNode(), "{\"operation\":\"" + format + "\",\"options\":{}}", People, 1.1);

        var file = Assert.Single(item).Binary!["data"];
        Assert.Equal("file." + format, file.FileName);
        Assert.Equal(format, file.FileExtension);
        Assert.Equal(mime, file.MimeType);
        Assert.Equal(2, item[0].Paired!.Length);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Extract_RawData_GivesShownText(string format)
    {
        var items = Extract(format, ToFile(format), """{"rawData":true}""");

        Assert.Equal("1.5", items[0].Json["n"].AsString());
        Assert.Equal("TRUE", items[0].Json["ok"].AsString());
        Assert.Equal("-42", items[1].Json["n"].AsString());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Extract_NoHeaderRow_GivesRowArraysIncludingHeader(string format)
    {
        var items = Extract(format, ToFile(format), """{"headerRow":false}""");

        Assert.Equal(3, items.Count);
        Assert.Equal("""["name","n","ok","note","tags"]""", JsonCodec.Serialize(items[0].Json["row"]));
        Assert.Equal("""["Ada",1.5,true,"Zürich → 東京 🐛"]""", JsonCodec.Serialize(items[1].Json["row"]));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Extract_IncludeEmptyCells_FillsMissingFieldsWithEmptyText(string format)
    {
        var items = Extract(format, ToFile(format), """{"includeEmptyCells":true}""");

        Assert.Equal("", items[0].Json["tags"].AsString());
        Assert.Equal("", items[1].Json["note"].AsString());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Extract_Range_UsesFirstRowOfRangeAsHeader(string format)
    {
        var items = Extract(format, ToFile(format), """{"range":"B2:C3"}""");

        Assert.Equal("""[{"1.5":-42,"TRUE":false}]""", Rows(items));
    }

    [Theory]
    [MemberData(nameof(TypedFormats))]
    public void Convert_HeaderRowOffAndSheetName_WritesOnlyValuesInNamedSheet(string format)
    {
        var file = ToFile(format, """{"headerRow":false,"sheetName":"People"}""");

        var named = Extract(format, file, """{"sheetName":"People","headerRow":false}""");
        var error = Assert.Throws<NodeOperationException>(() => Extract(format, file, """{"sheetName":"Other"}"""));

        Assert.Equal(2, named.Count);
        Assert.Equal("Ada", named[0].Json["row"].AsArray()[0].AsString());
        Assert.Contains("'Other'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'People'", error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("ods")]
    public void Convert_Compression_MakesRepetitiveSheetsSmaller(string format)
    {
        var many = Enumerable.Range(0, 300).Select(i => NodeHarness.JsonItem($$"""{"text":"the same words again and again","i":{{i}}}""")).ToArray();

        var stored = ToFile(format, """{"compression":false}""", many).Binary!["data"].GetBytes();
        var compressed = ToFile(format, """{"compression":true}""", many).Binary!["data"].GetBytes();

        Assert.True(compressed.Length * 2 < stored.Length, $"compressed {compressed.Length} B, stored {stored.Length} B");
        Assert.Equal(300, Extract(format, NodeHarness.BinaryItem(compressed, "x/y", "a." + format)).Count);
    }

    [Fact]
    public void Convert_FileNameOption_IsUsed()
    {
        var file = ToFile("xlsx", """{"fileName":"report.xlsx"}""").Binary!["data"];

        Assert.Equal("report.xlsx", file.FileName);
    }

    [Fact]
    public void Ods_MimetypeEntry_IsFirstAndStored()
    {
        var bytes = ToFile("ods").Binary!["data"].GetBytes();

        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.Equal("mimetype", zip.Entries[0].FullName);
        Assert.Equal(zip.Entries[0].Length, zip.Entries[0].CompressedLength);
        Assert.Equal("application/vnd.oasis.opendocument.spreadsheet", new StreamReader(zip.Entries[0].Open()).ReadToEnd());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Extract_DuplicateAndEmptyHeaders_AreNamedLikeSheetJs(string format)
    {
        var sheet = new Worksheet("S");
        string[] header = ["a", "", "a", "", "a_1"];
        for (var c = 0; c < header.Length; c++)
        {
            if (header[c].Length > 0)
            {
                sheet.Set(0, c, header[c]);
            }

            sheet.Set(1, c, c);
        }

        var bytes = format switch { "xlsx" => Xlsx.Write(sheet, false), "xls" => Xls.Write(sheet), "ods" => Ods.Write(sheet, false), _ => Rtf.Write(sheet) };
        var items = Extract(format, NodeHarness.BinaryItem(bytes, "x/y", "f." + format));

        Assert.Equal("""[{"a":0,"__EMPTY":1,"a_1":2,"__EMPTY_1":3,"a_1_1":4}]""", Rows(items));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void SpreadsheetFile_WriteThenAutodetectRead_RoundTrips(string format)
    {
        var written = NodeHarness.Run(new SpreadsheetFileNode(), "{\"operation\":\"toFile\",\"fileFormat\":\"" + format + "\",\"options\":{}}", People, 2)[0];

        var read = NodeHarness.Run(new SpreadsheetFileNode(), """{"options":{}}""", [written], 2);

        Assert.Equal("spreadsheet." + format, written.Binary!["data"].FileName);
        Assert.Equal(2, read.Count);
        Assert.Equal(1.5, read[0].Json["n"].AsNumber());
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("xls")]
    [InlineData("ods")]
    [InlineData("rtf")]
    public void SpreadsheetFile_AutodetectWithoutName_SniffsContent(string format)
    {
        var bytes = ToFile(format).Binary!["data"].GetBytes();
        var unnamed = new Item(new JsObject()) { Binary = new() { ["data"] = BinaryData.FromBytes(bytes, "application/octet-stream", "upload") } };

        var read = NodeHarness.Run(new SpreadsheetFileNode(), """{"fileFormat":"autodetect","options":{}}""", [unnamed], 1);

        Assert.Equal("Ada", read[0].Json["name"].AsString());
    }

    [Fact]
    public void SpreadsheetFile_WriteDefaultFormat_IsXls()
    {
        var written = NodeHarness.Run(new SpreadsheetFileNode(), """{"operation":"toFile","options":{}}""", People, 1)[0].Binary!["data"];

        Assert.Equal("spreadsheet.xls", written.FileName);
        Assert.Equal("application/vnd.ms-excel", written.MimeType);
        Assert.True(CompoundFile.HasSignature(written.GetBytes()));
    }

    [Fact]
    public void Convert_NoInputItems_GivesNoFile()
    {
        var output = NodeHarness.Run(new ConvertToFileNode(), """{"operation":"xlsx","options":{}}""", [], 1.1);

        Assert.Empty(output);
    }

    [Fact]
    public void Extract_RangeAsRowNumber_StartsAtThatZeroBasedRow()
    {
        var items = Extract("xlsx", ToFile("xlsx"), """{"range":1,"headerRow":false}""");

        Assert.Equal(2, items.Count);
        Assert.Equal("Ada", items[0].Json["row"].AsArray()[0].AsString());
    }

    [Fact]
    public void Extract_InvalidRange_FailsNamingIt()
    {
        var e = Assert.Throws<NodeOperationException>(() => Extract("xlsx", ToFile("xlsx"), """{"range":"not a range"}"""));

        Assert.Contains("'not a range'", e.Message, StringComparison.Ordinal);
    }
}
