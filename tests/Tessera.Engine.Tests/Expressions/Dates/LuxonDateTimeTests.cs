using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;
using static Tessera.Engine.Tests.Expressions.Dates.DateTestKit;

namespace Tessera.Engine.Tests.Expressions.Dates;

public class LuxonDateTimeTests
{
    [Fact]
    public void FromISO_UtcOffset_PrintsZ()
    {
        var dt = Iso(Globals(), "2024-01-15T10:30:00Z");
        Assert.Equal("2024-01-15T10:30:00.000Z", Str(Call(dt, "toISO")));
    }

    [Fact]
    public void FromISO_OffsetText_ConvertsToWorkflowZone()
    {
        var dt = Iso(Globals("Europe/Berlin"), "2024-01-15T10:30:00Z");
        Assert.Equal("2024-01-15T11:30:00.000+01:00", Str(Call(dt, "toISO")));
        Assert.Equal("Europe/Berlin", Str(Member(dt, "zoneName")));
    }

    [Fact]
    public void FromISO_SetZone_KeepsTextOffset()
    {
        var dt = Iso(Globals(), "2024-01-15T10:30:00+05:00", Obj(("setZone", true)));
        Assert.Equal("2024-01-15T10:30:00.000+05:00", Str(Call(dt, "toISO")));
        Assert.Equal("UTC+5", Str(Member(dt, "zoneName")));
    }

    [Fact]
    public void FromISO_NoOffset_ReadsLocalTimeInZoneOption()
    {
        var dt = Iso(Globals(), "2024-07-01T09:00", Obj(("zone", "America/New_York")));
        Assert.Equal("2024-07-01T09:00:00.000-04:00", Str(Call(dt, "toISO")));
        Assert.Equal(Date(2024, 7, 1, 13), Call(dt, "toMillis").AsNumber());
    }

    [Theory]
    [InlineData("2024-01-15", "2024-01-15T00:00:00.000Z")]
    [InlineData("20240115T1030", "2024-01-15T10:30:00.000Z")]
    [InlineData("2024-W03-1", "2024-01-15T00:00:00.000Z")]
    [InlineData("2024-015", "2024-01-15T00:00:00.000Z")]
    [InlineData("2024-01-15T10:30:15.5+01:00", "2024-01-15T09:30:15.500Z")]
    public void FromISO_Variants_Parse(string text, string expected) =>
        Assert.Equal(expected, Str(Call(Iso(Globals(), text), "toISO")));

    [Fact]
    public void FromISO_Garbage_IsInvalid()
    {
        var dt = Iso(Globals(), "not a date");
        Assert.False(Member(dt, "isValid").AsBoolean());
        Assert.Equal("unparsable", Str(Member(dt, "invalidReason")));
        Assert.Equal("Invalid DateTime", JsConvert.ToString(dt));
        Assert.True(Call(dt, "toISO").IsNull);
        Assert.True(double.IsNaN(Member(dt, "year").AsNumber()));
    }

    [Fact]
    public void FromISO_OutOfRangeMonth_IsInvalidWithReason()
    {
        var dt = Iso(Globals(), "2024-13-01");
        Assert.Equal("unit out of range", Str(Member(dt, "invalidReason")));
    }

    [Theory]
    [InlineData("yyyy-MM-dd HH:mm:ss.SSS", "2024-03-05 14:07:09.045")]
    [InlineData("yy M d H m s S", "24 3 5 14 7 9 45")]
    [InlineData("EEEE, MMMM d, yyyy h:mm a", "Tuesday, March 5, 2024 2:07 PM")]
    [InlineData("EEE MMM dd hh:mm", "Tue Mar 05 02:07")]
    [InlineData("'Week' W 'of' kkkk, 'day' o, 'Q'q", "Week 10 of 2024, day 65, Q1")]
    [InlineData("ccc cccc c LLL LLLL L", "Tue Tuesday 2 Mar March 3")]
    [InlineData("ZZ ZZZ Z z", "+00:00 +0000 +0 UTC")]
    [InlineData("D", "3/5/2024")]
    [InlineData("DD", "Mar 5, 2024")]
    [InlineData("DDD", "March 5, 2024")]
    [InlineData("DDDD", "Tuesday, March 5, 2024")]
    [InlineData("T", "14:07")]
    [InlineData("TT", "14:07:09")]
    [InlineData("t", "2:07\u202FPM")]
    [InlineData("f", "3/5/2024, 2:07\u202FPM")]
    [InlineData("ff", "Mar 5, 2024, 2:07\u202FPM")]
    [InlineData("fff", "March 5, 2024 at 2:07\u202FPM UTC")]
    [InlineData("X x", "1709647629 1709647629045")]
    [InlineData("uu uuu", "04 0")]
    public void ToFormat_Tokens_MatchLuxon(string format, string expected)
    {
        var dt = Iso(Globals(), "2024-03-05T14:07:09.045Z");
        Assert.Equal(expected, Str(Call(dt, "toFormat", format)));
    }

