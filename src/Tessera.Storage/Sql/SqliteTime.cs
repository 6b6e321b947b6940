using System.Globalization;

namespace Tessera.Storage.Sql;

/// <summary>
/// Times as SQLite columns hold them: UTC text <c>yyyy-MM-dd HH:mm:ss.ffffff</c>, which sorts as it reads. Written and
/// read digit by digit: the culture-aware <see cref="DateTimeOffset.ParseExact(string, string, IFormatProvider, DateTimeStyles)"/>
/// cost ~7 ms on a process's first call, a tenth of what saving a run adds to <c>tessera run</c> (docs/benchmarks.md,
/// "The CLI's saved run"). It accepted only this form too: the tests hold the two to the same results.
/// </summary>
internal static class SqliteTime
{
    public const string Format = "yyyy-MM-dd HH:mm:ss.ffffff";

    private const int Length = 26;

    /// <summary>The column text for <paramref name="value"/> (already truncated to microseconds).</summary>
    public static string ToText(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return string.Create(Length, utc, static (span, t) =>
        {
            Digits(span[..4], t.Year);
            span[4] = '-';
            Digits(span.Slice(5, 2), t.Month);
            span[7] = '-';
            Digits(span.Slice(8, 2), t.Day);
            span[10] = ' ';
            Digits(span.Slice(11, 2), t.Hour);
            span[13] = ':';
            Digits(span.Slice(14, 2), t.Minute);
            span[16] = ':';
            Digits(span.Slice(17, 2), t.Second);
            span[19] = '.';
            Digits(span.Slice(20, 6), (int)(t.Ticks % TimeSpan.TicksPerSecond / 10));
        });
    }

    /// <summary>The time a column holds (UTC).</summary>
    /// <exception cref="FormatException">The text is not a time in <see cref="Format"/>.</exception>
    public static DateTimeOffset Parse(string text)
    {
        if (text.Length == Length && text[4] == '-' && text[7] == '-' && text[10] == ' ' && text[13] == ':' && text[16] == ':' && text[19] == '.'
            && TryDigits(text, 0, 4, out var year) && TryDigits(text, 5, 2, out var month) && TryDigits(text, 8, 2, out var day)
            && TryDigits(text, 11, 2, out var hour) && TryDigits(text, 14, 2, out var minute) && TryDigits(text, 17, 2, out var second)
            && TryDigits(text, 20, 6, out var micro)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && hour < 24 && minute < 60 && second < 60)
        {
            var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + (micro * 10L);
            return new DateTimeOffset(ticks, TimeSpan.Zero);
        }

        throw new FormatException($"'{text}' is not a stored time ({Format}, UTC); the database was edited by hand or damaged.");
    }

    private static void Digits(Span<char> span, int value)
    {
        for (var i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool TryDigits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
