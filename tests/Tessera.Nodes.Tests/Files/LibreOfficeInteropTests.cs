using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Tests.Files;

/// <summary>Files written by LibreOffice are read correctly, and files Tessera writes open in LibreOffice with the same cells.</summary>
public sealed class LibreOfficeInteropTests
{
    private const string Csv = "name,n,when,note\nAda,1.5,2024-01-03,Zürich → 東京\n\"Bob, Jr\",42,2023-12-31,\n";
    private const string Utf8Csv = "CSV:44,34,76";

    private static string Rows(IReadOnlyList<Item> items) => JsonCodec.Serialize(new JsArray(items.Select(i => (JsValue)i.Json)));

    private static string TempFile(string name, byte[] bytes)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tessera-sheets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static IReadOnlyList<Item> Extract(string format, string path, string options = "{}") =>
        NodeHarness.Run(new ExtractFromFileNode(), $$"""{"operation":"{{format}}","options":{{options}}}""",
            [NodeHarness.BinaryItem(File.ReadAllBytes(path), "application/octet-stream", Path.GetFileName(path))]);

    [LibreOfficeFact]
    public void Extract_FilesLibreOfficeWrote_GivesCellsWithDatesAsSerials()
    {
        var csv = TempFile("people.csv", Encoding.UTF8.GetBytes(Csv));

        foreach (var format in new[] { "xlsx", "xls", "ods" })
        {
            var file = LibreOffice.ConvertWith(format, Utf8Csv, csv)[0];

            var typed = Extract(format, file);
            var raw = Extract(format, file, """{"rawData":true}""");

            Assert.True(
                Rows(typed) == """[{"name":"Ada","n":1.5,"when":45294,"note":"Zürich → 東京"},{"name":"Bob, Jr","n":42,"when":45291}]""",
                $"{format}: {Rows(typed)}");
            Assert.True(raw[0].Json["when"].TryGetString() == "2024-01-03", $"{format}: {Rows(raw)}");
        }
    }

    [LibreOfficeFact]
    public void Extract_FormulasLibreOfficeWrote_GivesCachedResults()
    {
        var csv = TempFile("formulas.csv", Encoding.UTF8.GetBytes("a,b,c\n1.5,=A2*2,=IF(A2>1;\"big\";\"small\")\n"));

        foreach (var format in new[] { "xlsx", "xls", "ods" })
        {
            // Field 8 of LibreOffice's CSV filter options turns on evaluating formulas.
            var file = LibreOffice.ConvertWith(format, "CSV:44,34,76,1,,0,false,true,false,false,false,-1", csv)[0];

            var items = Extract(format, file);

            Assert.True(items[0].Json["b"].AsNumber() == 3, $"{format}: {Rows(items)}");

            // LibreOffice caches text results of formulas in XLSX and ODS; in XLS it leaves them for Excel to recalculate.
            Assert.True(format == "xls" || items[0].Json["c"].TryGetString() == "big", $"{format}: {Rows(items)}");
        }
    }

    [LibreOfficeFact]
    public void Convert_FilesTesseraWrote_OpenInLibreOfficeWithSameCells()
    {
        Item[] items =
        [
            NodeHarness.JsonItem("""{"name":"Ada","n":1.5,"note":"Zürich → 東京"}"""),
            NodeHarness.JsonItem("""{"name":"Bob, Jr","n":42,"note":"x"}"""),
        ];
        var inputs = new List<string>();
        foreach (var format in new[] { "xlsx", "xls", "ods" })
        {
            var file = NodeHarness.Run(new ConvertToFileNode(), "{\"operation\":\"" + format + "\",\"options\":{}}", items, 1.1)[0].Binary!["data"];
            inputs.Add(TempFile("out-" + format + "." + format, file.GetBytes()));
        }

        var csvs = LibreOffice.Convert("csv:Text - txt - csv (StarCalc):44,34,76", inputs.ToArray());

        foreach (var csv in csvs)
        {
            var text = File.ReadAllText(csv, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
            Assert.True(text == "name,n,note\nAda,1.5,Zürich → 東京\n\"Bob, Jr\",42,x", $"{Path.GetFileName(csv)}: {text}");
        }
    }

    [LibreOfficeFact("writer")]
    public void Convert_Rtf_OpensInLibreOfficeWithCellTexts()
    {
        var items = new[] { NodeHarness.JsonItem("""{"name":"Ada {1}","note":"Zürich → 東京"}""") };
        var file = NodeHarness.Run(new ConvertToFileNode(), """{"operation":"rtf","options":{}}""", items, 1.1)[0].Binary!["data"];
        var rtf = TempFile("table.rtf", file.GetBytes());

        var text = File.ReadAllText(LibreOffice.Convert("txt:Text (encoded):UTF8", rtf)[0], Encoding.UTF8);

        Assert.Contains("Ada {1}", text, StringComparison.Ordinal);
        Assert.Contains("Zürich → 東京", text, StringComparison.Ordinal);
        Assert.Contains("note", text, StringComparison.Ordinal);
    }

    [LibreOfficeFact("writer")]
    public void Extract_RtfLibreOfficeWrote_GivesTableCells()
    {
        var html = TempFile("table.html", Encoding.UTF8.GetBytes(
            "<html><body><table><tr><td>name</td><td>n</td></tr><tr><td>Zürich</td><td>7</td></tr></table></body></html>"));
        var rtf = LibreOffice.ConvertWith("rtf:Rich Text Format", "HTML (StarWriter)", html)[0];

        var items = Extract("rtf", rtf);

        Assert.Equal("""[{"name":"Zürich","n":7}]""", Rows(items));
    }
}
