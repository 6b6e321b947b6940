using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;
using static Tessera.Engine.Tests.Expressions.Extensions.ExtensionTestKit;

namespace Tessera.Engine.Tests.Expressions.Extensions;

public class NumberBooleanExtensionsTests
{
    [Theory]
    [InlineData(-2.5, 0, -3)]
    [InlineData(2.5, 0, 3)]
    [InlineData(1.005, 2, 1.01)]
    [InlineData(-1.2345, 3, -1.235)]
    [InlineData(1234.5, -2, 1200)]
    public void Round_HalfAwayFromZero(double value, int decimals, double expected) =>
        Assert.Equal(expected, Ext(value, "round", decimals).AsNumber());

    [Fact]
    public void Round_NoArgument_Whole() => Assert.Equal(-3, Ext(-2.5, "round").AsNumber());

    [Fact]
    public void AbsCeilFloor_Basic()
    {
        Assert.Equal(2.5, Ext(-2.5, "abs").AsNumber());
        Assert.Equal(-2, Ext(-2.5, "ceil").AsNumber());
        Assert.Equal(-3, Ext(-2.5, "floor").AsNumber());
    }

    [Fact]
    public void Parity_WholeNumbersOnly()
    {
        Assert.True(Ext(4, "isEven").AsBoolean());
        Assert.True(Ext(-3, "isOdd").AsBoolean());
        Assert.False(Ext(4, "isOdd").AsBoolean());
        Fails(2.5, "isEven");
        Assert.True(Ext(4.0, "isInteger").AsBoolean());
        Assert.False(Ext(4.1, "isInteger").AsBoolean());
    }

    [Fact]
    public void ToBoolean_ZeroIsFalse()
    {
        Assert.False(Ext(0, "toBoolean").AsBoolean());
        Assert.True(Ext(-1, "toBoolean").AsBoolean());
        Assert.False(Ext(1, "isEmpty").AsBoolean());
    }

    [Theory]
    [InlineData(1234567.891, null, "1,234,567.891")]
    [InlineData(1234567.891, "de-DE", "1.234.567,891")]
    [InlineData(0.5, "en-US", "0.5")]
    public void Format_Locales(double value, string? locale, string expected) =>
        Assert.Equal(expected, Ext(value, "format", locale is null ? JsValue.Undefined : locale).AsString());

    [Fact]
    public void Format_Options()
    {
        var currency = new JsObject { { "style", "currency" }, { "currency", "USD" } };
        Assert.Equal("$1,234.50", Ext(1234.5, "format", "en-US", currency).AsString());
        var eur = new JsObject { { "style", "currency" }, { "currency", "EUR" } };
        Assert.Equal("1.234,50\u00a0€", Ext(1234.5, "format", "de-DE", eur).AsString());
        var percent = new JsObject { { "style", "percent" } };
        Assert.Equal("25%", Ext(0.25, "format", "en-US", percent).AsString());
        var digits = new JsObject { { "minimumFractionDigits", 2 }, { "maximumFractionDigits", 2 } };
        Assert.Equal("3.00", Ext(3, "toLocaleString", "en-US", digits).AsString());
    }

    [Fact]
    public void ToDateTime_Units()
    {
        Assert.Equal("2024-01-01T00:00:00.000Z", JsConvert.ToString(Ext(1704067200000, "toDateTime")));
        Assert.Equal("2024-01-01T00:00:00.000Z", JsConvert.ToString(Ext(1704067200, "toDateTime", "s")));
        Assert.Equal("2024-01-01T00:00:00.000Z", JsConvert.ToString(Ext(1704067200000000, "toDateTime", "us")));
        Assert.Equal("2024-01-01T00:00:00.000Z", JsConvert.ToString(Ext(45292, "toDateTime", "excel")));
        Assert.IsType<LuxonDateTime>(Ext(0, "toDateTime").Reference);
    }

    [Fact]
    public void Boolean_ToNumber()
    {
        Assert.Equal(1, Ext(true, "toNumber").AsNumber());
        Assert.Equal(0, Ext(false, "toInt").AsNumber());
        Assert.False(Ext(false, "isEmpty").AsBoolean());
    }
}