    [Fact]
    public void ToFormat_OffsetZone_PrintsOffsetTokens()
    {
        var dt = Iso(Globals("Asia/Kolkata"), "2024-03-05T00:00:00Z");
        Assert.Equal("+05:30 +0530 +5:30 Asia/Kolkata", Str(Call(dt, "toFormat", "ZZ ZZZ Z z")));
    }

    [Fact]
    public void Plus_Month_ClampsDay()
    {
        var dt = Iso(Globals(), "2024-01-31T10:00:00Z");
        Assert.Equal("2024-02-29T10:00:00.000Z", Str(Call(Call(dt, "plus", Obj(("months", 1))), "toISO")));
        Assert.Equal("2022-02-28T10:00:00.000Z", Str(Call(Call(dt, "minus", Obj(("years", 1), ("months", 11))), "toISO")));
    }

    [Fact]
    public void Plus_NumberAndUnit_N8nForm()
    {
        var dt = Iso(Globals(), "2024-01-31T10:00:00Z");
        Assert.Equal("2024-02-03T10:00:00.000Z", Str(Call(Call(dt, "plus", 3, "days"), "toISO")));
        Assert.Equal("2024-01-31T10:00:00.500Z", Str(Call(Call(dt, "plus", 500), "toISO")));
    }

    [Fact]
    public void Plus_DayAcrossDst_KeepsWallClock()
    {
        var dt = Iso(Globals("America/New_York"), "2024-03-09T12:00:00", Obj(("zone", "America/New_York")));
        Assert.Equal("2024-03-10T12:00:00.000-04:00", Str(Call(Call(dt, "plus", Obj(("days", 1))), "toISO")));
        Assert.Equal("2024-03-10T13:00:00.000-04:00", Str(Call(Call(dt, "plus", Obj(("hours", 24))), "toISO")));
    }

    [Fact]
    public void Plus_DurationObject_Accepted()
    {
        var g = Globals();
        var duration = Call(g.Duration, "fromObject", Obj(("weeks", 1)));
        Assert.Equal("2024-01-08T00:00:00.000Z", Str(Call(Call(Iso(g, "2024-01-01"), "plus", duration), "toISO")));
    }

    [Theory]
    [InlineData("year", "2024-01-01T00:00:00.000Z", "2024-12-31T23:59:59.999Z")]
    [InlineData("quarter", "2024-07-01T00:00:00.000Z", "2024-09-30T23:59:59.999Z")]
    [InlineData("month", "2024-08-01T00:00:00.000Z", "2024-08-31T23:59:59.999Z")]
    [InlineData("week", "2024-08-12T00:00:00.000Z", "2024-08-18T23:59:59.999Z")]
    [InlineData("day", "2024-08-14T00:00:00.000Z", "2024-08-14T23:59:59.999Z")]
    [InlineData("hour", "2024-08-14T15:00:00.000Z", "2024-08-14T15:59:59.999Z")]
    [InlineData("minute", "2024-08-14T15:42:00.000Z", "2024-08-14T15:42:59.999Z")]
    [InlineData("second", "2024-08-14T15:42:17.000Z", "2024-08-14T15:42:17.999Z")]
    public void StartOfEndOf_Units_Round(string unit, string start, string end)
    {
        var dt = Iso(Globals(), "2024-08-14T15:42:17.250Z");
        Assert.Equal(start, Str(Call(Call(dt, "startOf", unit), "toISO")));
        Assert.Equal(end, Str(Call(Call(dt, "endOf", unit), "toISO")));
    }

