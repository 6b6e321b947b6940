using Tessera.Engine.Data;
using Tessera.Nodes.Tests.Files;
using Tessera.Nodes.Values.Markdown;

namespace Tessera.Nodes.Tests.Values.Markdown;

public sealed class MarkdownNodeTests
{
    private const string Page = "<!doctype html> <html> <head> <title>Example Domain</title> <meta charset=\"utf-8\" /> <style type=\"text/css\"> body { margin: 0; } </style> </head> <body> <div> <h1>Example Domain</h1> <p>This domain is for use in illustrative examples.</p> <p><a href=\"https://www.iana.org/domains/example\">More information...</a></p> </div> </body> </html>";

    private static string Run(string parameters, JsObject input) =>
        NodeHarness.Run(new MarkdownNode(), parameters, [new(input)])[0].Json["data"].AsString();

    private static string ToMarkdown(string html, string options = "{}") =>
        Run($$$"""{"html":"={{ $json.data }}","options":{{{options}}}}""", new JsObject { ["data"] = html });

    private static string ToHtml(string markdown, string options = "{}") =>
        Run($$$"""{"mode":"markdownToHtml","markdown":"={{ $json.data }}","options":{{{options}}}}""", new JsObject { ["data"] = markdown });

    [Fact]
    public void HtmlToMarkdown_Page_GivesHeadingParagraphsAndLink()
    {
        Assert.Equal(" \n\n# Example Domain\n\nThis domain is for use in illustrative examples.\n\n[More information...](https://www.iana.org/domains/example)", ToMarkdown(Page));
    }

    [Fact]
    public void HtmlToMarkdown_TextReplace_ReplacesInText()
    {
        var md = ToMarkdown(Page, """{"textReplace":{"values":[{"pattern":"Example Domain","replacement":"REPLACED"}]}}""");

        Assert.Contains("# REPLACED\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlToMarkdown_IgnoreUpperCaseTag_DropsElement()
    {
        Assert.DoesNotContain("Example Domain", ToMarkdown(Page, """{"ignore":"H1"}"""), StringComparison.Ordinal);
        Assert.Contains("# Example Domain", ToMarkdown(Page, """{"ignore":"h1"}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlToMarkdown_InlineFormattingListsCode_UsesOptions()
    {
        var md = ToMarkdown("<p><strong>b</strong> <em>i</em> <del>s</del> <code>c</code></p><ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul><ol><li>x</li></ol><pre><code class=\"language-js\">let a = 1;\n</code></pre>",
            """{"bulletMarker":"-","strongDelimiter":"__","emDelimiter":"*"}""");

        Assert.Equal("__b__ *i* ~~s~~ `c`\n\n- one\n- two\n  - deep\n\n1. x\n\n```js\nlet a = 1;\n```", md);
    }

    [Fact]
    public void HtmlToMarkdown_TableAndEscapes_GivesGfmTable()
    {
        var md = ToMarkdown("<table><tr><th>a_b</th><th>c</th></tr><tr><td>1</td><td>*2*</td></tr></table>");

        Assert.Equal("| a\\_b | c |\n| --- | --- |\n| 1 | \\*2\\* |", md);
    }

    [Fact]
    public void MarkdownToHtml_Defaults_HeaderIdsAndEllipsis()
    {
        var html = ToHtml("# Example Domain\n\nText.\n\n[More information...](https://www.iana.org/domains/example)");

        Assert.Equal("<h1 id=\"exampledomain\">Example Domain</h1>\n<p>Text.</p>\n<p><a href=\"https://www.iana.org/domains/example\">More information…</a></p>", html);
    }

    [Fact]
    public void MarkdownToHtml_CompleteDocument_WrapsInHtmlPage()
    {
        var html = ToHtml("hi", """{"completeHTMLDocument":true}""");

        Assert.Equal("<!DOCTYPE HTML>\n<html>\n<head>\n<meta charset=\"utf-8\">\n</head>\n<body>\n<p>hi</p>\n</body>\n</html>", html);
    }

    [Fact]
    public void MarkdownToHtml_TablesStrikethroughNewWindow_Enabled()
    {
        var html = ToHtml("|a|\n|-|\n|1|\n\n~~x~~ [l](http://e)", """{"tables":true,"strikethrough":true,"openLinksInNewWindow":true,"noHeaderId":true}""");

        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<del>x</del>", html, StringComparison.Ordinal);
        Assert.Contains("target=\"_blank\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownToHtml_GitHubIdsAndDuplicates_AreUnique()
    {
        var html = ToHtml("# A b!\n\n# A b!", """{"ghCompatibleHeaderId":true}""");

        Assert.Equal("<h1 id=\"a-b\">A b!</h1>\n<h1 id=\"a-b-1\">A b!</h1>", html);
    }

    [Fact]
    public void Markdown_DestinationKey_KeepsOtherFieldsAndNests()
    {
        var json = NodeHarness.Run(new MarkdownNode(), """{"mode":"markdownToHtml","markdown":"*x*","destinationKey":"out.html"}""",
            [NodeHarness.JsonItem("""{"keep":1}""")])[0].Json;

        Assert.Equal("""{"keep":1,"out":{"html":"<p><em>x</em></p>"}}""", JsonCodec.Serialize(json));
    }
}
