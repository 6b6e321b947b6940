using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;
using Tessera.Engine.Tests.Expressions.Dates;
using static Tessera.Engine.Tests.Expressions.Extensions.ExtensionTestKit;

namespace Tessera.Engine.Tests.Expressions.Extensions;

public class DateExtensionsTests
{
    private static readonly DateGlobals G = DateTestKit.Globals();

    private static JsValue Dt(string iso) => DateTestKit.Iso(G, iso);

    private static JsValue Date(string iso) => ((IJsConstructor)G.Date.Reference!).Construct([iso]);

    [Fact]
    public void BeginningOf_DefaultWeek()
    {
        Assert.Equal("2024-03-11T00:00:00.000Z", JsConvert.ToString(Ext(Dt("2024-03-14T10:00:00Z"), "beginningOf")));
        Assert.Equal("2024-03-01T00:00:00.000Z", JsConvert.ToString(Ext(Dt("2024-03-14T10:00:00Z"), "beginningOf", "month")));
        Fails(Dt("2024-03-14T10:00:00Z"), "beginningOf", "fortnight");
    }

    [Fact]
    public void EndOfMonth_LastMillisecond() =>
        Assert.Equal("2024-02-29T23:59:59.999Z", JsConvert.ToString(Ext(Dt("2024-02-10T10:00:00Z"), "endOfMonth")));

    [Fact]
    public void Extract_Parts()
    {
        var dt = Dt("2024-03-14T10:20:30Z");
        Assert.Equal(11, Ext(dt, "extract").AsNumber());
        Assert.Equal(2024, Ext(dt, "extract", "year").AsNumber());
        Assert.Equal(3, Ext(dt, "extract", "month").AsNumber());
        Assert.Equal(14, Ext(dt, "extract", "day").AsNumber());
        Assert.Equal(20, Ext(dt, "extract", "minute").AsNumber());
        Fails(dt, "extract", "eon");
    }

    [Fact]
    public void Format_UsesLuxonTokens() =>
        Assert.Equal("14/03/2024", Ext(Dt("2024-03-14T10:20:30Z"), "format", "dd/MM/yyyy").AsString());

    [Fact]
    public void IsBetween_Exclusive()
    {
        var dt = Dt("2024-03-14T10:00:00Z");
        Assert.True(Ext(dt, "isBetween", "2024-03-01", "2024-04-01").AsBoolean());
        Assert.True(Ext(dt, "isBetween", Dt("2024-04-01"), Dt("2024-03-01")).AsBoolean());
        Assert.False(Ext(dt, "isBetween", "2024-03-14T10:00:00Z", "2024-04-01").AsBoolean());
        Fails(dt, "isBetween", "2024-03-01");
    }

    [Fact]
    public void IsInLast_RelativeToClock()
    {
        Assert.True(Ext(Dt("2024-03-15T12:00:00Z"), "isInLast", 1, "hour").AsBoolean());
        Assert.False(Ext(Dt("2024-03-15T10:00:00Z"), "isInLast", 1, "hours").AsBoolean());
        Assert.True(Ext(Dt("2024-03-10T10:00:00Z"), "isInLast", 1, "week").AsBoolean());
    }

    [Fact]
    public void IsWeekendAndIsDst()
    {
        Assert.True(Ext(Dt("2024-03-16T10:00:00Z"), "isWeekend").AsBoolean());
        Assert.False(Ext(Dt("2024-03-15T10:00:00Z"), "isWeekend").AsBoolean());
        var summer = DateTestKit.Iso(DateTestKit.Globals("Europe/Berlin"), "2024-07-01T10:00:00Z");
        Assert.True(Ext(summer, "isDst").AsBoolean());
        Assert.False(Ext(Dt("2024-07-01T10:00:00Z"), "isDst").AsBoolean());
    }

    [Fact]
    public void PlusMinus_OnJsDate_ReturnsDate()
    {
        var result = Ext(Date("2024-01-31T00:00:00Z"), "plus", 1, "month");
        Assert.IsType<JsDate>(result.Reference);
        Assert.Equal("2024-02-29T00:00:00.000Z", ((JsDate)result.Reference!).ToIsoString());
        var minus = Ext(Date("2024-01-31T00:00:00Z"), "minus", 30);
        Assert.Equal("2024-01-30T23:59:59.970Z", ((JsDate)minus.Reference!).ToIsoString());
        var minutes = Ext(Date("2024-01-31T00:00:00Z"), "minus", 30, "minutes");
        Assert.Equal("2024-01-30T23:30:00.000Z", ((JsDate)minutes.Reference!).ToIsoString());
    }

    [Fact]
    public void ToDateTime_FromDate()
    {
        var dt = Ext(Date("2024-01-31T00:00:00Z"), "toDateTime");
        Assert.IsType<LuxonDateTime>(dt.Reference);
        Assert.Equal("2024-01-31T00:00:00.000Z", JsConvert.ToString(dt));
    }

    [Fact]
    public void DiffTo_UnitsAndArray()
    {
        var dt = Dt("2024-03-30T18:49:07.234Z");
        // n8n returns this minus the other date (negative when the other is later).
        Assert.Equal(-276.2159, Ext(dt, "diffTo", "2025-01-01", "days").AsNumber(), 4);
        Assert.Equal("{\"months\":-9,\"days\":-1}", Json(Ext(Dt("2024-03-31T00:00:00Z"), "diffTo", Dt("2025-01-01T00:00:00Z"), new JsArray(["months", "days"]))));
        Assert.Equal(1, Ext(Dt("2024-03-16T12:30:45.123Z"), "diffToNow", "days").AsNumber());
    }

    [Fact]
    public void WrongTypeArgument_Fails() => Fails(Dt("2024-03-30T18:49:07.234Z"), "diffTo", 5);
}

/// <summary>Workflow zone Europe/Berlin on a UTC server, values recorded from n8n-workflow 2.8.0.</summary>
public class DateExtensionsWorkflowZoneTests
{
    private static readonly Tessera.Engine.Expressions.ExpressionContext Berlin = ExtensionTestKit.Context("Europe/Berlin");

    private static JsValue Date(double ms) =>
        ((IJsConstructor)DateGlobals.For(Berlin.Execution).Date.Reference!).Construct([ms]);

    [Fact]
    public void JsDateReceiver_ReadInWorkflowZone()
    {
        Assert.Equal("01:00", Ext(Berlin, Date(0), "format", "HH:mm").AsString());
        Assert.Equal("1970-01-01T01:00:00.000+01:00", JsConvert.ToString(Ext(Berlin, Date(0), "toDateTime")));
        Assert.Equal("Fri Jan 02 1970 00:00:00 GMT+0000 (Coordinated Universal Time)", JsConvert.ToString(Ext(Berlin, Date(0), "plus", 1, "day")));
        Assert.Equal("1970-01-01T01:00:00.000+01:00", JsConvert.ToString(Ext(Berlin, 0, "toDateTime")));
    }

    [Fact]
    public void StringToDate_UsesServerZone()
    {
        Assert.Equal("2024-01-01T10:00:00.000Z", ((JsDate)Ext(Berlin, "2024-01-01 10:00", "toDate").Reference!).ToIsoString());
        Assert.Equal("2024-01-05T11:00:00.000+01:00", JsConvert.ToString(Ext(Berlin, "Jan 5 2024 10:00", "toDateTime")));
        Assert.Equal("2024-01-01T10:00:00.000+01:00", JsConvert.ToString(Ext(Berlin, "2024-01-01T10:00:00", "toDateTime")));
    }
}