    [Fact]
    public void Set_Fields_ReplacesAndClamps()
    {
        var dt = Iso(Globals(), "2024-01-31T10:00:00Z");
        Assert.Equal("2024-02-29T08:00:00.000Z", Str(Call(Call(dt, "set", Obj(("month", 2), ("hour", 8))), "toISO")));
    }

    [Fact]
    public void SetZone_KeepLocalTime_MovesInstant()
    {
        var dt = Iso(Globals(), "2024-01-15T10:00:00Z");
        var moved = Call(dt, "setZone", "Europe/Paris", Obj(("keepLocalTime", true)));
        Assert.Equal("2024-01-15T10:00:00.000+01:00", Str(Call(moved, "toISO")));
        var same = Call(dt, "setZone", "UTC-3");
        Assert.Equal("2024-01-15T07:00:00.000-03:00", Str(Call(same, "toISO")));
        Assert.False(Member(Call(dt, "setZone", "Mars/Base"), "isValid").AsBoolean());
    }

    [Fact]
    public void ToUTCAndToLocal_SwitchZones()
    {
        var g = Globals("Europe/Paris");
        var dt = Iso(g, "2024-01-15T10:00:00Z");
        Assert.Equal("2024-01-15T10:00:00.000Z", Str(Call(Call(dt, "toUTC"), "toISO")));
        Assert.Equal("Europe/Paris", Str(Member(Call(Call(dt, "toUTC"), "toLocal"), "zoneName")));
    }

    [Fact]
    public void Diff_CalendarUnits_CountsWholeAndFraction()
    {
        var g = Globals();
        var a = Iso(g, "2024-03-31T12:00:00Z");
        var b = Iso(g, "2024-01-15T00:00:00Z");
        var d = Call(a, "diff", b, new JsArray(["months", "days", "hours"]));
        Assert.Equal("{\"months\":2,\"days\":16,\"hours\":12}", Str(Call(d, "toObject")));
        Assert.Equal(76.5, Call(Call(a, "diff", b, "days"), "as", "days").AsNumber());
        Assert.Equal(-76.5 * 86_400_000, Call(Call(b, "diff", a), "toMillis").AsNumber());
    }

    [Fact]
    public void Diff_Months_FractionOfLastMonth()
    {
        var g = Globals();
        var d = Call(Iso(g, "2024-02-15"), "diff", Iso(g, "2024-01-01"), "months");
        Assert.Equal(1 + (14d / 29), Member(d, "months").AsNumber(), 10);
    }

    [Fact]
    public void DiffNow_UsesInjectedClock()
    {
        var g = Globals();
        var d = Call(Iso(g, "2024-03-15T12:30:45.123Z"), "diffNow");
        Assert.Equal(0, Call(d, "toMillis").AsNumber());
    }

    [Fact]
    public void Getters_ReportCalendarFacts()
    {
        var dt = Iso(Globals(), "2024-12-30T15:00:00Z");
        Assert.Equal(1, Member(dt, "weekday").AsNumber());
        Assert.Equal(1, Member(dt, "weekNumber").AsNumber());
        Assert.Equal(2025, Member(dt, "weekYear").AsNumber());
        Assert.Equal(365, Member(dt, "ordinal").AsNumber());
        Assert.Equal(4, Member(dt, "quarter").AsNumber());
        Assert.Equal(31, Member(dt, "daysInMonth").AsNumber());
        Assert.Equal(366, Member(dt, "daysInYear").AsNumber());
        Assert.True(Member(dt, "isInLeapYear").AsBoolean());
        Assert.Equal("December", Str(Member(dt, "monthLong")));
        Assert.Equal("Dec", Str(Member(dt, "monthShort")));
        Assert.Equal("Monday", Str(Member(dt, "weekdayLong")));
        Assert.Equal("Mon", Str(Member(dt, "weekdayShort")));
        Assert.Equal(0, Member(dt, "offset").AsNumber());
        Assert.True(Member(dt, "isOffsetFixed").AsBoolean());
        Assert.Equal("en-US", Str(Member(dt, "locale")));
        Assert.Equal("2025-W01-1", Str(Call(dt, "toISOWeekDate")));
    }

