using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;
using static Tessera.Engine.Tests.Expressions.Dates.DateTestKit;

namespace Tessera.Engine.Tests.Expressions.Dates;

/// <summary>Expected values recorded from Node 20 (TZ=UTC unless a zone is named).</summary>
public class JsDateTests
{
    private static JsValue New(DateGlobals g, params JsValue[] args) => ((IJsConstructor)g.Date.Reference!).Construct(args);

    [Fact]
    public void Construct_Epoch_PrintsJsFormats()
    {
        var d = New(Globals(), 0);
        Assert.Equal("Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)", JsConvert.ToString(d));
        Assert.Equal("1970-01-01T00:00:00.000Z", Str(Call(d, "toISOString")));
        Assert.Equal("Thu Jan 01 1970", Str(Call(d, "toDateString")));
        Assert.Equal("Thu, 01 Jan 1970 00:00:00 GMT", Str(Call(d, "toUTCString")));
        Assert.Equal("12:00:00 AM", Str(Call(d, "toLocaleTimeString")));
        Assert.Equal("1/1/1970, 12:00:00 AM", Str(Call(d, "toLocaleString")));
        Assert.Equal("1/1/1970", Str(Call(d, "toLocaleDateString")));
        Assert.Equal("\"1970-01-01T00:00:00.000Z\"", JsonCodec.Serialize(((IJsonConvertible)d.Reference!).ToJsonValue()));
        Assert.Equal(0, JsConvert.ToNumber(d));
    }

    [Fact]
    public void Construct_Components_UseWorkflowZone()
    {
        var utc = New(Globals(), 2024, 0, 31);
        Assert.Equal("2024-01-31T00:00:00.000Z", Str(Call(utc, "toISOString")));
        var berlin = New(Globals("Europe/Berlin"), 2024, 5, 5, 10);
        Assert.Equal("2024-06-05T08:00:00.000Z", Str(Call(berlin, "toISOString")));
        Assert.Equal("Wed Jun 05 2024 10:00:00 GMT+0200 (Central European Summer Time)", JsConvert.ToString(berlin));
        Assert.Equal(-120, Call(berlin, "getTimezoneOffset").AsNumber());
        Assert.Equal("1999-02-01T00:00:00.000Z", Str(Call(New(Globals(), 99, 1), "toISOString")));
        Assert.Equal("2024-03-01T00:00:00.000Z", Str(Call(New(Globals(), 2024, 1, 30), "toISOString")));
    }

    [Theory]
    [InlineData("2024-01-15 10:00", 1705312800000)]
    [InlineData("Jan 15 2024", 1705276800000)]
    [InlineData("2024/01/15", 1705276800000)]
    [InlineData("1/15/2024 10:00 PM", 1705356000000)]
    [InlineData("15 January 2024 10:00 GMT+0200", 1705305600000)]
    [InlineData("2024-01-15T10:00", 1705312800000)]
    [InlineData("2024-01-15", 1705276800000)]
    [InlineData("2024-01-15T10:00:00.5+01:00", 1705309200500)]
    [InlineData("Mon, 15 Jan 2024 10:00:00 GMT", 1705312800000)]
    public void Parse_Forms_MatchNode(string text, double expected) =>
        Assert.Equal(expected, Call(Globals().Date, "parse", text).AsNumber());

    [Theory]
    [InlineData("not a date")]
    [InlineData("2024-13-01")]
    [InlineData("")]
    public void Parse_Garbage_IsNaN(string text) => Assert.True(double.IsNaN(Call(Globals().Date, "parse", text).AsNumber()));

    [Fact]
    public void Parse_DateOnlyIsUtc_DateTimeIsLocal()
    {
        var g = Globals("Europe/Berlin");
        Assert.Equal(1705276800000, Call(g.Date, "parse", "2024-01-15").AsNumber());
        Assert.Equal(1705309200000, Call(g.Date, "parse", "2024-01-15T10:00").AsNumber());
    }

