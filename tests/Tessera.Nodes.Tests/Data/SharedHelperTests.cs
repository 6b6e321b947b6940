using Tessera.Engine.Data;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Tests.Data;

public sealed class SharedHelperTests
{
    [Fact]
    public void FieldPathParse_BracketsAndQuotes_SplitsIntoKeys()
    {
        Assert.Equal(["a", "b", "0", "c d"], FieldPath.Parse("a.b[0]['c d']"));
    }

    [Fact]
    public void FieldPathGet_LiteralDottedKey_WinsOverNesting()
    {
        var json = JsObject.Parse("""{"a.b":1,"a":{"b":2}}""");
        Assert.Equal(1, FieldPath.Get(json, "a.b").AsNumber());
        Assert.Equal(2, FieldPath.Get(json["a"], "b").AsNumber());
    }

    [Fact]
    public void FieldPathSet_MissingContainers_CreatesObjectsAndArrays()
    {
        var json = new JsObject();
        FieldPath.Set(json, "a.b[1].c", 5);
        Assert.Equal("""{"a":{"b":[null,{"c":5}]}}""", JsonCodec.Serialize(JsonValues.ToData(json)));
    }

    [Fact]
    public void FieldPathSet_DotNotationOff_UsesWholeKey()
    {
        var json = new JsObject();
        FieldPath.Set(json, "a.b", 1, dotNotation: false);
        Assert.Equal("""{"a.b":1}""", JsonCodec.Serialize(json));
    }

    [Fact]
    public void FieldPathSet_PrototypePath_IsRefused()
    {
        var json = new JsObject();
        Assert.False(FieldPath.Set(json, "__proto__.polluted", 1));
        Assert.Equal(0, json.Count);
    }

    [Fact]
    public void FieldPathUnset_NestedKey_RemovesOnlyThatKey()
    {
        var json = JsObject.Parse("""{"a":{"b":1,"c":2}}""");
        Assert.True(FieldPath.Unset(json, "a.b"));
        Assert.Equal("""{"a":{"c":2}}""", JsonCodec.Serialize(json));
    }

    [Fact]
    public void FieldListParse_TextArrayAndLegacyCollection_GiveTrimmedNames()
    {
        Assert.Equal(["a", "b"], FieldList.Parse(" a, ,b "));
        Assert.Equal(["x", "y"], FieldList.Parse(JsonCodec.Parse("""["x", "y"]""")));
        Assert.Equal(["z"], FieldList.Parse(JsonCodec.Parse("""{"fields":[{"fieldName":"z"}]}""")));
    }

    [Theory]
    [InlineData("{a: 1, 'b': 'two',}", """{"a":1,"b":"two"}""")]
    [InlineData("['x','y']", """["x","y"]""")]
    [InlineData("""{"n": [1, 2.5, true, null]}""", """{"n":[1,2.5,true,null]}""")]
    public void JsLiteralTryParse_JsLikeText_Parses(string text, string expected)
    {
        Assert.True(JsLiteral.TryParse(text, out var value));
        Assert.Equal(expected, JsonCodec.Serialize(value));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("{a: }")]
    [InlineData("[1, 2")]
    public void JsLiteralTryParse_NotALiteral_Fails(string text) => Assert.False(JsLiteral.TryParse(text, out _));

    [Fact]
    public void GroupMapInJsOrder_IndexKeys_ComeFirstAscending()
    {
        var map = new GroupMap<int>();
        foreach (var key in (string[])["b", "10", "a", "2", "01"])
        {
            map.GetOrAdd(key, () => 0);
        }

        Assert.Equal(["2", "10", "b", "a", "01"], map.InJsOrder().Select(kv => kv.Key));
    }

    [Theory]
    [InlineData("number", "\"3 \"", "3")]
    [InlineData("number", "true", "1")]
    [InlineData("boolean", "\"TRUE\"", "true")]
    [InlineData("boolean", "0", "false")]
    [InlineData("string", """{"a":[1]}""", "\"{\\\"a\\\":[1]}\"")]
    [InlineData("array", "\"['x','y']\"", """["x","y"]""")]
    [InlineData("object", "\"{a: 1, 'b': 'two'}\"", """{"a":1,"b":"two"}""")]
    [InlineData("object", "null", "null")]
    public void SetValueTypesTryConvert_ConvertibleValue_Converts(string type, string input, string expected)
    {
        Assert.True(SetValueTypes.TryConvert(JsonCodec.Parse(input), type, out var result));
        Assert.Equal(expected, JsonCodec.Serialize(result));
    }

    [Theory]
    [InlineData("number", "\"hello\"")]
    [InlineData("number", "[1,2]")]
    [InlineData("boolean", "\"3\"")]
    [InlineData("boolean", "2")]
    [InlineData("array", "\"3\"")]
    [InlineData("object", "[1]")]
    public void SetValueTypesTryConvert_WrongType_Fails(string type, string input) =>
        Assert.False(SetValueTypes.TryConvert(JsonCodec.Parse(input), type, out _));

    [Fact]
    public void SetValueTypesTryConvert_NaN_IsRejected() => Assert.False(SetValueTypes.TryConvert(double.NaN, "number", out _));
}
