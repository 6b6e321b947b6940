using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;
using static Tessera.Engine.Tests.Expressions.Extensions.ExtensionTestKit;

namespace Tessera.Engine.Tests.Expressions.Extensions;

public class StringExtensionsTests
{
    [Fact]
    public void Base64_RoundTrips()
    {
        Assert.Equal("aMOpbGxv", Ext("héllo", "base64Encode").AsString());
        Assert.Equal("héllo", Ext("aMOpbGxv", "base64Decode").AsString());
    }

    [Theory]
    [InlineData("me@example.com", "example.com")]
    [InlineData("https://n8n.io/workflows?x=1", "n8n.io")]
    [InlineData("http://www.example.co.uk", "www.example.co.uk")]
    public void ExtractDomain_EmailOrUrl_ReturnsHost(string text, string expected) =>
        Assert.Equal(expected, Ext(text, "extractDomain").AsString());

    [Theory]
    [InlineData("contact me@example.com now")]
    [InlineData("example.com")]
    [InlineData("no domain here")]
    public void ExtractDomain_NotWholeEmailOrUrl_ReturnsNull(string text) =>
        Assert.True(Ext(text, "extractDomain").IsNull);

    [Fact]
    public void ExtractEmailAndUrl_FindFirst()
    {
        Assert.Equal("jane.doe+x@mail.example.org", Ext("Write to jane.doe+x@mail.example.org today", "extractEmail").AsString());
        Assert.True(Ext("nothing", "extractEmail").IsUndefined);
        Assert.Equal("https://n8n.io/docs?a=1", Ext("see https://n8n.io/docs?a=1 for more", "extractUrl").AsString());
        Assert.True(Ext("www.n8n.io", "extractUrl").IsUndefined);
        Assert.Equal("/workflows/1", Ext("https://n8n.io/workflows/1?x=2", "extractUrlPath").AsString());
        Assert.True(Ext("not a url", "extractUrlPath").IsUndefined);
    }

