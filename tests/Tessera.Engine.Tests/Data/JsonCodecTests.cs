using Tessera.Engine.Data;

namespace Tessera.Engine.Tests.Data;

public sealed class JsonCodecTests
{
    [Theory]
    [InlineData("{\"a\":\"🐛 株式会社\"}")]
    [InlineData("{\"q\":\"say \\\"hi\\\"\\n\\ttab\\\\\"}")]
    [InlineData("[1,-2.5,1e+21,1.5e-7,0.000001,null,true,false]")]
    [InlineData("{\"nested\":{\"arr\":[{},[],{\"x\":[1]}]}}")]
    public void Serialize_RoundTripsLikeJsonStringify(string json)
    {
        Assert.Equal(json, JsonCodec.Serialize(JsonCodec.Parse(json)));
    }

    [Fact]
    public void Serialize_ControlCharactersAndLoneSurrogates_AreEscapedAsJavaScriptDoes()
    {
        var text = "a\u0001b" + "\ud83d";

        Assert.Equal("\"a\\u0001b\\ud83d\"", JsonCodec.Serialize(text));
    }

    [Fact]
    public void Serialize_UndefinedPropertiesAndNonFiniteNumbers_FollowJsonStringify()
    {
        var obj = new JsObject { ["u"] = JsValue.Undefined, ["n"] = double.NaN, ["i"] = double.PositiveInfinity, ["k"] = 1 };

        Assert.Equal("{\"n\":null,\"i\":null,\"k\":1}", JsonCodec.Serialize(obj));
    }

    [Fact]
    public void Serialize_Indented_UsesTwoSpaces()
    {
        Assert.Equal("{\n  \"a\": [\n    1\n  ]\n}", JsonCodec.Serialize(JsonCodec.Parse("{\"a\":[1]}"), indented: true));
    }

    [Fact]
    public void Parse_Malformed_ReportsLineAndColumn()
    {
        var e = Assert.Throws<JsonFormatException>(() => JsonCodec.Parse("{\n  \"a\": tru\n}"));

        Assert.Equal(2, e.Line);
        Assert.True(e.Column > 1);
    }

    [Fact]
    public void Parse_Truncated_SaysSoInPlainWords()
    {
        var e = Assert.Throws<JsonFormatException>(() => JsonCodec.Parse("{\"nodes\": [ {\"name\": \"a\""));

        Assert.Contains("may be truncated", e.Message);
        Assert.DoesNotContain("depth", e.Message);
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(100, "100")]
    [InlineData(1e21, "1e+21")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(-0.0, "0")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(9007199254740993, "9007199254740992")]
    public void JsNumber_ToString_MatchesJavaScript(double value, string expected)
    {
        Assert.Equal(expected, JsNumber.ToString(value));
    }
}

public sealed class JsObjectTests
{
    [Fact]
    public void Set_ArrayIndexKeys_ComeFirstInAscendingOrderAsInJavaScript()
    {
        var obj = new JsObject { ["b"] = 1, ["2"] = "two", ["a"] = 3, ["1"] = "one", ["01"] = "not an index", ["10"] = "ten" };

        Assert.Equal(["1", "2", "10", "b", "a", "01"], obj.Keys);
    }

    [Fact]
    public void Parse_IntegerKeys_FollowJsonParseOrder()
    {
        Assert.Equal("{\"0\":\"y\",\"1\":\"x\",\"b\":1}", JsonCodec.Serialize(JsonCodec.Parse("{\"b\":1,\"1\":\"x\",\"0\":\"y\"}")));
    }

    [Fact]
    public void Set_ManyKeysWithIndexedLookup_KeepsOrderAndFindsEveryKey()
    {
        var obj = new JsObject();
        foreach (var key in new[] { "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "5", "3" })
        {
            obj[key] = key;
        }

        Assert.Equal(["3", "5", "k1"], obj.Keys.Take(3));
        Assert.All(obj.Keys, k => Assert.Equal(k, obj[k].AsString()));
        Assert.True(obj.Remove("3"));
        Assert.Equal("k9", obj["k9"].AsString());
    }
}

public sealed class JsObjectPathTests
{
    [Theory]
    [InlineData("a", "1")]
    [InlineData("b.c", "2")]
    [InlineData("b.list.1.d", "\"x\"")]
    [InlineData("b.missing.d", "undefined")]
    [InlineData("b.list.9", "undefined")]
    [InlineData("a.b", "undefined")]
    public void GetPath_DottedPaths_WalkObjectsAndArrays(string path, string expected)
    {
        var obj = JsObject.Parse("""{"a":1,"b":{"c":2,"list":[0,{"d":"x"}]}}""");

        Assert.Equal(expected, obj.GetPath(path).IsUndefined ? "undefined" : JsonCodec.Serialize(obj.GetPath(path)));
    }

    [Fact]
    public void GetPath_LargeIndexedObject_FindsNestedKeys()
    {
        var inner = new JsObject();
        for (var i = 0; i < 20; i++)
        {
            inner["k" + i] = i;
        }

        var obj = new JsObject { ["outer"] = inner };

        Assert.Equal(17, obj.GetPath("outer.k17").AsNumber());
    }
}
