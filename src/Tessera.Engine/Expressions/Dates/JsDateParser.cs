using System.Globalization;
using System.Text.RegularExpressions;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>
/// <c>Date.parse</c>: the ECMAScript date-time string format (date-only forms are UTC, date-times without an offset are
/// local), then the looser forms V8 accepts in practice (RFC 2822, "Jan 15 2024 10:00", "2024/01/15", "1/15/2024").
/// </summary>
internal static partial class JsDateParser
{
    [GeneratedRegex(@"^(?<y>[+-]\d{6}|\d{4})(?:-(?<M>\d{2})(?:-(?<d>\d{2}))?)?(?:[Tt](?<h>\d{2}):(?<m>\d{2})(?::(?<s>\d{2})(?:\.(?<f>\d+))?)?(?<z>[Zz]|[+-]\d{2}:?\d{2})?)?$", RegexOptions.ExplicitCapture)]
    private static partial Regex Iso();

    [GeneratedRegex(@"[A-Za-z]+\.?|\d+(?::\d+)+(?:\.\d+)?|[+-]\d{2}:?\d{2}|\d+|[/\-,()]", RegexOptions.ExplicitCapture)]
    private static partial Regex Tokens();

    public static double Parse(string text, LuxonZone localZone)
    {
        var s = text.Trim();
        var m = Iso().Match(s);
        if (m.Success)
        {
            return FromIso(m, localZone);
        }

        return Legacy(s, localZone);
    }

    private static double FromIso(Match m, LuxonZone localZone)
    {
        var year = int.Parse(m.Groups["y"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (m.Groups["y"].Value == "-000000")
        {
            return double.NaN;
        }

        var month = m.Groups["M"].Success ? int.Parse(m.Groups["M"].Value, CultureInfo.InvariantCulture) : 1;
        var day = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : 1;
        var hour = m.Groups["h"].Success ? int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        var ms = m.Groups["f"].Success ? (int)Math.Floor(double.Parse("0." + m.Groups["f"].Value, CultureInfo.InvariantCulture) * 1000) : 0;
        if (month is < 1 or > 12 || day < 1 || day > Calendar.DaysInMonth(year, month) || hour > 24 || minute > 59 || second > 59
            || (hour == 24 && (minute > 0 || second > 0 || ms > 0)))
        {
            return double.NaN;
        }

        LuxonZone zone = localZone;
        if (m.Groups["z"].Success)
        {
            var z = m.Groups["z"].Value;
            zone = z is "Z" or "z" ? FixedOffsetZone.Utc : new FixedOffsetZone(TimeZones.ParseOffset(z) ?? 0);
        }
        else if (!m.Groups["h"].Success)
        {
            zone = FixedOffsetZone.Utc; // date-only forms are UTC
        }

        return JsDate.MakeTime([year, month - 1, day, hour, minute, second, ms], zone);
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static double Legacy(string s, LuxonZone localZone)
    {
        var rfc = LuxonParser.Rfc2822Text(s);
        if (rfc is not null)
        {
            var f = rfc.Fields;
            return JsDate.MakeTime([f[0]!.Value, f[1]!.Value - 1, f[2]!.Value, f[3]!.Value, f[4]!.Value, f[5]!.Value, 0], new FixedOffsetZone(rfc.Offset ?? 0));
        }

        int? year = null, month = null, day = null, hour = null, minute = null, second = null, ms = null;
        int? offset = null;
        string? meridiem = null;
        var numbers = new List<int>();
        var dateSep = '\0';
        var tokens = Tokens().Matches(s);
        var consumed = 0;
        foreach (Match t in tokens)
        {
            consumed += t.Length;
            var v = t.Value;
            if (char.IsAsciiLetter(v[0]))
            {
                var word = v.TrimEnd('.').ToLowerInvariant();
                var mi = word.Length >= 3 ? Array.FindIndex(Months, x => word.StartsWith(x, StringComparison.Ordinal)) : -1;
                if (mi >= 0)
                {
                    month = mi + 1;
                }
                else if (word is "am" or "pm")
                {
                    meridiem = word;
                }
                else if (word is "z" or "gmt" or "utc" or "ut")
                {
                    offset ??= 0;
                }
                else if (word is "t")
                {
                    continue;
                }
                else if (!(word.Length >= 3 && LuxonFormat.WeekdaysShort.Any(w => word.StartsWith(w.ToLowerInvariant(), StringComparison.Ordinal))))
                {
                    return double.NaN;
                }
            }
            else if (v.Contains(':', StringComparison.Ordinal))
            {
                var parts = v.Split(':');
                hour = int.Parse(parts[0], CultureInfo.InvariantCulture);
                minute = int.Parse(parts[1], CultureInfo.InvariantCulture);
                if (parts.Length > 2)
                {
                    var sec = double.Parse(parts[2], CultureInfo.InvariantCulture);
                    second = (int)sec;
                    ms = (int)Math.Round((sec - (int)sec) * 1000);
                }
            }
            else if (v[0] is '+' or '-' && v.Length > 1)
            {
                offset = TimeZones.ParseOffset(v);
            }
            else if (char.IsAsciiDigit(v[0]))
            {
                numbers.Add(int.Parse(v, CultureInfo.InvariantCulture));
            }
            else if (v is "/" or "-" && dateSep == '\0')
            {
                dateSep = v[0];
            }
        }

        if (consumed < s.Count(c => !char.IsWhiteSpace(c)) || numbers.Count == 0)
        {
            return double.NaN;
        }

        if (month is not null)
        {
            // "Jan 15 2024", "15 Jan 2024"
            foreach (var n in numbers)
            {
                if (n > 31 || day is not null)
                {
                    year ??= n;
                }
                else
                {
                    day = n;
                }
            }
        }
        else if (numbers.Count >= 3)
        {
            if (numbers[0] > 31)
            {
                (year, month, day) = (numbers[0], numbers[1], numbers[2]);
            }
            else
            {
                (month, day, year) = (numbers[0], numbers[1], numbers[2]);
            }
        }
        else if (numbers.Count == 2 && numbers[0] > 31)
        {
            (year, month, day) = (numbers[0], numbers[1], 1);
        }
        else
        {
            return double.NaN;
        }

        if (year is null or < 0 || month is null or < 1 or > 12 || day is null or < 1 or > 31)
        {
            return double.NaN;
        }

        if (year < 50)
        {
            year += 2000;
        }
        else if (year < 100)
        {
            year += 1900;
        }

        var h = hour ?? 0;
        if (meridiem is not null)
        {
            if (h > 12)
            {
                return double.NaN;
            }

            h = (h % 12) + (meridiem == "pm" ? 12 : 0);
        }

        LuxonZone zone = offset is { } o ? new FixedOffsetZone(o) : localZone;
        return JsDate.MakeTime([year.Value, month.Value - 1, day.Value, h, minute ?? 0, second ?? 0, ms ?? 0], zone);
    }
}
