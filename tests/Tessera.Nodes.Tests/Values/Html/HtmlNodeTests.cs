using System.Text;
using Tessera.Engine.Data;
using Tessera.Nodes.Tests.Files;
using Tessera.Nodes.Values.Html;

namespace Tessera.Nodes.Tests.Values.Html;

public sealed class HtmlNodeTests
{
    // The page n8n's own HTML node test extracts from (with its CR/LF and tab noise).
    private const string Page = "<html>\n<head>\n\t<title>My Page</title>\t\n</head>\n<body>\n\t<h1>My Page</h1>\n\t<p>Hello World</p>\n\t<div class=\"content\">\n\t\t<p>Another paragraph\n</p>\n\t\t<p>Yet \r\n\r\n\t\t\t\t\t\tanother paragraph\n</p>\n\t\t<p>Andone more\n</p>\n\t</div>\n\t<img src=\"https://n8n.io/n8n-logo.png\" alt=\"n8n.io logo\" />\n\t<a href=\"https://n8n.io\">n8n.io</a>\n    <input id=\"text-id\" type=\"text\" value=\"n8n\" />\n</body>\n</html>";

    private static JsValue Extract(string value, string options = "{}", double version = 1.2)
    {
        var input = new JsObject { ["data"] = Page };
        var parameters = $$"""{"operation":"extractHtmlContent","extractionValues":{"values":[{{value}}]},"options":{{options}}}""";
        return NodeHarness.Run(new HtmlNode(), parameters, [new(input)], version)[0].Json["data"];
    }

    [Fact]
    public void Extract_TextOfHtml_RendersReadableBlocks()
    {
        var text = Extract("""{"key":"data","cssSelector":"html"}""");

        Assert.Equal("MY PAGE\n\nHello World\n\nAnother paragraph\n\nYet another paragraph\n\nAndone more\n\nn8n.io logo [https://n8n.io/n8n-logo.png] n8n.io [https://n8n.io]", text.AsString());
    }

    [Fact]
    public void Extract_CleanUpText_RemovesLineBreaks()
    {
        var text = Extract("""{"key":"data","cssSelector":"html"}""", """{"cleanUpText":true}""");

        Assert.Equal("MY PAGEHello WorldAnother paragraphYet another paragraphAndone moren8n.io logo [https://n8n.io/n8n-logo.png] n8n.io [https://n8n.io]", text.AsString());
    }

    [Fact]
    public void Extract_SkipSelectors_LeavesOutImagesAndLinks()
    {
        var text = Extract("""{"key":"data","cssSelector":"html","skipSelectors":"img, a"}""");

        Assert.Equal("MY PAGE\n\nHello World\n\nAnother paragraph\n\nYet another paragraph\n\nAndone more", text.AsString());
    }

    [Fact]
    public void Extract_ReturnArray_GivesOneEntryPerMatch()
    {
        var values = Extract("""{"key":"data","cssSelector":"p","returnArray":true}""");

        Assert.Equal("""["Hello World","Another paragraph","Yet another paragraph","Andone more"]""", JsonCodec.Serialize(values));
    }

    [Fact]
    public void Extract_AttributeWithoutName_ReturnsAllAttributes()
    {
        Assert.Equal("""{"class":"content"}""", JsonCodec.Serialize(Extract("""{"key":"data","cssSelector":"div","returnValue":"attribute"}""")));
    }

    [Fact]
    public void Extract_NamedAttribute_ReturnsItsValue()
    {
        Assert.Equal("https://n8n.io", Extract("""{"key":"data","cssSelector":"a","returnValue":"attribute","attribute":"href"}""").AsString());
    }

    [Fact]
    public void Extract_Html_ReturnsInnerHtmlWithNormalisedLineBreaks()
    {
        var html = Extract("""{"key":"data","cssSelector":"body","returnValue":"html"}""").AsString();

        Assert.StartsWith("\n\t<h1>My Page</h1>\n\t<p>Hello World</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Yet \n\n\t\t\t\t\t\tanother paragraph\n</p>", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://n8n.io/n8n-logo.png\" alt=\"n8n.io logo\">", html, StringComparison.Ordinal);
        Assert.EndsWith("<input id=\"text-id\" type=\"text\" value=\"n8n\">\n\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_Value_ReturnsInputValue()
    {
        Assert.Equal("n8n", Extract("""{"key":"data","cssSelector":"#text-id","returnValue":"value"}""").AsString());
    }

    [Fact]
    public void Extract_Version1Text_ReturnsRawTextContent()
    {
        var text = Extract("""{"key":"data","cssSelector":"h1"}""", version: 1);

        Assert.Equal("My Page", text.AsString());
    }

    [Fact]
    public void Extract_FromBinary_ReadsFileContent()
    {
        var item = NodeHarness.BinaryItem(Encoding.UTF8.GetBytes("<ul><li> a </li><li>b</li></ul>"), "text/html", "x.html");
        var json = NodeHarness.Run(new HtmlNode(),
            """{"operation":"extractHtmlContent","sourceData":"binary","extractionValues":{"values":[{"key":"items","cssSelector":"li","returnArray":true}]},"options":{"trimValues":true}}""",
            [item], 1.2)[0].Json;

        Assert.Equal("""{"items":["* a","* b"]}""", JsonCodec.Serialize(json));
    }

    [Fact]
    public void Extract_MissingProperty_Fails()
    {
        var e = Assert.Throws<Tessera.Engine.Nodes.NodeOperationException>(() => NodeHarness.Run(new HtmlNode(),
            """{"operation":"extractHtmlContent","dataPropertyName":"body","extractionValues":{"values":[]}}""", [NodeHarness.JsonItem("{}")]));

        Assert.Contains("'body'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateTemplate_ResolvesExpressions()
    {
        var json = NodeHarness.Run(new HtmlNode(), """{"operation":"generateHtmlTemplate","html":"={{ $json.name }}"}""", [NodeHarness.JsonItem("""{"name":"<b>x</b>"}""")])[0].Json;

        Assert.Equal("<b>x</b>", json["html"].AsString());
    }

    [Fact]
    public void ConvertToHtmlTable_AllItems_OneTableWithOptions()
    {
        var items = NodeHarness.Run(new HtmlNode(),
            """{"operation":"convertToHtmlTable","options":{"capitalize":true,"customStyling":true,"caption":"People","tableAttributes":"class=\"t\"","cellAttributes":"style=\"x\""}}""",
            [NodeHarness.JsonItem("""{"name":"Ann","age":3}"""), NodeHarness.JsonItem("""{"name":"B&o","city":"X"}""")]);

        Assert.Single(items);
        Assert.Equal("<table class=\"t\"><caption>People</caption><thead><tr><th>Name</th><th>Age</th><th>City</th></tr></thead><tbody><tr><td style=\"x\">Ann</td><td style=\"x\">3</td><td style=\"x\"></td></tr><tr><td style=\"x\">B&amp;o</td><td style=\"x\"></td><td style=\"x\">X</td></tr></tbody></table>", items[0].Json["table"].AsString());
    }
}
