using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;
using static Tessera.Engine.Tests.Expressions.Dates.DateTestKit;

namespace Tessera.Engine.Tests.Expressions.Dates;

/// <summary>Expected values recorded from luxon 3.7.2 on Node 20 (default zone UTC, now = 2024-03-15T12:30:45.123Z).</summary>
public class LuxonCompatibilityTests
{
    private static readonly DateGlobals G = Globals();
    private static readonly JsValue D = Iso(G, "2024-03-05T14:07:09.045Z");

    [Theory]
    [InlineData("ffff", "Tuesday, March 5, 2024 at 2:07\u202FPM UTC")]
    [InlineData("FFF", "March 5, 2024 at 2:07:09\u202FPM UTC")]
    [InlineData("ttt", "2:07:09\u202FPM UTC")]
    [InlineData("tttt", "2:07:09\u202FPM UTC")]
    [InlineData("TTT", "14:07:09 UTC")]
    [InlineData("ZZZZ", "UTC")]
    [InlineData("ZZZZZ", "UTC")]
    [InlineData("EEEEE", "T")]
    [InlineData("MMMMM", "M")]
    [InlineData("G", "AD")]
    [InlineData("GG", "Anno Domini")]
    [InlineData("kk", "24")]
    [InlineData("F", "3/5/2024, 2:07:09\u202FPM")]
    [InlineData("FF", "Mar 5, 2024, 2:07:09\u202FPM")]
    [InlineData("'quoted '' text' yyyy", "quoted  text 2024")]
    [InlineData("yyyy-MM-dd Q HH:mm:ss.u", "2024-03-05 Q 14:07:09.045")]
    public void ToFormat_MatchesLuxon(string format, string expected) =>
        Assert.Equal(expected, Str(Call(D, "toFormat", format)));

    [Theory]
    [InlineData("DATETIME_HUGE", "Tuesday, March 5, 2024 at 2:07\u202FPM UTC")]
    [InlineData("DATETIME_FULL", "March 5, 2024 at 2:07\u202FPM UTC")]
    [InlineData("DATE_MED_WITH_WEEKDAY", "Tue, Mar 5, 2024")]
    [InlineData("TIME_24_WITH_SHORT_OFFSET", "14:07:09 UTC")]
    [InlineData("DATETIME_SHORT", "3/5/2024, 2:07\u202FPM")]
    public void ToLocaleString_MatchesLuxon(string preset, string expected) =>
        Assert.Equal(expected, Str(Call(D, "toLocaleString", Member(G.DateTime, preset))));

    [Fact]
    public void ZoneNames_MatchLuxon()
    {
        var dt = Iso(G, "2024-01-05T14:07:09Z");
        Assert.Equal("EST Eastern Standard Time 9:07:09 AM EST", Str(Call(Call(dt, "setZone", "America/New_York"), "toFormat", "ZZZZ ZZZZZ ttt")));
        Assert.Equal("GMT+1 Central European Standard Time", Str(Call(Call(dt, "setZone", "Europe/Berlin"), "toFormat", "ZZZZ ZZZZZ")));
    }

    [Theory]
    [InlineData("UTC", "2:07\u202FPM 2:07:09\u202FPM UTC")]
    [InlineData("UTC+3", "5:07 PM 5:07:09 PM GMT+3")]
    [InlineData("UTC-5:30", "8:37\u202FAM 8:37:09\u202FAM UTC-5:30")]
    [InlineData("Etc/GMT+2", "12:07 PM 12:07:09 PM GMT-2")]
    [InlineData("Europe/Berlin", "3:07 PM 3:07:09 PM GMT+1")]
    public void TimeMacros_SeparatorAndZoneNameDependOnZoneKind(string zone, string expected) =>
        Assert.Equal(expected, Str(Call(Call(Iso(G, "2024-03-05T14:07:09Z"), "setZone", zone), "toFormat", "t ttt")));

