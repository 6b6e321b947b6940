using System.IO.Compression;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Tests.Files;

/// <summary>XLSX, ODS and RTF readers on hand-made files with the features real files use, and malformed input.</summary>
public sealed class SheetReadersTests
{
    private static byte[] Zip(params (string Path, string Text)[] parts)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in parts)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return output.ToArray();
    }

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PkgRel = "http://schemas.openxmlformats.org/package/2006/relationships";

    private static byte[] XlsxWithTwoSheets() => Zip(
        ("_rels/.rels", $"""<Relationships xmlns="{PkgRel}"><Relationship Id="r1" Type="{Rel}/officeDocument" Target="/xl/workbook.xml"/></Relationships>"""),
        ("xl/workbook.xml", $"""<workbook xmlns="{Main}" xmlns:r="{Rel}"><sheets><sheet name="First" sheetId="1" r:id="rA"/><sheet name="Second" sheetId="2" r:id="rB"/></sheets></workbook>"""),
        ("xl/_rels/workbook.xml.rels", $"""<Relationships xmlns="{PkgRel}"><Relationship Id="rA" Type="{Rel}/worksheet" Target="worksheets/a.xml"/><Relationship Id="rB" Type="{Rel}/worksheet" Target="worksheets/b.xml"/><Relationship Id="rS" Type="{Rel}/sharedStrings" Target="strings.xml"/><Relationship Id="rT" Type="{Rel}/styles" Target="styles.xml"/></Relationships>"""),
        ("xl/strings.xml", $"""<sst xmlns="{Main}"><si><t>head</t></si><si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh><t>ignored</t></rPh></si><si><t>line_x000D_end</t></si></sst>"""),
        ("xl/styles.xml", $"""<styleSheet xmlns="{Main}"><numFmts count="1"><numFmt numFmtId="170" formatCode="dd/mm/yyyy hh:mm"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="170"/></cellXfs></styleSheet>"""),
        ("xl/worksheets/a.xml", $"""<worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>inline</t></is></c></row></sheetData></worksheet>"""),
        ("xl/worksheets/b.xml", $"""<worksheet xmlns="{Main}"><sheetData><row r="2"><c r="B2" t="s"><v>1</v></c><c t="str"><f>A1</f><v>formula text</v></c><c t="e"><v>#N/A</v></c></row><row><c t="b"><v>1</v></c><c s="1"><v>45294</v></c><c s="2"><v>45294.75</v></c><c t="s"><v>2</v></c><c t="d"><v>2024-01-03T00:00:00Z</v></c></row></sheetData></worksheet>"""));

    [Fact]
    public void Xlsx_SecondSheet_ReadsSharedRichInlineFormulaBooleanAndDates()
    {
        var book = Xlsx.Read(XlsxWithTwoSheets());

        Assert.Equal(["First", "Second"], book.Sheets.Select(s => s.Name));
        var first = book.Sheets[0];
        Assert.True(first.TryGet(0, 1, out var inline) && inline.Value.AsString() == "inline");
        var second = book.Sheets[1];
        Assert.True(second.TryGet(1, 1, out var rich) && rich.Value.AsString() == "rich text");
        Assert.True(second.TryGet(1, 2, out var formula) && formula.Value.AsString() == "formula text");
        Assert.False(second.TryGet(1, 3, out _));
        Assert.True(second.TryGet(2, 0, out var flag) && flag.Value.AsBoolean());
        Assert.True(second.TryGet(2, 1, out var date) && date.Value.AsNumber() == 45294 && date.Text == "1/3/24");
        Assert.True(second.TryGet(2, 2, out var stamp) && stamp.Text == "03/01/2024 18:00");
        Assert.True(second.TryGet(2, 3, out var escaped) && escaped.Value.AsString() == "line\rend");
        Assert.True(second.TryGet(2, 4, out var isoDate) && isoDate.Value.AsNumber() == 45294);
    }

    [Fact]
    public void ExtractXlsx_SheetNameAndUsedRange_StartAtFirstUsedCell()
    {
        var file = NodeHarness.BinaryItem(XlsxWithTwoSheets(), "application/octet-stream", "book.xlsx");

        var items = NodeHarness.Run(new ExtractFromFileNode(), """{"operation":"xlsx","options":{"sheetName":"Second","headerRow":false}}""", [file]);

        Assert.Equal(2, items.Count);
        Assert.Equal("""[null,"rich text","formula text"]""", JsonCodec.Serialize(items[0].Json["row"]));
        Assert.Equal("""[true,45294,45294.75,"line\rend",45294]""", JsonCodec.Serialize(items[1].Json["row"]));
    }

    [Fact]
    public void Ods_RepeatedRowsColumnsSpacesDatesAndNotes_AreRead()
    {
        const string content = """
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
            <table:table table:name="Notes"><table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b</text:p><text:p>second</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25%</text:p></table:table-cell></table:table-row>
            <table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="3" table:number-columns-repeated="2"><office:annotation><text:p>note</text:p></office:annotation><text:p>3</text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="date" office:date-value="2024-01-03"><text:p>2024-01-03</text:p></table:table-cell><table:table-cell office:value-type="time" office:time-value="PT18H00M00S"><text:p>18:00</text:p></table:table-cell></table:table-row>
            <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
            </table:table></office:spreadsheet></office:body></office:document-content>
            """;
        var bytes = Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", content));

        var sheet = Assert.Single(Ods.Read(bytes).Sheets);

        Assert.Equal("Notes", sheet.Name);
        Assert.True(sheet.TryGet(0, 0, out var text) && text.Value.AsString() == "a  b\nsecond");
        Assert.True(sheet.TryGet(0, 3, out var percent) && percent.Value.AsNumber() == 0.25 && percent.Text == "25%");
        Assert.True(sheet.TryGet(2, 1, out var repeated) && repeated.Value.AsNumber() == 3);
        Assert.True(sheet.TryGet(1, 3, out var date) && date.Value.AsNumber() == 45294);
        Assert.True(sheet.TryGet(2, 4, out var time) && time.Value.AsNumber() == 0.75);
        Assert.Equal(2, sheet.MaxRow);
        Assert.Equal(4, sheet.MaxCol);
    }

    [Fact]
    public void Rtf_EscapesUnicodeAndDestinations_AreDecoded()
    {
        const string rtf = """
            {\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Times;}}{\*\generator Test;}{\info{\title T}}
            Before the table\par
            \trowd\cellx1000\cellx2000\cellx3000
            \pard\intbl Caf\'e9\cell \pard\intbl {\b bold} \u26481?\u20140?\cell \pard\intbl \{x\}\cell\row
            \trowd\cellx1000\cellx2000\cellx3000
            \pard\intbl 12.5\cell \pard\intbl TRUE\cell \pard\intbl\cell\row
            }
            """;

        var sheet = Assert.Single(Rtf.Read(Encoding.ASCII.GetBytes(rtf)).Sheets);

        Assert.True(sheet.TryGet(0, 0, out var cafe) && cafe.Value.AsString() == "Café");
        Assert.True(sheet.TryGet(0, 1, out var unicode) && unicode.Value.AsString() == "bold 東京");
        Assert.True(sheet.TryGet(0, 2, out var braces) && braces.Value.AsString() == "{x}");
        Assert.True(sheet.TryGet(1, 0, out var number) && number.Value.AsNumber() == 12.5);
        Assert.True(sheet.TryGet(1, 1, out var flag) && flag.Value.AsBoolean());
        Assert.False(sheet.TryGet(1, 2, out _));
    }

    public static readonly TheoryData<string, byte[], string> Malformed = new()
    {
        { "xlsx", "not a zip at all"u8.ToArray(), "zip" },
        { "xlsx", Zip(("hello.txt", "hi"))[..40], "zip" },
        { "xlsx", Zip(("hello.txt", "hi")), "workbook" },
        { "ods", Zip(("hello.txt", "hi")), "content.xml" },
        { "ods", Zip(("content.xml", "<broken")), "not a valid ODS" },
        { "xls", "plain text, no signature"u8.ToArray(), "signature" },
        { "xls", [], "signature" },
        { "rtf", "hello"u8.ToArray(), "RTF" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Extract_MalformedFile_FailsWithClearNodeError(string format, byte[] bytes, string expected)
    {
        var file = NodeHarness.BinaryItem(bytes, "application/octet-stream", "bad." + format);

        var e = Assert.Throws<NodeOperationException>(() => NodeHarness.Run(new ExtractFromFileNode(), $$$"""{"operation":"{{{format}}}","options":{}}""", [file]));

        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, e.ItemIndex);
        Assert.NotNull(e.Description);
    }

    [Fact]
    public void Extract_MalformedFileWithContinueOnFail_GivesErrorItem()
    {
        var file = NodeHarness.BinaryItem("garbage"u8.ToArray(), "application/octet-stream", "bad.xlsx");

        var output = NodeHarness.RunOutput(new ExtractFromFileNode(), """{"operation":"xlsx","options":{}}""", [file], onError: "continueRegularOutput");

        var item = Assert.Single(output.Main);
        Assert.Contains("zip", item.Json["error"].AsString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SpreadsheetFile_TruncatedXlsx_FailsClearly()
    {
        var good = NodeHarness.Run(new ConvertToFileNode(), """{"operation":"xlsx","options":{}}""", [NodeHarness.JsonItem("""{"a":1}""")], 1.1)[0].Binary!["data"].GetBytes();
        var file = NodeHarness.BinaryItem(good[..(good.Length - 30)], "application/octet-stream", "cut.xlsx");

        var e = Assert.Throws<NodeOperationException>(() => NodeHarness.Run(new SpreadsheetFileNode(), """{"options":{}}""", [file], 2));

        Assert.Contains("XLSX", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_DataTypesAndSpans_KeepTextNumbersAndShiftCoveredCells()
    {
        const string html = """
            <table>
            <tr><th>code</th><th colspan="2">wide</th><th>last</th></tr>
            <tr><td data-t="s" data-v="007">007</td><td rowspan="2">5</td><td>TRUE</td><td data-t="n" data-v="2.5">2,50</td></tr>
            <tr><td>x</td><td>y</td><td>z</td></tr>
            </table>
            """;

        var items = NodeHarness.Run(new ExtractFromFileNode(), """{"operation":"html","options":{}}""",
            [NodeHarness.BinaryItem(Encoding.UTF8.GetBytes(html), "text/html", "t.html")]);

        Assert.Equal("""[{"code":"007","wide":5,"__EMPTY":true,"last":2.5},{"code":"x","__EMPTY":"y","last":"z"}]""",
            JsonCodec.Serialize(new JsArray(items.Select(i => (JsValue)i.Json))));
    }
}
