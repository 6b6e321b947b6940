using System.Globalization;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Tests.Sqlite;

/// <summary>The digit-by-digit time columns against the BCL's culture-aware format and parse they replace.</summary>
public sealed class SqliteTimeTests
{
    private const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    [Fact]
    public void ToTextAndParse_RandomTimes_MatchTheBclAndRoundTrip()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
            var value = SqlDatabase.TruncateToMicroseconds(new DateTimeOffset(ticks, TimeSpan.Zero));

            var text = SqliteTime.ToText(value);

            Assert.Equal(value.UtcDateTime.ToString(SqliteTime.Format, CultureInfo.InvariantCulture), text);
            Assert.Equal(DateTimeOffset.ParseExact(text, SqliteTime.Format, CultureInfo.InvariantCulture, Utc), SqliteTime.Parse(text));
            Assert.Equal(value, SqliteTime.Parse(text));
        }
    }

    [Theory]
    [InlineData("0001-01-01 00:00:00.000000")]
    [InlineData("9999-12-31 23:59:59.999999")]
    [InlineData("2024-02-29 12:00:00.000001")]
    [InlineData("2026-11-21 17:30:45.123456")]
    public void Parse_Boundaries_AsTheBclReadsThem(string text)
    {
        var parsed = SqliteTime.Parse(text);

        Assert.Equal(DateTimeOffset.ParseExact(text, SqliteTime.Format, CultureInfo.InvariantCulture, Utc), parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
        Assert.Equal(text, SqliteTime.ToText(parsed));
    }

    [Fact]
    public void ToText_AnOffsetTime_IsWrittenAsUtc()
    {
        var value = new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.FromHours(5.5));

        Assert.Equal("2026-11-21 17:30:00.000000", SqliteTime.ToText(value));
    }

    [Theory]
    [InlineData("2023-02-29 00:00:00.000000")] // not a leap year
    [InlineData("2026-13-01 00:00:00.000000")]
    [InlineData("2026-11-21 24:00:00.000000")]
    [InlineData("2026-11-21 17:60:00.000000")]
    [InlineData("2026-11-21 17:30:45.12345x")]
    [InlineData("2026-11-21T17:30:45.123456")]
    [InlineData("")]
    [InlineData("yesterday")]
    public void Parse_NotATime_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => SqliteTime.Parse(text));
        Assert.Throws<FormatException>(() => DateTimeOffset.ParseExact(text, SqliteTime.Format, CultureInfo.InvariantCulture, Utc));
    }
}