    [Theory]
    [InlineData("md5", "5d41402abc4b2a76b9719d911017c592")]
    [InlineData("sha1", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")]
    [InlineData("sha224", "ea09ae9cc6768c50fcee903ed054556e5bfc8347907f12598aa24193")]
    [InlineData("sha256", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [InlineData("base64", "aGVsbG8=")]
    public void Hash_Algorithms_MatchKnownDigests(string algorithm, string expected) =>
        Assert.Equal(expected, Ext("hello", "hash", algorithm).AsString());

    [Fact]
    public void Hash_DefaultMd5_AndUnknownFails()
    {
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", Ext("hello", "hash").AsString());
        Fails("hello", "hash", "crc32");
    }

    [Fact]
    public void Predicates_ClassifyStrings()
    {
        Assert.True(Ext("example.com", "isDomain").AsBoolean());
        Assert.False(Ext("example", "isDomain").AsBoolean());
        Assert.True(Ext("a@b.io", "isEmail").AsBoolean());
        Assert.False(Ext("a@b", "isEmail").AsBoolean());
        Assert.True(Ext("https://n8n.io/x", "isUrl").AsBoolean());
        Assert.False(Ext("n8n.io", "isUrl").AsBoolean());
        Assert.True(Ext("", "isEmpty").AsBoolean());
        Assert.True(Ext(" ", "isNotEmpty").AsBoolean());
        Assert.True(Ext("12.5", "isNumeric").AsBoolean());
        Assert.True(Ext("-1e3", "isNumeric").AsBoolean());
        Assert.False(Ext("12a", "isNumeric").AsBoolean());
        Assert.False(Ext("", "isNumeric").AsBoolean());
    }

    [Fact]
    public void ParseJson_ValidAndInvalid()
    {
        Assert.Equal("{\"a\":[1,2]}", Json(Ext("{\"a\": [1, 2]}", "parseJson")));
        Assert.True(Ext("{a: 1}", "parseJson").IsUndefined);
    }

    [Fact]
    public void Quote_EscapesMarks()
    {
        Assert.Equal("\"say \\\"hi\\\"\"", Ext("say \"hi\"", "quote").AsString());
        Assert.Equal("'it\\'s'", Ext("it's", "quote", "'").AsString());
    }

    [Fact]
    public void RemoveMarkdownAndTags_StripSyntax()
    {
        Assert.Equal("Title\nSome bold and italic text with a link and code.",
            Ext("# Title\nSome **bold** and *italic* text with a [link](https://x.io) and `code`.", "removeMarkdown").AsString());
        Assert.Equal("Hello world", Ext("<p>Hello <b>world</b></p>", "removeTags").AsString());
    }

    [Fact]
    public void ReplaceSpecialChars_Transliterates() =>
        Assert.Equal("Creme brulee a Koln, Strasse", Ext("Crème brûlée à Köln, Straße", "replaceSpecialChars").AsString());

    [Theory]
    [InlineData("false", false)]
    [InlineData("NO", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData("yes", true)]
    [InlineData("anything", true)]
    public void ToBoolean_FalseWords(string text, bool expected) => Assert.Equal(expected, Ext(text, "toBoolean").AsBoolean());

    [Fact]
    public void NumberConversions_ParseOrFail()
    {
        Assert.Equal(12, Ext("12.7abc", "toInt").AsNumber());
        Assert.Equal(-3, Ext(" -3", "toWholeNumber").AsNumber());
        Assert.Equal(12.7, Ext("12.7abc", "toFloat").AsNumber());
        Assert.Equal(1.5, Ext("1.5", "toDecimalNumber").AsNumber());
        Assert.Equal(26, Ext("0x1A", "toNumber").AsNumber());
        Assert.Equal(42, Ext("42", "toNumber").AsNumber());
        var e = Fails("abc", "toInt");
        Assert.Contains("cannot convert", e.Message, StringComparison.Ordinal);
        Assert.Contains("integer", e.Message, StringComparison.Ordinal);
        Fails("abc", "toFloat");
        Fails("abc", "toNumber");
    }

    [Theory]
    [InlineData("hello WORLD. how are YOU? fine!", "toSentenceCase", "Hello world. How are you? Fine!")]
    [InlineData("quick brown $fox - jumps", "toSnakeCase", "quick_brown_fox_jumps")]
    [InlineData("the lord of the rings", "toTitleCase", "The Lord of the Rings")]
    [InlineData("iPhone and mac", "toTitleCase", "IPhone and Mac")]
    public void CaseConversions_Format(string text, string function, string expected) =>
        Assert.Equal(expected, Ext(text, function).AsString());

    [Fact]
    public void UrlEncodeDecode_UriAndComponent()
    {
        Assert.Equal("a%20b/c?d=%C3%A9", Ext("a b/c?d=é", "urlEncode").AsString());
        Assert.Equal("a%20b%2Fc%3Fd%3D%C3%A9", Ext("a b/c?d=é", "urlEncode", true).AsString());
        Assert.Equal("a b%2Fc", Ext("a%20b%2Fc", "urlDecode").AsString());
        Assert.Equal("a b/c", Ext("a%20b%2Fc", "urlDecode", true).AsString());
        Assert.Throws<JsHostException>(() => Ext("%E0%A4%A", "urlDecode", true));
    }

    [Fact]
    public void ToJsonString_Escapes() => Assert.Equal("\"a\\\"b\\n\"", Ext("a\"b\n", "toJsonString").AsString());

    [Fact]
    public void ToDateTime_IsoKeepsOffset()
    {
        var dt = Ext("2024-03-30T18:49:07.234+02:00", "toDateTime");
        Assert.Equal("2024-03-30T18:49:07.234+02:00", JsConvert.ToString(dt));
    }

    [Theory]
    [InlineData("2024-03-30", "2024-03-30T00:00:00.000+01:00")]
    [InlineData("Sat, 30 Mar 2024 10:00:00 GMT", "2024-03-30T10:00:00.000Z")]
    [InlineData("2024-03-30 10:00:00", "2024-03-30T10:00:00.000+01:00")]
    [InlineData("1711792800000", "2024-03-30T11:00:00.000+01:00")]
    [InlineData("March 30, 2024", "2024-03-30T00:00:00.000+01:00")]
    public void ToDateTime_Formats_ParseInWorkflowZone(string text, string expected)
    {
        var dt = Ext(Context("Europe/Paris"), text, "toDateTime");
        Assert.Equal(expected, JsConvert.ToString(dt));
    }

    [Fact]
    public void ToDateTime_Garbage_Fails() => Fails("not a date", "toDateTime");

    [Fact]
    public void ToDate_ReturnsJsDate()
    {
        var d = Ext("2024-03-30", "toDate");
        Assert.IsType<JsDate>(d.Reference);
        Assert.Equal("2024-03-30T00:00:00.000Z", ((JsDate)d.Reference!).ToIsoString());
    }

    [Fact]
    public void WrongType_ThrowsExpressionException()
    {
        var e = Fails(5, "toTitleCase");
        Assert.Contains("String", e.Message, StringComparison.Ordinal);
        Fails("abc", "sum");
        Fails(new JsObject(), "merge");
    }

    [Fact]
    public void UnknownName_NotFound() => Assert.False(Tessera.Engine.Expressions.Extensions.ExtensionFunctions.TryGet("x", "noSuchFunction", out _));

    [Fact]
    public void NullReceiver_IsEmpty()
    {
        Assert.True(Ext(JsValue.Null, "isEmpty").AsBoolean());
        Assert.False(Ext(JsValue.Undefined, "isNotEmpty").AsBoolean());
        Assert.False(Tessera.Engine.Expressions.Extensions.ExtensionFunctions.TryGet(JsValue.Null, "toTitleCase", out _));
    }
}

public class StringToDateTimeFormatTests
{
    [Fact]
    public void ToDateTime_WithFormat_ParsesInWorkflowZone()
    {
        var context = ExtensionTestKit.Context("Europe/Paris");
        Assert.Equal("2024-01-15T00:00:00.000+01:00", Tessera.Engine.Data.JsConvert.ToString(ExtensionTestKit.Ext(context, "15/01/2024", "toDateTime", "dd/MM/yyyy")));
        Assert.Throws<Tessera.Engine.Expressions.ExpressionException>(() => ExtensionTestKit.Ext(context, "2024-01-15", "toDateTime", "dd/MM/yyyy"));
    }
}