    [Fact]
    public void Diff_MatchesLuxon()
    {
        Assert.Equal(1.4827586206896552, Member(Call(Iso(G, "2024-02-15"), "diff", Iso(G, "2024-01-01"), "months"), "months").AsNumber(), 12);
        Assert.Equal("{\"months\":-2,\"days\":-16,\"hours\":-12}",
            Str(Call(Call(Iso(G, "2024-01-15"), "diff", Iso(G, "2024-03-31T12:00:00Z"), new JsArray(["months", "days", "hours"])), "toObject")));
        Assert.Equal(10.928571428571429, Member(Call(Iso(G, "2024-03-31T12:00:00Z"), "diff", Iso(G, "2024-01-15T00:00:00Z"), "weeks"), "weeks").AsNumber(), 12);
        Assert.Equal("{\"years\":3,\"hours\":1836}",
            Str(Call(Call(Iso(G, "2024-03-31T12:00:00Z"), "diff", Iso(G, "2021-01-15T00:00:00Z"), new JsArray(["years", "hours"])), "toObject")));
    }

    [Fact]
    public void Relative_MatchesLuxon()
    {
        Assert.Equal("in 0 seconds", Str(Call(Call(G.DateTime, "now"), "toRelative")));
        Assert.Equal("5 seconds ago", Str(Call(Iso(G, "2024-03-15T12:30:40Z"), "toRelative")));
        Assert.Equal("in 2 months", Str(Call(Iso(G, "2024-05-16T01:00:00Z"), "toRelativeCalendar")));
    }

    [Fact]
    public void Duration_MatchesLuxon()
    {
        JsValue Dur(params (string, JsValue)[] units) => Call(G.Duration, "fromObject", Obj(units));
        Assert.Equal(120, Call(Dur(("hours", 2)), "as", "minutes").AsNumber());
        Assert.Equal("{\"days\":2,\"hours\":18}", Str(Call(Call(Dur(("days", 1.5), ("hours", 30)), "shiftTo", "days", "hours"), "toObject")));
        Assert.Equal("{\"years\":1,\"months\":2}", Str(Call(Call(Dur(("months", 14)), "shiftTo", "years", "months"), "toObject")));
        Assert.Equal(365, Call(Dur(("years", 1)), "as", "days").AsNumber());
        Assert.Equal(12, Call(Dur(("years", 1)), "as", "months").AsNumber());
        Assert.Equal(4, Call(Dur(("months", 1)), "as", "weeks").AsNumber());
        Assert.Equal("{\"days\":1,\"hours\":1,\"minutes\":1,\"seconds\":1,\"milliseconds\":1}",
            Str(Call(Call(Call(G.Duration, "fromMillis", 90061001), "shiftTo", "days", "hours", "minutes", "seconds", "milliseconds"), "toObject")));
        Assert.Equal("PT1H30M", Str(Call(Dur(("hours", 1), ("minutes", 30)), "toISO")));
        Assert.Equal("PT1.5S", Str(Call(Dur(("seconds", 1.5)), "toISO")));
        Assert.Equal("PT0S", Str(Call(Dur(), "toISO")));
        Assert.Equal("{\"years\":1,\"months\":2,\"days\":3,\"hours\":4,\"minutes\":5,\"seconds\":6,\"milliseconds\":500}",
            Str(Call(Call(G.Duration, "fromISO", "P1Y2M3DT4H5M6.5S"), "toObject")));
        Assert.Equal("1 day, 2 hours", Str(Call(Dur(("days", 1), ("hours", 2)), "toHuman")));
        Assert.Equal("{\"hours\":0,\"minutes\":30}", Str(Call(Call(Dur(("hours", -1), ("minutes", 90)), "shiftTo", "hours", "minutes"), "toObject")));
        Assert.Equal(604800000, Call(Dur(("weeks", 1)), "toMillis").AsNumber());
    }

    [Theory]
    [InlineData("5 jan 24", "d MMM yy", "2024-01-05T00:00:00.000Z")]
    [InlineData("10:30", "HH:mm", "2024-03-15T10:30:00.000Z")]
    [InlineData("2024-01-05 Europe/Paris", "yyyy-MM-dd z", "2024-01-04T23:00:00.000Z")]
    [InlineData("Jan 5, 2024", "DD", "2024-01-05T00:00:00.000Z")]
    [InlineData("1/5/2024", "D", "2024-01-05T00:00:00.000Z")]
    public void FromFormat_MatchesLuxon(string text, string format, string expected) =>
        Assert.Equal(expected, Str(Call(Call(G.DateTime, "fromFormat", text, format), "toISO")));