    [Fact]
    public void Now_UsesClockAndWorkflowZone()
    {
        var g = Globals("Asia/Tokyo");
        Assert.Equal("2024-03-15T21:30:45.123+09:00", JsConvert.ToString(g.Now()));
        Assert.Equal("2024-03-15T00:00:00.000+09:00", JsConvert.ToString(g.Today()));
        Assert.Equal(FixedNow.ToUnixTimeMilliseconds(), JsConvert.ToNumber(Call(g.DateTime, "now")));
    }

    [Fact]
    public void LocalAndUtc_FromComponents()
    {
        var g = Globals("Europe/Berlin");
        Assert.Equal("2024-06-01T10:00:00.000+02:00", Str(Call(Call(g.DateTime, "local", 2024, 6, 1, 10), "toISO")));
        Assert.Equal("2024-06-01T10:00:00.000Z", Str(Call(Call(g.DateTime, "utc", 2024, 6, 1, 10), "toISO")));
        Assert.Equal("2024-01-01T00:00:00.000+01:00", Str(Call(Call(g.DateTime, "local", 2024), "toISO")));
    }

    [Fact]
    public void FromObject_MissingHigherUnitsDefaultToNow()
    {
        var g = Globals();
        var dt = Call(g.DateTime, "fromObject", Obj(("hour", 9)));
        Assert.Equal("2024-03-15T09:00:00.000Z", Str(Call(dt, "toISO")));
        var zoned = Call(g.DateTime, "fromObject", Obj(("year", 2024), ("month", 2), ("day", 30)));
        Assert.False(Member(zoned, "isValid").AsBoolean());
    }

    [Fact]
    public void FromMillisAndSeconds_CreateInstants()
    {
        var g = Globals();
        Assert.Equal("1970-01-01T00:00:01.000Z", Str(Call(Call(g.DateTime, "fromMillis", 1000), "toISO")));
        Assert.Equal("1970-01-01T01:00:00.000+01:00", Str(Call(Call(g.DateTime, "fromSeconds", 0, Obj(("zone", "UTC+1"))), "toISO")));
        Assert.Throws<JsHostException>(() => Call(g.DateTime, "fromMillis", "x"));
    }

    [Theory]
    [InlineData("15/01/2024 10:30", "dd/MM/yyyy HH:mm", "2024-01-15T10:30:00.000Z")]
    [InlineData("January 5, 2024 3:04 PM", "MMMM d, yyyy h:mm a", "2024-01-05T15:04:00.000Z")]
    [InlineData("5 jan 24", "d MMM yy", "2024-01-05T00:00:00.000Z")]
    [InlineData("2024-01-05T10:00:00+0200", "yyyy-MM-dd'T'HH:mm:ssZZZ", "2024-01-05T08:00:00.000Z")]
    [InlineData("1704067200", "X", "2024-01-01T00:00:00.000Z")]
    public void FromFormat_Patterns_Parse(string text, string format, string expected)
    {
        var dt = Call(Globals().DateTime, "fromFormat", text, format);
        Assert.Equal(expected, Str(Call(dt, "toISO")));
    }

    [Fact]
    public void FromFormat_Mismatch_IsInvalid() =>
        Assert.False(Member(Call(Globals().DateTime, "fromFormat", "2024/01/05", "yyyy-MM-dd"), "isValid").AsBoolean());

