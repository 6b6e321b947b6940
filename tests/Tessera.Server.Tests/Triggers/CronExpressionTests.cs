using Tessera.Server.Triggers.Scheduling;

namespace Tessera.Server.Tests.Triggers;

public sealed class CronExpressionTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("* * * *", "4 fields")]
    [InlineData("60 * * * *", "minute")]
    [InlineData("* 24 * * *", "hour")]
    [InlineData("* * 0 * *", "day of month")]
    [InlineData("* * * 13 *", "month")]
    [InlineData("* * * FOO *", "month")]
    [InlineData("* * * * 8", "day of week")]
    [InlineData("*/0 * * * *", "step")]
    [InlineData("5-1 * * * *", "smaller first")]
    public void TryParse_InvalidExpression_NamesTheProblem(string text, string expected)
    {
        Assert.False(CronExpression.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 9 * * MON-FRI", "2024-03-08T09:00:00Z", "2024-03-11T09:00:00Z")] // Friday 09:00 → Monday
    [InlineData("*/15 * * * *", "2024-01-01T00:07:00Z", "2024-01-01T00:15:00Z")]
    [InlineData("30 */10 * * * *", "2024-01-01T00:00:30Z", "2024-01-01T00:10:30Z")]
    [InlineData("0 0 1 JAN,JUL ?", "2024-02-01T00:00:00Z", "2024-07-01T00:00:00Z")]
    [InlineData("0 12 29 2 *", "2024-03-01T00:00:00Z", "2028-02-29T12:00:00Z")]
    [InlineData("5/20 * * * *", "2024-01-01T00:06:00Z", "2024-01-01T00:25:00Z")]
    [InlineData("0 0 * * 7", "2024-01-01T00:00:00Z", "2024-01-07T00:00:00Z")] // 7 = Sunday
    [InlineData("0 0 13 * FRI", "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z")] // day-of-month OR weekday
    public void Next_Utc_ReturnsFirstMatchAfter(string text, string after, string expected)
    {
        var cron = CronExpression.Parse(text);

        var next = cron.Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void Next_ImpossibleDate_ReturnsNull()
    {
        Assert.Null(CronExpression.Parse("0 0 30 2 *").Next(DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Next_SpringForwardGap_SkipsTheMissingLocalTime()
    {
        // Berlin jumps from 02:00 to 03:00 on 2024-03-31: 02:30 does not exist that day.
        var cron = CronExpression.Parse("30 2 * * *");

        var next = cron.Next(new DateTimeOffset(2024, 3, 30, 3, 0, 0, TimeSpan.FromHours(1)), Berlin);

        Assert.Equal(new DateTimeOffset(2024, 4, 1, 2, 30, 0, TimeSpan.FromHours(2)), next);
    }

    [Fact]
    public void Next_FallBackRepeatedHour_FiresOnceAtFirstInstant()
    {
        // Berlin repeats 02:00–03:00 on 2024-10-27 (first at +02:00, then at +01:00).
        var cron = CronExpression.Parse("30 2 * * *");
        var start = new DateTimeOffset(2024, 10, 27, 0, 0, 0, TimeSpan.FromHours(2));

        var first = cron.Next(start, Berlin);
        var second = cron.Next(first!.Value, Berlin);

        Assert.Equal(new DateTimeOffset(2024, 10, 27, 2, 30, 0, TimeSpan.FromHours(2)), first);
        Assert.Equal(new DateTimeOffset(2024, 10, 28, 2, 30, 0, TimeSpan.FromHours(1)), second);
    }

    [Fact]
    public void Next_EveryMinuteAcrossFallBack_NeverRepeatsALocalTime()
    {
        var cron = CronExpression.Parse("*/10 * * * *");
        var t = new DateTimeOffset(2024, 11, 3, 0, 0, 0, TimeSpan.FromHours(-4));
        var seen = new HashSet<DateTime>();

        for (var i = 0; i < 30; i++)
        {
            t = cron.Next(t, NewYork)!.Value;
            Assert.True(seen.Add(TimeZoneInfo.ConvertTime(t, NewYork).DateTime), $"local time {t} fired twice");
        }
    }

    [Fact]
    public void Next_RandomExpressionsAndZones_AgreesWithBruteForce()
    {
        // Property: Next(after) matches the expression, lies after 'after', and no earlier matching valid local minute exists.
        var random = new Random(20241121);
        string[] zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];
        for (var run = 0; run < 200; run++)
        {
            var text = $"{Field(random, 0, 59)} {Field(random, 0, 23)} {Field(random, 1, 28)} {Field(random, 1, 12)} *";
            var cron = CronExpression.Parse(text);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zones[random.Next(zones.Length)]);
            var after = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 365 * 24 * 60));

            var next = cron.Next(after, zone);

            var horizon = TimeSpan.FromDays(40);
            var expected = BruteForce(cron, after, zone, horizon);
            if (expected is null)
            {
                Assert.True(next is null || next >= after + horizon, $"{text} in {zone.Id} after {after:O}: nothing within {horizon.TotalDays} days, got {next:O}");
            }
            else
            {
                Assert.True(expected == next, $"{text} in {zone.Id} after {after:O}: expected {expected:O}, got {next:O}");
            }
        }
    }

    private static string Field(Random random, int min, int max) => random.Next(4) switch
    {
        0 => "*",
        1 => random.Next(min, max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => $"*/{random.Next(2, 8)}",
        _ => $"{min}-{random.Next(min, max + 1)}",
    };

    private static DateTimeOffset? BruteForce(CronExpression cron, DateTimeOffset after, TimeZoneInfo zone, TimeSpan horizon)
    {
        var seen = new HashSet<DateTime>();
        // Walk real instants minute by minute; a local time counts once, at its first instant.
        var start = new DateTimeOffset(after.UtcDateTime.Ticks - (after.UtcDateTime.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        for (var t = start.AddMinutes(-120); t < after + horizon; t = t.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTime(t, zone).DateTime;
            var first = seen.Add(local);
            if (t > after && first && cron.Matches(local))
            {
                return t;
            }
        }

        return null;
    }
}