    [Fact]
    public void FromFormat_SetZone_KeepsParsedZone() =>
        Assert.Equal("2024-01-05T00:00:00.000+01:00",
            Str(Call(Call(G.DateTime, "fromFormat", "2024-01-05 Europe/Paris", "yyyy-MM-dd z", Obj(("setZone", true))), "toISO")));

    [Fact]
    public void Sql_MatchesLuxon()
    {
        Assert.Equal("2024-03-05 14:07:09.045 Z", Str(Call(D, "toSQL")));
        Assert.Equal("2024-01-05T09:20:30.000Z", Str(Call(Call(G.DateTime, "fromSQL", "2024-01-05 10:20:30 Europe/Paris"), "toISO")));
        Assert.Equal("2024-03-15T10:20:30.000Z", Str(Call(Call(G.DateTime, "fromSQL", "10:20:30"), "toISO")));
    }

    [Theory]
    [InlineData("2024-01-05T10:20:30+0200", "2024-01-05T08:20:30.000Z")]
    [InlineData("2024-01-05T10", "2024-01-05T10:00:00.000Z")]
    [InlineData("10:20", "2024-03-15T10:20:00.000Z")]
    [InlineData("2024-01-05T24:00", "2024-01-06T00:00:00.000Z")]
    [InlineData("+002024-01-05", "2024-01-05T00:00:00.000Z")]
    [InlineData("2024-01-05T10:20:30.123456789Z", "2024-01-05T10:20:30.123Z")]
    public void FromISO_MatchesLuxon(string text, string expected) =>
        Assert.Equal(expected, Str(Call(Iso(G, text), "toISO")));

    [Fact]
    public void FromISO_SpaceSeparator_IsInvalid() =>
        Assert.False(Member(Iso(G, "2024-01-05 10:20"), "isValid").AsBoolean());

    [Fact]
    public void Misc_MatchesLuxon()
    {
        Assert.Equal("14:07:09.045Z", Str(Call(D, "toISOTime", Obj(("suppressSeconds", true)))));
        Assert.Equal("2024-03-04T00:00:00.000Z", Str(Call(Call(D, "startOf", "week"), "toISO")));
        Assert.Equal("2024-03-31T23:59:59.999Z", Str(Call(Call(D, "endOf", "quarter"), "toISO")));
        Assert.Equal("2024-03-10T14:07:09.045Z", Str(Call(Call(D, "set", Obj(("weekday", 7))), "toISO")));
        Assert.Equal("2024-01-01T14:07:09.045Z", Str(Call(Call(D, "set", Obj(("ordinal", 1))), "toISO")));
        Assert.Equal("+012345-01-01T00:00:00.000Z", Str(Call(Call(G.DateTime, "utc", 12345, 1, 1), "toISO")));
    }

    [Fact]
    public void PlusFractions_MatchLuxon()
    {
        Assert.Equal("2024-03-07T02:07:09.045Z", Str(Call(Call(D, "plus", Obj(("days", 1.5))), "toISO")));
        Assert.Equal("2024-04-20T14:07:09.045Z", Str(Call(Call(D, "plus", Obj(("months", 1.5))), "toISO")));
        Assert.Equal("2023-12-05T14:07:09.045Z", Str(Call(Call(D, "minus", Obj(("quarters", 1))), "toISO")));
    }

    [Fact]
    public void DstGapAndOverlap_MatchLuxon()
    {
        Assert.Equal("2024-03-10T03:30:00.000-04:00", Str(Call(Iso(G, "2024-03-10T02:30", Obj(("zone", "America/New_York"))), "toISO")));
        Assert.Equal("2024-11-03T01:30:00.000-04:00", Str(Call(Iso(G, "2024-11-03T01:30", Obj(("zone", "America/New_York"))), "toISO")));
    }

    [Fact]
    public void Interval_MatchesLuxon()
    {
        var interval = Call(G.Interval, "fromDateTimes", Iso(G, "2024-01-01"), Iso(G, "2024-03-15"));
        Assert.Equal(2.4516129032258065, Call(interval, "length", "months").AsNumber(), 12);
        Assert.Equal(3, Call(interval, "count", "months").AsNumber());
        Assert.Equal("[2024-01-01T00:00:00.000Z – 2024-03-15T00:00:00.000Z)", Str(Call(interval, "toString")));
    }

