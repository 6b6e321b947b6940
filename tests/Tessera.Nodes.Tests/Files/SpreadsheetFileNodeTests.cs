using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Tests.Files;

public sealed class SpreadsheetFileNodeTests
{
    private static readonly Item Sheet = NodeHarness.BinaryItem("A,B,C\n1,2,3\n4,5,6"u8.ToArray(), "text/csv", "spreadsheet.csv");

    private static string Rows(IReadOnlyList<Item> items) => JsonCodec.Serialize(new JsArray(items.Select(i => (JsValue)i.Json)));

    private static IReadOnlyList<Item> Run(string parameters, double version, params Item[] items) =>
        NodeHarness.Run(new SpreadsheetFileNode(), parameters, items, version);

    [Fact]
    public void ReadV1_Defaults_TypesNumbers()
    {
        Assert.Equal("""[{"A":1,"B":2,"C":3},{"A":4,"B":5,"C":6}]""", Rows(Run("""{"options":{}}""", 1, Sheet)));
    }

    [Fact]
    public void ReadV1_RawData_KeepsText()
    {
        Assert.Equal("""[{"A":"1","B":"2","C":"3"},{"A":"4","B":"5","C":"6"}]""", Rows(Run("""{"options":{"rawData":true}}""", 1, Sheet)));
    }

    [Fact]
    public void ReadV1_Range_UsesFirstRowOfRangeAsHeader()
    {
        Assert.Equal("""[{"1":4,"2":5}]""", Rows(Run("""{"options":{"range":"A2:B3"}}""", 1, Sheet)));
    }

    [Fact]
    public void ReadV1_NoHeaderRow_GivesRowArrays()
    {
        Assert.Equal("""[{"row":["A","B","C"]},{"row":[1,2,3]},{"row":[4,5,6]}]""", Rows(Run("""{"options":{"headerRow":false}}""", 1, Sheet)));
    }

    [Fact]
    public void WriteV1_Csv_MatchesN8nBytes()
    {
        var items = Run("""{"operation":"toFile","fileFormat":"csv","options":{}}""", 1,
            NodeHarness.JsonItem("""{"A":1,"B":2,"C":3}"""), NodeHarness.JsonItem("""{"A":4,"B":5,"C":6}"""));
        var file = items[0].Binary!["data"];

        Assert.Equal("77u/QSxCLEMKMSwyLDMKNCw1LDY=", file.Data);
        Assert.Equal("spreadsheet.csv", file.FileName);
        Assert.Equal("20 B", file.FileSize);
        Assert.Equal("text", file.FileType);
    }

    [Fact]
    public void WriteThenRead_Html_RoundTrips()
    {
        var file = Run("""{"operation":"toFile","fileFormat":"html","options":{}}""", 2, NodeHarness.JsonItem("""{"name":"a<b","n":1.5}"""))[0];

        Assert.Equal("""[{"name":"a<b","n":1.5}]""", Rows(Run("""{"options":{}}""", 1, file)));
    }

    [Fact]
    public void WriteUnknownFormat_FailsNamingChoices()
    {
        var e = Assert.Throws<NodeOperationException>(() => Run("""{"operation":"toFile","fileFormat":"pdf","options":{}}""", 1, NodeHarness.JsonItem("{}")));

        Assert.Contains("PDF", e.Message, StringComparison.Ordinal);
        Assert.Contains("XLSX", e.Description, StringComparison.Ordinal);
    }

    [SharedFilesFact]
    public void ReadV2_BomFile_StripsBomOnlyWhenEnabled()
    {
        var bytes = File.ReadAllBytes(Path.Combine(SharedFilesFactAttribute.FilesFolder, "bom.csv"));
        var file = NodeHarness.BinaryItem(bytes, "text/csv", "bom.csv");

        var excluded = Run("""{"fileFormat":"csv","options":{"enableBOM":true}}""", 2, file);
        var included = Run("""{"fileFormat":"csv","options":{"enableBOM":false}}""", 2, file);

        Assert.Equal("1", excluded[0].Json["a"].AsString());
        Assert.True(included[0].Json["a"].IsUndefined);
    }

    [SharedFilesFact]
    public void ReadV2_IncludeEmptyCells_KeepsOrDropsEmptyValues()
    {
        var bytes = File.ReadAllBytes(Path.Combine(SharedFilesFactAttribute.FilesFolder, "includeempty.csv"));
        var file = NodeHarness.BinaryItem(bytes, "text/csv", "includeempty.csv");

        Assert.Equal("""[{"A":"1","B":"","C":"3"}]""", Rows(Run("""{"fileFormat":"csv","options":{"includeEmptyCells":true}}""", 2, file)));
        Assert.Equal("""[{"A":"1","C":"3"}]""", Rows(Run("""{"fileFormat":"csv","options":{"includeEmptyCells":false}}""", 2, file)));
    }

    [SharedFilesFact]
    public void ReadV1_Utf8File_KeepsMultibyteText()
    {
        var bytes = File.ReadAllBytes(Path.Combine(SharedFilesFactAttribute.FilesFolder, "utf8.csv"));
        var items = Run("""{"options":{"readAsString":true}}""", 1, NodeHarness.BinaryItem(bytes, "text/csv", "utf8.csv"));

        Assert.Equal("株式会社", items[0].Json["B"].AsString());
        Assert.Equal(3, items[0].Json["C"].AsNumber());
        Assert.Equal("🐛", items[1].Json["C"].AsString());
    }
}
