using Tessera.Engine.Data;

namespace Tessera.Engine.Tests.Expressions;

public sealed class JsConversionTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-42.0, "-42")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    [InlineData(100.5, "100.5")]
    [InlineData(-1e-7, "-1e-7")]
    public void NumberToString_MatchesJavaScript(double value, string expected)
    {
        Assert.Equal(expected, JsNumber.ToString(value));
    }

    [Theory]
    [InlineData("", 0.0)]
    [InlineData("  12  ", 12.0)]
    [InlineData("0x10", 16.0)]
    [InlineData("0b101", 5.0)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("1e3", 1000.0)]
    [InlineData(".5", 0.5)]
    [InlineData("12px", double.NaN)]
    [InlineData("1,000", double.NaN)]
    public void StringToNumber_MatchesJavaScript(string text, double expected)
    {
        Assert.Equal(expected, JsConvert.StringToNumber(text));
    }

    [Fact]
    public void CyclicArray_ToString_DoesNotOverflow()
    {
        var host = ExpressionTestHost.WithItem("{}");
        Assert.Equal("\"1,\"", host.Json("(() => { const a = [1]; a.push(a); return a + '' })()"));
        Assert.Equal("undefined", host.Json("(() => { const o = {}; o.self = o; return JSON.stringify(o) })()"));
    }

    [Theory]
    [InlineData("''", false)]
    [InlineData("'0'", true)]
    [InlineData("0", false)]
    [InlineData("NaN", false)]
    [InlineData("[]", true)]
    [InlineData("{}", true)]
    [InlineData("null", false)]
    [InlineData("-0", false)]
    public void Truthiness_MatchesJavaScript(string literal, bool expected)
    {
        var host = ExpressionTestHost.WithItem("{}");
        Assert.Equal(expected ? "true" : "false", host.Json($"!!({literal})"));
    }
}