    [Fact]
    public void FromSqlHttpRfc2822_Parse()
    {
        var g = Globals();
        Assert.Equal("2024-01-05T10:20:30.500Z", Str(Call(Call(g.DateTime, "fromSQL", "2024-01-05 10:20:30.5"), "toISO")));
        Assert.Equal("2024-01-05T08:20:30.000Z", Str(Call(Call(g.DateTime, "fromSQL", "2024-01-05 10:20:30 +02:00"), "toISO")));
        Assert.Equal("1994-11-06T08:49:37.000Z", Str(Call(Call(g.DateTime, "fromHTTP", "Sun, 06 Nov 1994 08:49:37 GMT"), "toISO")));
        Assert.Equal("1994-11-06T08:49:37.000Z", Str(Call(Call(g.DateTime, "fromHTTP", "Sunday, 06-Nov-94 08:49:37 GMT"), "toISO")));
        Assert.Equal("1994-11-06T08:49:37.000Z", Str(Call(Call(g.DateTime, "fromHTTP", "Sun Nov  6 08:49:37 1994"), "toISO")));
        Assert.Equal("2016-11-01T06:53:12.000Z", Str(Call(Call(g.DateTime, "fromRFC2822", "Tue, 01 Nov 2016 13:23:12 +0630"), "toISO")));
    }

    [Fact]
    public void OutputFormats_SqlHttpRfc()
    {
        var dt = Iso(Globals("Europe/Berlin"), "2024-01-05T10:20:30Z");
        Assert.Equal("2024-01-05 11:20:30.000 +01:00", Str(Call(dt, "toSQL")));
        Assert.Equal("Fri, 05 Jan 2024 10:20:30 GMT", Str(Call(dt, "toHTTP")));
        Assert.Equal("Fri, 05 Jan 2024 11:20:30 +0100", Str(Call(dt, "toRFC2822")));
        Assert.Equal("2024-01-05", Str(Call(dt, "toISODate")));
        Assert.Equal("11:20:30.000+01:00", Str(Call(dt, "toISOTime")));
        Assert.Equal("2024-01-05T11:20:30+01:00", Str(Call(dt, "toISO", Obj(("suppressMilliseconds", true)))));
        Assert.Equal("{\"year\":2024,\"month\":1,\"day\":5,\"hour\":11,\"minute\":20,\"second\":30,\"millisecond\":0}", Str(Call(dt, "toObject")));
        Assert.Equal(1704450030, Call(dt, "toSeconds").AsNumber());
        Assert.Equal(1704450030, Call(dt, "toUnixInteger").AsNumber());
    }

    [Fact]
    public void ToLocaleString_PresetsAndDefault()
    {
        var g = Globals();
        var dt = Iso(g, "2024-01-05T09:07:05Z");
        Assert.Equal("1/5/2024", Str(Call(dt, "toLocaleString")));
        Assert.Equal("Jan 5, 2024, 9:07\u202FAM", Str(Call(dt, "toLocaleString", Member(g.DateTime, "DATETIME_MED"))));
        Assert.Equal("Friday, January 5, 2024", Str(Call(dt, "toLocaleString", Member(g.DateTime, "DATE_HUGE"))));
        Assert.Equal("9:07:05\u202FAM", Str(Call(dt, "toLocaleString", Member(g.DateTime, "TIME_WITH_SECONDS"))));
        Assert.Equal("09:07", Str(Call(dt, "toLocaleString", Member(g.DateTime, "TIME_24_SIMPLE"))));
    }

    [Fact]
    public void Primitive_ValueOfAndStringAndJson()
    {
        var dt = Iso(Globals(), "2024-01-05T09:07:05Z");
        Assert.Equal(1704445625000, JsConvert.ToNumber(dt));
        Assert.Equal("2024-01-05T09:07:05.000Z", JsConvert.ToString(dt));
        Assert.Equal("\"2024-01-05T09:07:05.000Z\"", JsonCodec.Serialize(((IJsonConvertible)dt.Reference!).ToJsonValue()));
    }

    [Fact]
    public void HasSameAndEquals_Compare()
    {
        var g = Globals();
        var a = Iso(g, "2024-01-05T09:00:00Z");
        var b = Iso(g, "2024-01-05T23:00:00Z");
        Assert.True(Call(a, "hasSame", b, "day").AsBoolean());
        Assert.False(Call(a, "hasSame", b, "hour").AsBoolean());
        Assert.True(Call(a, "equals", Iso(g, "2024-01-05T09:00:00Z")).AsBoolean());
        Assert.False(Call(a, "equals", Call(a, "setZone", "Europe/Paris")).AsBoolean());
    }

