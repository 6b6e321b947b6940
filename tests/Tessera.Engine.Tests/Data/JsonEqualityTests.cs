using Tessera.Engine.Data;

namespace Tessera.Engine.Tests.Data;

public sealed class JsonEqualityTests
{
    public static TheoryData<string, string> Pairs => new()
    {
        { "1", "1" },
        { "1", "2" },
        { "1", "\"1\"" },
        { "null", "null" },
        { "{\"a\":1,\"b\":[1,2]}", "{\"b\":[1,2],\"a\":1}" },
        { "{\"a\":1}", "{\"a\":1,\"b\":2}" },
        { "{\"a\":1,\"b\":2}", "{\"a\":1}" },
        { "[1,2]", "[1,2,3]" },
        { "[{\"x\":\"y\"}]", "[{\"x\":\"z\"}]" },
        { "{\"a\":{\"b\":{\"c\":true}}}", "{\"a\":{\"b\":{\"c\":true}}}" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void DeepEquals_AgreesWithFirstDifference(string left, string right)
    {
        var a = JsonCodec.Parse(left);
        var b = JsonCodec.Parse(right);

        Assert.Equal(JsonEquality.FirstDifference(a, b, "$") is null, JsonEquality.DeepEquals(a, b));
    }

    [Fact]
    public void DeepEquals_UndefinedPropertyOnOneSide_CountsAsAbsent()
    {
        var a = new JsObject { ["a"] = 1, ["gone"] = JsValue.Undefined };
        var b = new JsObject { ["a"] = 1 };

        Assert.True(JsonEquality.DeepEquals(a, b));
        Assert.True(JsonEquality.DeepEquals(b, a));
    }

    [Fact]
    public void DeepEquals_NaN_EqualsNaN()
    {
        Assert.True(JsonEquality.DeepEquals(double.NaN, double.NaN));
    }

    [Fact]
    public void DeepClone_WithExtraCapacity_CopiesDeeplyAndKeepsOrder()
    {
        var original = JsObject.Parse("""{"2":"two","a":{"b":[1,2]},"c":3}""");

        var copy = original.DeepClone(5);
        copy["a"].AsObject()["b"].AsArray().Add(3);
        copy["d"] = 4;

        Assert.Equal("""{"2":"two","a":{"b":[1,2]},"c":3}""", JsonCodec.Serialize(original));
        Assert.Equal("""{"2":"two","a":{"b":[1,2,3]},"c":3,"d":4}""", JsonCodec.Serialize(copy));
    }

    [Fact]
    public void DeepClone_LargeObject_KeepsIndexedLookupsWorking()
    {
        var original = new JsObject();
        for (var i = 0; i < 40; i++)
        {
            original["k" + i] = i;
        }

        var copy = original.DeepClone();
        copy.Remove("k3");
        copy["k3"] = "moved";

        Assert.Equal(3, original["k3"].AsNumber());
        Assert.Equal("moved", copy["k3"].AsString());
        Assert.Equal(39, copy["k39"].AsNumber());
        Assert.Equal("k3", copy.KeyAt(39));
    }
}
