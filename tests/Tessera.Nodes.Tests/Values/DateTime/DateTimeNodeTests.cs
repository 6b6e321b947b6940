using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Tests.Files;
using Tessera.Nodes.Values.DateTime;

namespace Tessera.Nodes.Tests.Values.DateTime;

public sealed class DateTimeNodeTests
{
    private static JsObject V1(string parameters, string input = "{}", string? zone = null) =>
        NodeHarness.Run(new DateTimeNode(), parameters, [NodeHarness.JsonItem(input)], 1, zone)[0].Json;

    private static JsObject V2(string parameters, string input = "{}", string? zone = null) =>
        NodeHarness.Run(new DateTimeNode(), parameters, [NodeHarness.JsonItem(input)], 2, zone)[0].Json;

    [Theory]
    [InlineData("add", "days", 10, "2022-08-11T00:00:00.000Z")]
    [InlineData("subtract", "days", 2, "2022-07-30T00:00:00.000Z")]
    [InlineData("add", "quarters", 2, "2023-02-01T00:00:00.000Z")]
    [InlineData("subtract", "months", 2, "2022-06-01T00:00:00.000Z")]
    public void V1Calculate_UsDate_ShiftsAndWritesUtcIso(string operation, string unit, int amount, string expected)
    {
        var json = V1($$"""{"action":"calculate","value":"08/01/2022","operation":"{{operation}}","timeUnit":"{{unit}}","duration":{{amount}},"options":{} }""");

        Assert.Equal(expected, json["data"].AsString());
    }

    [Fact]
    public void V1Format_FromTimezoneOnly_ShowsInstantInThatZone()
    {
        Assert.Equal("2022/07/31", V1("""{"value":"08/01/2022","toFormat":"YYYY/MM/DD","options":{"fromTimezone":"US/Hawaii"}}""")["data"].AsString());
        Assert.Equal("1659312000000", V1("""{"value":"08/01/2022","toFormat":"x","options":{"fromTimezone":"US/Hawaii","toTimezone":"US/Pacific"}}""")["data"].AsString());
    }

    [Fact]
    public void V1Format_FromFormat_ParsesWallTimeInSourceZone()
    {
        var json = V1("""{"value":"2022-01-12","toFormat":"MM-DD-YYYY","options":{"fromFormat":"YYYY-DD-MM","fromTimezone":"US/Hawaii","toTimezone":"US/Pacific"}}""");

        Assert.Equal("12-01-2022", json["data"].AsString());
    }

    [Theory]
    [InlineData("1682918315906")]
    [InlineData("1682918315.906")]
    [InlineData("1682918315")]
    public void V1Format_EpochText_DetectsSecondsOrMilliseconds(string value)
    {
        var json = V1($$"""{"value":"{{value}}","options":{} }""", """{"keep":true}""");

        Assert.Equal("""{"keep":true,"data":"05/01/2023"}""", JsonCodec.Serialize(json));
    }

    [Fact]
    public void V1Format_FromFormatX_ReadsMillisecondsAndConverts()
    {
        Assert.Equal("09/21/2022 23:00", V1("""{"value":"1663801200000","toFormat":"MM/DD/YYYY HH:mm","options":{"fromFormat":"x","toTimezone":"UTC"}}""")["data"].AsString());
    }

    [Fact]
    public void V1_NoValue_LeavesItemUnchanged()
    {
        Assert.Equal("""{"a":1}""", JsonCodec.Serialize(V1("""{"options":{"fromFormat":""}}""", """{"a":1}""")));
    }

    [Fact]
    public void V1_Unreadable_FailsWithHint()
    {
        var e = Assert.Throws<NodeOperationException>(() => V1("""{"value":"not a date","options":{}}"""));

        Assert.Contains("From Format", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void V2AddAndSubtract_KeepZoneOffsetInIso()
    {
        var added = V2("""{"operation":"addToDate","magnitude":"2023-04-11T13:51:59.965+00:00","duration":2}""", zone: "Etc/GMT");
        var subtracted = V2("""{"operation":"subtractFromDate","magnitude":"2023-04-13T13:51:59.965+00:00","timeUnit":"hours","duration":3}""", zone: "Etc/GMT");

        Assert.Equal("""{"newDate":"2023-04-13T13:51:59.965+00:00"}""", JsonCodec.Serialize(added));
        Assert.Equal("2023-04-13T10:51:59.965+00:00", subtracted["newDate"].AsString());
    }

    [Fact]
    public void V2FormatDate_CustomAndNullAndIncludeInput()
    {
        Assert.Equal("2023/05/01", V2("""{"operation":"formatDate","date":"1682918315","format":"yyyy/MM/dd","outputFieldName":"data"}""")["data"].AsString());
        Assert.Equal("01 May 2023", V2("""{"operation":"formatDate","date":"2023-05-01T10:00:00","format":"custom","customFormat":"dd LLL yyyy"}""")["formattedDate"].AsString());
        Assert.Equal("""{"date":null,"formattedDate":null}""", JsonCodec.Serialize(V2("""{"operation":"formatDate","date":"={{ $json.date }}","options":{"includeInputFields":true}}""", """{"date":null}""")));
    }

    [Fact]
    public void V2RoundDate_DownAndUp()
    {
        Assert.Equal("2023-04-11T00:00:00.000+00:00", V2("""{"operation":"roundDate","date":"2023/04/11","toNearest":"day"}""", zone: "Etc/GMT")["roundedDate"].AsString());
        Assert.Equal("2023-05-01T00:00:00.000Z", V2("""{"operation":"roundDate","date":"2023-04-11T10:00:00Z","mode":"roundUp","to":"month"}""")["roundedDate"].AsString());
    }

    [Fact]
    public void V2TimeBetween_DaysAndHours()
    {
        var json = V2("""{"operation":"getTimeBetweenDates","startDate":"2023-04-11T00:00:00Z","endDate":"2023-04-13T06:00:00Z","units":["day","hour"]}""");

        Assert.Equal("""{"timeDifference":{"days":2,"hours":6}}""", JsonCodec.Serialize(json));
    }

    [Theory]
    [InlineData("2023-04-11T14:30:00", 14)]
    [InlineData("April 11, 2023 2:30 PM", 14)]
    [InlineData("2023-04-11T14:30:00+05:00", 5)]
    public void V2ExtractHour_InWorkflowZone(string date, int hour)
    {
        var json = V2($$"""{"operation":"extractDate","date":"{{date}}","part":"hour","outputFieldName":"datePart"}""", zone: "America/New_York");

        Assert.Equal(hour, json["datePart"].AsNumber());
    }

    [Fact]
    public void V2GetCurrentDate_UsesInjectedClockAndZone()
    {
        var withTime = V2("""{"operation":"getCurrentDate"}""", zone: "Europe/Berlin");
        var dateOnly = V2("""{"operation":"getCurrentDate","includeTime":false}""", zone: "Europe/Berlin");

        Assert.Equal("2024-03-15T11:30:45.123+01:00", withTime["currentDate"].AsString());
        Assert.Equal("2024-03-15T00:00:00.000+01:00", dateOnly["currentDate"].AsString());
    }

    [Fact]
    public void V2_InvalidDate_FailsNamingField()
    {
        var e = Assert.Throws<NodeOperationException>(() => V2("""{"operation":"extractDate","date":"soon","part":"hour"}"""));

        Assert.Contains("\"Date\"", e.Message, StringComparison.Ordinal);
    }
}
