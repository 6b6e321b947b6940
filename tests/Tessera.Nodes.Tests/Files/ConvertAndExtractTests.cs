using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Tests.Files;

public sealed class ConvertAndExtractTests
{
    private static readonly Item Gatsby = NodeHarness.JsonItem("""{"id":"23423532","name":"Jay Gatsby","notes":"Keeps asking, \"why\"?","base64":"VGhpcyBpcyBzb21lIHRleHQgZW5jb2RlZCBhcyBiYXNlNjQ="}""");

    private static string Text(Item item, string property = "data") => Encoding.UTF8.GetString(item.Binary![property].GetBytes());

    private static IReadOnlyList<Item> Convert(string parameters, params Item[] items) =>
        NodeHarness.Run(new ConvertToFileNode(), parameters, items, 1.1);

    private static IReadOnlyList<Item> Extract(string parameters, params Item[] items) =>
        NodeHarness.Run(new ExtractFromFileNode(), parameters, items);

    [Fact]
    public void ToCsv_AllItems_OneFileWithHeaderAndQuoting()
    {
        var items = Convert("""{"options":{}}""", Gatsby, NodeHarness.JsonItem("""{"id":"2","extra":true}"""));

        Assert.Single(items);
        Assert.Equal("id,name,notes,base64,extra\n23423532,Jay Gatsby,\"Keeps asking, \"\"why\"\"?\",VGhpcyBpcyBzb21lIHRleHQgZW5jb2RlZCBhcyBiYXNlNjQ=,\n2,,,,TRUE", Text(items[0]));
        Assert.Equal("file.csv", items[0].Binary!["data"].FileName);
        Assert.Equal("text/csv", items[0].Binary!["data"].MimeType);
        Assert.Equal(2, items[0].Paired!.Length);
    }

    [Fact]
    public void CsvRoundTrip_CustomDelimiter_GivesOriginalFields()
    {
        var file = Convert("""{"options":{"delimiter":"|"}}""", Gatsby)[0];
        var items = Extract("""{"options":{"delimiter":"|"}}""", file);

        Assert.True(JsonEquality.DeepEquals(Gatsby.Json, items[0].Json), JsonCodec.Serialize(items[0].Json));
    }

    [Fact]
    public void ToJson_AllItemsFormatted_WritesPrettyArray()
    {
        var file = Convert("""{"operation":"toJson","options":{"format":true}}""", NodeHarness.JsonItem("""{"a":1}"""))[0];

        Assert.Equal("[\n  {\n    \"a\": 1\n  }\n]", Text(file));
        Assert.Equal("application/json", file.Binary!["data"].MimeType);
    }

    [Fact]
    public void ToJson_EachItem_ExtractGivesObjectUnderData()
    {
        var files = Convert("""{"operation":"toJson","mode":"each","options":{}}""", NodeHarness.JsonItem("""{"a":1}"""), NodeHarness.JsonItem("""{"a":2}"""));
        var extracted = Extract("""{"operation":"fromJson","options":{}}""", [.. files]);

        Assert.Equal("""{"data":{"a":2}}""", JsonCodec.Serialize(extracted[1].Json));
    }

    [Fact]
    public void ToText_Windows1250_RoundTripsThroughExtractWithSameEncoding()
    {
        var source = NodeHarness.JsonItem("""{"text":"Příliš žluťoučký kůň"}""");
        var file = Convert("""{"operation":"toText","sourceProperty":"text","binaryPropertyName":"myfile","options":{"encoding":"windows1250"}}""", source)[0];
        var bytes = file.Binary!["myfile"].GetBytes();
        var text = Extract("""{"operation":"text","binaryPropertyName":"myfile","options":{"encoding":"windows1250"}}""", file)[0].Json["data"].AsString();

        Assert.Equal(20, bytes.Length);
        Assert.Equal("Příliš žluťoučký kůň", text);
    }