    [Fact]
    public void MinMaxIsDateTime_Statics()
    {
        var g = Globals();
        var a = Iso(g, "2024-01-05");
        var b = Iso(g, "2024-02-05");
        Assert.Same(b.Reference, Call(g.DateTime, "max", a, b).Reference);
        Assert.Same(a.Reference, Call(g.DateTime, "min", a, b).Reference);
        Assert.True(Call(g.DateTime, "isDateTime", a).AsBoolean());
        Assert.False(Call(g.DateTime, "isDateTime", "2024").AsBoolean());
        Assert.Equal("because", Str(Member(Call(g.DateTime, "invalid", "because"), "invalidReason")));
    }

    [Fact]
    public void ToRelative_Basic()
    {
        var g = Globals();
        Assert.Equal("in 2 days", Str(Call(Iso(g, "2024-03-17T13:00:00Z"), "toRelative")));
        Assert.Equal("3 hours ago", Str(Call(Iso(g, "2024-03-15T09:00:00Z"), "toRelative")));
        Assert.Equal("1 year ago", Str(Call(Iso(g, "2023-01-01T00:00:00Z"), "toRelative")));
        Assert.Equal("tomorrow", Str(Call(Iso(g, "2024-03-16T01:00:00Z"), "toRelativeCalendar")));
    }

    [Fact]
    public void Until_ReturnsInterval()
    {
        var g = Globals();
        var interval = Call(Iso(g, "2024-01-01"), "until", Iso(g, "2024-01-11"));
        Assert.Equal(10, Call(interval, "length", "days").AsNumber());
        Assert.True(Call(interval, "contains", Iso(g, "2024-01-05")).AsBoolean());
        Assert.False(Call(interval, "contains", Iso(g, "2024-01-11")).AsBoolean());
        Assert.Equal("2024-01-01T00:00:00.000Z/2024-01-11T00:00:00.000Z", Str(Call(interval, "toISO")));
    }

    [Fact]
    public void ToJSDate_ReturnsDate()
    {
        var dt = Iso(Globals(), "2024-01-05T09:07:05Z");
        var date = Call(dt, "toJSDate");
        Assert.IsType<JsDate>(date.Reference);
        Assert.Equal("2024-01-05T09:07:05.000Z", Str(Call(date, "toISOString")));
    }

    private static double Date(int y, int m, int d, int h) => new DateTimeOffset(y, m, d, h, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
}

public class LuxonDateTimeFacadeTests
{
    private static readonly Tessera.Engine.Execution.ExecutionInfo Execution =
        Tessera.Engine.Tests.Expressions.Extensions.ExtensionTestKit.Context("Europe/Berlin").Execution;

    [Fact]
    public void Parse_DefaultChainAndFormat()
    {
        Assert.Equal("2024-01-15T10:00:00.000+01:00", LuxonDateTime.Parse("2024-01-15T10:00", Execution).ToIso());
        Assert.Equal("2024-01-15T10:00:00.000+01:00", LuxonDateTime.Parse("15.01.2024 10:00", Execution, "dd.MM.yyyy HH:mm").ToIso());
        Assert.False(LuxonDateTime.Parse("garbage", Execution).IsValid);
    }

    [Fact]
    public void Operations_FormatZoneAddRoundDiff()
    {
        var dt = LuxonDateTime.FromMillis(1705312800000, Execution);
        Assert.Equal("2024-01-15 11:00", dt.ToFormat("yyyy-MM-dd HH:mm"));
        Assert.Equal("2024-01-15T10:00:00.000Z", dt.InZone("UTC").ToIso());
        Assert.False(dt.InZone("Nowhere/Land").IsValid);
        Assert.Equal("2024-02-15T11:00:00.000+01:00", dt.Add(1, "month").ToIso());
        Assert.Equal("2024-01-15T00:00:00.000+01:00", dt.StartOfUnit("day").ToIso());
        Assert.Equal("2024-01-31T23:59:59.999+01:00", dt.EndOfUnit("month").ToIso());
        Assert.Equal(-31, dt.DiffIn(dt.Add(1, "month"), "days"));
    }
}