    [Fact]
    public void InvalidDate_Semantics()
    {
        var d = New(Globals(), "nope");
        Assert.Equal("Invalid Date", JsConvert.ToString(d));
        Assert.True(double.IsNaN(Call(d, "getTime").AsNumber()));
        Assert.True(double.IsNaN(Call(d, "getFullYear").AsNumber()));
        Assert.True(Call(d, "toJSON").IsNull);
        var e = Assert.Throws<JsHostException>(() => Call(d, "toISOString"));
        Assert.Equal("RangeError", e.ErrorName);
    }

    [Fact]
    public void Getters_LocalAndUtc()
    {
        var d = New(Globals("America/New_York"), "2024-03-05T02:07:09.045Z");
        Assert.Equal(2024, Call(d, "getFullYear").AsNumber());
        Assert.Equal(2, Call(d, "getMonth").AsNumber());
        Assert.Equal(4, Call(d, "getDate").AsNumber());
        Assert.Equal(1, Call(d, "getDay").AsNumber());
        Assert.Equal(21, Call(d, "getHours").AsNumber());
        Assert.Equal(5, Call(d, "getUTCDate").AsNumber());
        Assert.Equal(2, Call(d, "getUTCHours").AsNumber());
        Assert.Equal(7, Call(d, "getMinutes").AsNumber());
        Assert.Equal(9, Call(d, "getSeconds").AsNumber());
        Assert.Equal(45, Call(d, "getMilliseconds").AsNumber());
        Assert.Equal(2, Call(d, "getUTCDay").AsNumber());
    }

    [Fact]
    public void Setters_MutateAndOverflow()
    {
        var d = New(Globals(), "2024-01-31T10:00:00Z");
        Assert.Equal(1709373600000, Call(d, "setMonth", 1).AsNumber());
        Assert.Equal("2024-03-02T10:00:00.000Z", Str(Call(d, "toISOString")));
        Call(d, "setHours", 25, 30);
        Assert.Equal("2024-03-03T01:30:00.000Z", Str(Call(d, "toISOString")));
        Call(d, "setUTCFullYear", 2020, 0, 1);
        Assert.Equal("2020-01-01T01:30:00.000Z", Str(Call(d, "toISOString")));
        Call(d, "setTime", 0);
        Assert.Equal(0, Call(d, "getTime").AsNumber());
        Call(d, "setDate", 0);
        Assert.Equal("1969-12-31T00:00:00.000Z", Str(Call(d, "toISOString")));
    }

    [Fact]
    public void Statics_NowUtcAndCall()
    {
        var g = Globals();
        Assert.Equal(FixedNow.ToUnixTimeMilliseconds(), Call(g.Date, "now").AsNumber());
        Assert.Equal(1709647629045, Call(g.Date, "UTC", 2024, 2, 5, 14, 7, 9, 45).AsNumber());
        Assert.Equal("Fri Mar 15 2024 12:30:45 GMT+0000 (Coordinated Universal Time)", ((IJsCallable)g.Date.Reference!).Call(JsValue.Undefined, []).AsString());
        Assert.Equal(FixedNow.ToUnixTimeMilliseconds(), JsConvert.ToNumber(New(g)));
        Assert.Equal("function", JsConvert.TypeOf(g.Date));
    }

    [Fact]
    public void Construct_FromDateAndDateTime_CopiesInstant()
    {
        var g = Globals();
        var original = New(g, 5000);
        Assert.Equal(5000, JsConvert.ToNumber(New(g, original)));
        Assert.Equal(1000, JsConvert.ToNumber(New(g, Call(g.DateTime, "fromMillis", 1000))));
    }

    [Fact]
    public void FromJSDate_KeepsInstant()
    {
        var g = Globals("Europe/Berlin");
        var dt = Call(g.DateTime, "fromJSDate", New(g, 0));
        Assert.Equal("1970-01-01T01:00:00.000+01:00", JsConvert.ToString(dt));
    }
}