    [Fact]
    public void ToBinary_Base64Field_ExtractTextGivesDecodedText()
    {
        var file = Convert("""{"operation":"toBinary","sourceProperty":"base64","options":{}}""", Gatsby)[0];
        var text = Extract("""{"operation":"text","options":{}}""", file)[0].Json;

        Assert.Equal("text/plain", file.Binary!["data"].MimeType);
        Assert.Equal("""{"data":"This is some text encoded as base64"}""", JsonCodec.Serialize(text));
    }

    [Fact]
    public void ToBinary_NotBase64_FailsWithHint()
    {
        var e = Assert.Throws<NodeOperationException>(() => Convert("""{"operation":"toBinary","sourceProperty":"name","options":{}}""", Gatsby));

        Assert.Contains("not valid base64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_ExtractHtml_GivesTypedValues()
    {
        var file = Convert("""{"operation":"html","options":{}}""", NodeHarness.JsonItem("""{"row_number":2,"country":"uk","ok":false}"""))[0];
        var items = Extract("""{"operation":"html","options":{}}""", file);

        Assert.Equal("""{"row_number":2,"country":"uk","ok":false}""", JsonCodec.Serialize(items[0].Json));
    }

    [Fact]
    public void ICal_AllDayEvent_ExtractReadsDescription()
    {
        var file = NodeHarness.Run(new ConvertToFileNode(),
            """{"operation":"iCal","title":"Party","start":"2024-01-03T00:00:00","end":"2024-01-04T00:00:00","allDay":true,"additionalFields":{"description":"event description, with comma"}}""",
            [NodeHarness.JsonItem("{}")])[0];
        var ics = Text(file);
        var data = Extract("""{"operation":"fromIcs","options":{}}""", file)[0].Json["data"];

        Assert.Contains("DTSTART;VALUE=DATE:20240103\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTAMP:20240315T103045Z", ics, StringComparison.Ordinal);
        Assert.Equal("event description, with comma", data.AsObject().GetPath("events.0.description").AsString());
        Assert.Equal("Party", data.AsObject().GetPath("events.0.summary").AsString());
    }

    [Fact]
    public void ExtractCsv_Options_FromLineMaxRowsEmptyCellsBom()
    {
        var csv = "\uFEFFa,b\n1,\n2,x\n3,y\n";
        var file = NodeHarness.BinaryItem(Encoding.UTF8.GetBytes(csv), "text/csv", "x.csv");

        var kept = Extract("""{"options":{"includeEmptyCells":true,"maxRowCount":2,"enableBOM":true}}""", file);
        var skipped = Extract("""{"options":{"fromLine":2,"headerRow":false}}""", file);
        var bom = Extract("""{"options":{}}""", file);

        Assert.Equal("""[{"a":"1","b":""},{"a":"2","b":"x"}]""", JsonCodec.Serialize(new JsArray(kept.Select(i => (JsValue)i.Json))));
        Assert.Equal("""{"row":["1",""]}""", JsonCodec.Serialize(skipped[0].Json));
        Assert.True(bom[0].Json.ContainsKey("\uFEFFa"));
    }

    [Fact]
    public void ExtractBinaryToProperty_GivesBase64AndKeepsSourceJson()
    {
        var item = NodeHarness.BinaryItem("test"u8.ToArray(), "text/plain", "a.txt");
        item.Json["keep"] = 1;

        var json = Extract("""{"operation":"binaryToPropery","destinationKey":"b64","options":{"keepSource":"json"}}""", item)[0].Json;

        Assert.Equal("""{"keep":1,"b64":"dGVzdA=="}""", JsonCodec.Serialize(json));
    }

    [Fact]
    public void Extract_MissingBinary_FailsNamingField()
    {
        var e = Assert.Throws<NodeOperationException>(() => Extract("""{"operation":"text","binaryPropertyName":"file"}""", NodeHarness.BinaryItem([1], "x/y", "a")));

        Assert.Contains("'file'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractPdf_NotSupported_FailsClearly()
    {
        var e = Assert.Throws<NodeOperationException>(() => Extract("""{"operation":"pdf"}""", NodeHarness.BinaryItem("%PDF-1.4"u8.ToArray(), "application/pdf", "a.pdf")));

        Assert.Contains("not supported", e.Message, StringComparison.Ordinal);
    }
}