    [Fact]
    public void Invalid_Explanations_MatchLuxon()
    {
        Assert.Equal("you specified 13 (of type number) as a month, which is invalid",
            Str(Member(Call(G.DateTime, "fromObject", Obj(("month", 13))), "invalidExplanation")));
        Assert.Equal("Invalid DateTime", Str(Call(Iso(G, "x"), "toFormat", "yyyy")));
        Assert.False(Member(Call(Iso(G, "x"), "plus", Obj(("days", 1))), "isValid").AsBoolean());
    }
}

/// <summary>Duration.toFormat, recorded from luxon 3.7.2.</summary>
public class DurationFormatTests
{
    [Theory]
    [InlineData("PT1H30M", "hh:mm", "01:30")]
    [InlineData("PT1H30M", "h:m:s", "1:30:0")]
    [InlineData("PT90M", "hh:mm", "01:30")]
    [InlineData("P1DT2H", "d hh", "1 02")]
    [InlineData("P1DT2H", "hh", "26")]
    [InlineData("PT1.5S", "s.SSS", "1.500")]
    [InlineData("PT36H", "d 'days' h 'h'", "1 days 12 h")]
    [InlineData("P2M10D", "M d", "2 10")]
    [InlineData("PT0S", "hh:mm:ss", "00:00:00")]
    [InlineData("PT1H30M45.5S", "hh:mm:ss", "01:30:45")]
    [InlineData("P1Y2M", "y M", "1 2")]
    [InlineData("PT59.9999S", "ss", "59")]
    [InlineData("P1W", "d", "7")]
    [InlineData("PT1H", "mm", "60")]
    public void ToFormat_MatchesLuxon(string iso, string format, string expected)
    {
        var g = DateTestKit.Globals();
        Assert.Equal(expected, DateTestKit.Str(DateTestKit.Call(DateTestKit.Call(g.Duration, "fromISO", iso), "toFormat", format)));
    }

    [Fact]
    public void ToFormat_Negative_SignsEachUnit()
    {
        var g = DateTestKit.Globals();
        var d = DateTestKit.Call(g.Duration, "fromObject", DateTestKit.Obj(("hours", -1), ("minutes", -30)));
        Assert.Equal("-01:-30", DateTestKit.Str(DateTestKit.Call(d, "toFormat", "hh:mm")));
    }
}

/// <summary>Zone names as n8n-workflow 2.8.0 resolves them (workflow zone Europe/Berlin on a UTC server).</summary>
public class ZoneNameTests
{
    private static readonly DateGlobals Berlin = DateTestKit.Globals("Europe/Berlin");

    private static JsValue At(string zone) => DateTestKit.Call(DateTestKit.Iso(Berlin, "2024-03-16T10:00:00Z"), "setZone", zone);

    [Theory]
    [InlineData("local", "2024-03-16T10:00:00.000+00:00", "UTC")]
    [InlineData("system", "2024-03-16T10:00:00.000+00:00", "UTC")]
    [InlineData("default", "2024-03-16T11:00:00.000+01:00", "Europe/Berlin")]
    [InlineData("utc", "2024-03-16T10:00:00.000Z", "UTC")]
    [InlineData("gmt", "2024-03-16T10:00:00.000Z", "UTC")]
    [InlineData("UTC+0", "2024-03-16T10:00:00.000Z", "UTC")]
    [InlineData("utc-3", "2024-03-16T07:00:00.000-03:00", "UTC-3")]
    [InlineData("Etc/UTC", "2024-03-16T10:00:00.000+00:00", "Etc/UTC")]
    public void SetZone_Names_ResolveAsLuxon(string zone, string iso, string name)
    {
        Assert.Equal(iso, DateTestKit.Str(DateTestKit.Call(At(zone), "toISO")));
        Assert.Equal(name, DateTestKit.Str(DateTestKit.Member(At(zone), "zoneName")));
    }

    [Theory]
    [InlineData("z")]
    [InlineData("+02:00")]
    [InlineData("Mars/Olympus")]
    public void SetZone_UnknownNames_AreInvalid(string zone) => Assert.False(DateTestKit.Member(At(zone), "isValid").AsBoolean());

    [Fact]
    public void SystemZone_PrintsLikeAnIanaZone() =>
        Assert.Equal("UTC Coordinated Universal Time UTC 10:00 AM", DateTestKit.Str(DateTestKit.Call(At("local"), "toFormat", "ZZZZ ZZZZZ z t")));
}
