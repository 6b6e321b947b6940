using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>What a parser found: some local fields, maybe an offset or zone written in the text.</summary>
internal sealed class ParsedParts
{
    /// <summary>year, month, day, hour, minute, second, millisecond; null where the text said nothing.</summary>
    public int?[] Fields { get; } = new int?[7];

    public int? Offset { get; set; }

    public LuxonZone? Zone { get; set; }

    public int? WeekYear { get; set; }

    public int? WeekNumber { get; set; }

    public int? Weekday { get; set; }

    public int? Ordinal { get; set; }
}

/// <summary>Parsing of ISO 8601, SQL, HTTP, RFC 2822 and Luxon <c>fromFormat</c> patterns into DateTimes.</summary>
internal static partial class LuxonParser
{
    private static readonly string[] FieldNames = ["year", "month", "day", "hour", "minute", "second", "millisecond"];

    [GeneratedRegex(@"^(?:(?<date>(?<y>[+-]\d{6}|\d{4})(?:-(?<M>\d{2})(?:-(?<d>\d{2}))?|(?<M>\d{2})(?<d>\d{2}))?|(?<wy>\d{4})-?W(?<w>\d{2})(?:-?(?<wd>[1-7]))?|(?<oy>\d{4})-?(?<o>\d{3}))(?:T(?<time>.+))?|(?<time>\d{2}(?::?\d{2})?.*))$", RegexOptions.ExplicitCapture)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(?<h>\d{2})(?::?(?<m>\d{2})(?::?(?<s>\d{2})(?:[.,](?<f>\d{1,30}))?)?)?(?<off>Z|[+-]\d{2}(?::?\d{2})?)?(?:\[(?<zone>[^\]]+)\])?$", RegexOptions.ExplicitCapture | RegexOptions.IgnoreCase)]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"^(?:(?<y>\d{4})-(?<M>\d{2})-(?<d>\d{2}))?(?: ?(?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2})(?:\.(?<f>\d{1,30}))?)?(?: ?(?<off>Z|[+-]\d{2}(?::?\d{2})?))?(?: (?<zone>[A-Za-z_]+(?:/[A-Za-z_+-]+)*))?$", RegexOptions.ExplicitCapture)]
    private static partial Regex Sql();

    [GeneratedRegex(@"^(?:(?<wd>Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s)?(?<d>\d{1,2})\s(?<M>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s(?<y>\d{2,4})\s(?<h>\d{2}):(?<m>\d{2})(?::(?<s>\d{2}))?\s(?:(?<named>UT|GMT|[ECMP][SD]T)|(?<mil>[A-IK-Za-ik-z])|(?<off>[+-]\d{4}))$", RegexOptions.ExplicitCapture)]
    private static partial Regex Rfc2822();

    [GeneratedRegex(@"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?<d>\d{2}) (?<M>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<y>\d{4}) (?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2}) GMT$", RegexOptions.ExplicitCapture)]
    private static partial Regex Rfc1123();

    [GeneratedRegex(@"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (?<d>\d{2})-(?<M>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(?<y>\d{2}) (?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2}) GMT$", RegexOptions.ExplicitCapture)]
    private static partial Regex Rfc850();

    [GeneratedRegex(@"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?<M>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<d>[ \d]\d) (?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2}) (?<y>\d{4})$", RegexOptions.ExplicitCapture)]
    private static partial Regex Ascii();

    public static ParsedParts? Iso(string text)
    {
        var m = IsoDate().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var p = new ParsedParts();
        if (m.Groups["y"].Success)
        {
            p.Fields[0] = Int(m.Groups["y"].Value);
            p.Fields[1] = m.Groups["M"].Success ? Int(m.Groups["M"].Value) : 1;
            p.Fields[2] = m.Groups["d"].Success ? Int(m.Groups["d"].Value) : 1;
        }
        else if (m.Groups["wy"].Success)
        {
            p.WeekYear = Int(m.Groups["wy"].Value);
            p.WeekNumber = Int(m.Groups["w"].Value);
            p.Weekday = m.Groups["wd"].Success ? Int(m.Groups["wd"].Value) : 1;
        }
        else if (m.Groups["oy"].Success)
        {
            p.Fields[0] = Int(m.Groups["oy"].Value);
            p.Ordinal = Int(m.Groups["o"].Value);
        }

        var dateGiven = m.Groups["date"].Success;
        if (m.Groups["time"].Success)
        {
            var t = IsoTime().Match(m.Groups["time"].Value);
            if (!t.Success)
            {
                return null;
            }

            p.Fields[3] = Int(t.Groups["h"].Value);
            p.Fields[4] = t.Groups["m"].Success ? Int(t.Groups["m"].Value) : 0;
            p.Fields[5] = t.Groups["s"].Success ? Int(t.Groups["s"].Value) : 0;
            p.Fields[6] = t.Groups["f"].Success ? Fraction(t.Groups["f"].Value) : 0;
            if (t.Groups["off"].Success)
            {
                p.Offset = t.Groups["off"].Value is "Z" or "z" ? 0 : TimeZones.ParseOffset(t.Groups["off"].Value);
            }

            if (t.Groups["zone"].Success)
            {
                p.Zone = TimeZones.Parse(t.Groups["zone"].Value, FixedOffsetZone.Utc);
            }
        }
        else if (dateGiven)
        {
            p.Fields[3] = 0;
            p.Fields[4] = 0;
            p.Fields[5] = 0;
            p.Fields[6] = 0;
        }

        return p;
    }

    public static ParsedParts? SqlText(string text)
    {
        var m = Sql().Match(text);
        if (!m.Success || text.Length == 0 || (!m.Groups["y"].Success && !m.Groups["h"].Success))
        {
            return null;
        }

        var p = new ParsedParts();
        if (m.Groups["y"].Success)
        {
            p.Fields[0] = Int(m.Groups["y"].Value);
            p.Fields[1] = Int(m.Groups["M"].Value);
            p.Fields[2] = Int(m.Groups["d"].Value);
        }

        p.Fields[3] = m.Groups["h"].Success ? Int(m.Groups["h"].Value) : 0;
        p.Fields[4] = m.Groups["m"].Success ? Int(m.Groups["m"].Value) : 0;
        p.Fields[5] = m.Groups["s"].Success ? Int(m.Groups["s"].Value) : 0;
        p.Fields[6] = m.Groups["f"].Success ? Fraction(m.Groups["f"].Value) : 0;
        if (m.Groups["off"].Success)
        {
            p.Offset = m.Groups["off"].Value == "Z" ? 0 : TimeZones.ParseOffset(m.Groups["off"].Value);
        }

        if (m.Groups["zone"].Success)
        {
            p.Zone = TimeZones.Parse(m.Groups["zone"].Value, FixedOffsetZone.Utc);
            if (p.Zone is null)
            {
                return null;
            }
        }

        return p;
    }

    public static ParsedParts? Http(string text)
    {
        var m = Rfc1123().Match(text);
        if (!m.Success)
        {
            m = Rfc850().Match(text);
        }

        if (!m.Success)
        {
            m = Ascii().Match(text);
        }

        if (!m.Success)
        {
            return null;
        }

        var p = DateFromGroups(m);
        p.Offset = 0;
        return p;
    }

    public static ParsedParts? Rfc2822Text(string text)
    {
        var cleaned = Regex.Replace(Regex.Replace(text, @"\([^()]*\)", " "), @"[\n\t ]+", " ").Trim();
        var m = Rfc2822().Match(cleaned);
        if (!m.Success)
        {
            return null;
        }

        var p = DateFromGroups(m);
        if (m.Groups["named"].Success)
        {
            p.Offset = m.Groups["named"].Value switch
            {
                "EST" => -5 * 60, "EDT" => -4 * 60, "CST" => -6 * 60, "CDT" => -5 * 60,
                "MST" => -7 * 60, "MDT" => -6 * 60, "PST" => -8 * 60, "PDT" => -7 * 60,
                _ => 0,
            };
        }
        else if (m.Groups["mil"].Success)
        {
            p.Offset = 0;
        }
        else
        {
            p.Offset = TimeZones.ParseOffset(m.Groups["off"].Value);
        }

        return p;
    }

    private static ParsedParts DateFromGroups(Match m)
    {
        var p = new ParsedParts();
        var y = Int(m.Groups["y"].Value);
        if (m.Groups["y"].Value.Length == 2)
        {
            y = y > 60 ? 1900 + y : 2000 + y;
        }

        p.Fields[0] = y;
        p.Fields[1] = Array.IndexOf(LuxonFormat.MonthsShort, m.Groups["M"].Value) + 1;
        p.Fields[2] = Int(m.Groups["d"].Value.Trim());
        p.Fields[3] = Int(m.Groups["h"].Value);
        p.Fields[4] = Int(m.Groups["m"].Value);
        p.Fields[5] = m.Groups["s"].Success ? Int(m.Groups["s"].Value) : 0;
        p.Fields[6] = 0;
        return p;
    }

    /// <summary>Luxon <c>fromFormat</c>: builds an anchored, case-insensitive pattern from the tokens.</summary>
    public static ParsedParts? Format(string text, string format)
    {
        var handlers = new List<string>();
        var pattern = new StringBuilder("^");
        foreach (var (token, literal) in LuxonFormat.Tokenize(ExpandMacros(format)))
        {
            if (literal || TokenPattern(token) is not { } rx)
            {
                pattern.Append(Regex.Escape(token).Replace("\\ ", "[ \u00a0]", StringComparison.Ordinal));
                continue;
            }

            pattern.Append('(').Append(rx).Append(')');
            handlers.Add(token);
        }

        pattern.Append('$');
        var m = Regex.Match(text, pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        if (!m.Success)
        {
            return null;
        }

        var p = new ParsedParts();
        string? meridiem = null;
        for (var i = 0; i < handlers.Count; i++)
        {
            var v = m.Groups[i + 1].Value;
            switch (handlers[i])
            {
                case "yyyy" or "y" or "yyyyy" or "yyyyyy":
                    p.Fields[0] = Int(v);
                    break;
                case "yy":
                    var yy = Int(v);
                    p.Fields[0] = yy > 60 ? 1900 + yy : 2000 + yy;
                    break;
                case "M" or "MM" or "L" or "LL":
                    p.Fields[1] = Int(v);
                    break;
                case "MMM" or "LLL":
                    p.Fields[1] = IndexOf(LuxonFormat.MonthsShort, v) + 1;
                    break;
                case "MMMM" or "LLLL":
                    p.Fields[1] = IndexOf(LuxonFormat.MonthsLong, v) + 1;
                    break;
                case "d" or "dd":
                    p.Fields[2] = Int(v);
                    break;
                case "o" or "ooo":
                    p.Ordinal = Int(v);
                    break;
                case "H" or "HH" or "h" or "hh":
                    p.Fields[3] = Int(v);
                    break;
                case "m" or "mm":
                    p.Fields[4] = Int(v);
                    break;
                case "s" or "ss":
                    p.Fields[5] = Int(v);
                    break;
                case "S" or "SSS":
                    p.Fields[6] = Int(v);
                    break;
                case "u" or "uu" or "uuu":
                    p.Fields[6] = Fraction(v);
                    break;
                case "a":
                    meridiem = v.ToUpperInvariant();
                    break;
                case "E" or "c":
                    p.Weekday = Int(v);
                    break;
                case "EEE" or "ccc":
                    p.Weekday = IndexOf(LuxonFormat.WeekdaysShort, v) + 1;
                    break;
                case "EEEE" or "cccc":
                    p.Weekday = IndexOf(LuxonFormat.WeekdaysLong, v) + 1;
                    break;
                case "Z" or "ZZ" or "ZZZ":
                    p.Offset = TimeZones.ParseOffset(v);
                    break;
                case "z":
                    p.Zone = TimeZones.Parse(v, FixedOffsetZone.Utc);
                    if (p.Zone is null)
                    {
                        return null;
                    }

                    break;
                case "W" or "WW":
                    p.WeekNumber = Int(v);
                    break;
                case "kkkk":
                    p.WeekYear = Int(v);
                    break;
                case "kk":
                    p.WeekYear = 2000 + Int(v);
                    break;
                case "q" or "qq":
                    p.Fields[1] = ((Int(v) - 1) * 3) + 1;
                    break;
                case "X":
                    SetFromMillis(p, double.Parse(v, CultureInfo.InvariantCulture) * 1000);
                    break;
                case "x":
                    SetFromMillis(p, double.Parse(v, CultureInfo.InvariantCulture));
                    break;
            }
        }

        if (meridiem is not null && p.Fields[3] is { } hour)
        {
            p.Fields[3] = (hour % 12) + (meridiem == "PM" ? 12 : 0);
        }

        if (p.Weekday is not null && p.WeekNumber is null && p.Fields[2] is not null)
        {
            p.Weekday = null; // a weekday beside a full date is only decoration
        }

        return p;
    }

    private static void SetFromMillis(ParsedParts p, double ms)
    {
        var f = LocalFields.FromLocalMillis(ms);
        (p.Fields[0], p.Fields[1], p.Fields[2], p.Fields[3], p.Fields[4], p.Fields[5], p.Fields[6]) = (f.Year, f.Month, f.Day, f.Hour, f.Minute, f.Second, f.Millisecond);
        p.Offset = 0;
    }

    private static string ExpandMacros(string format)
    {
        var sb = new StringBuilder();
        foreach (var (token, literal) in LuxonFormat.Tokenize(format))
        {
            var expanded = literal ? null : token switch
            {
                "D" => "M/d/yyyy",
                "DD" => "MMM d, yyyy",
                "DDD" => "MMMM d, yyyy",
                "DDDD" => "EEEE, MMMM d, yyyy",
                "t" => "h:mm a",
                "tt" => "h:mm:ss a",
                "T" => "HH:mm",
                "TT" => "HH:mm:ss",
                "f" => "M/d/yyyy, h:mm a",
                "F" => "M/d/yyyy, h:mm:ss a",
                _ => null,
            };
            sb.Append(expanded ?? (literal ? "'" + token + "'" : token));
        }

        return sb.ToString();
    }

    private static string? TokenPattern(string token) => token switch
    {
        "yyyy" => @"\d{4}",
        "yy" or "kk" => @"\d{2}",
        "y" => @"[+-]?\d{1,6}",
        "yyyyy" => @"\d{4,6}",
        "yyyyyy" => @"\d{6}",
        "kkkk" => @"\d{4}",
        "M" or "L" or "d" or "H" or "h" or "m" or "s" or "W" or "q" => @"\d{1,2}",
        "MM" or "LL" or "dd" or "HH" or "hh" or "mm" or "ss" or "WW" or "qq" => @"\d{2}",
        "MMM" or "LLL" => string.Join('|', LuxonFormat.MonthsShort),
        "MMMM" or "LLLL" => string.Join('|', LuxonFormat.MonthsLong),
        "o" => @"\d{1,3}",
        "ooo" => @"\d{3}",
        "S" => @"\d{1,3}",
        "SSS" => @"\d{3}",
        "u" or "uu" or "uuu" => @"\d+",
        "a" => "AM|PM",
        "E" or "c" => "[1-7]",
        "EEE" or "ccc" => string.Join('|', LuxonFormat.WeekdaysShort),
        "EEEE" or "cccc" => string.Join('|', LuxonFormat.WeekdaysLong),
        "Z" => @"[+-]\d{1,2}(?::\d{2})?",
        "ZZ" => @"[+-]\d{2}:\d{2}",
        "ZZZ" => @"[+-]\d{4}",
        "z" => @"[A-Za-z_]+(?:/[A-Za-z_+-]+)*",
        // Luxon 3.7 lists X and x as parse tokens but never matches them: fromFormat with either is always invalid.
        "X" or "x" => "(?!)",
        _ => null,
    };

    private static int IndexOf(string[] names, string value) =>
        Array.FindIndex(names, n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));

    private static int Int(string s) => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static int Fraction(string digits) =>
        (int)Math.Floor(double.Parse("0." + digits, CultureInfo.InvariantCulture) * 1000);

    /// <summary>
    /// Turns parsed parts into a DateTime, as Luxon does: an offset in the text fixes the instant; the result is shown in
    /// <paramref name="zone"/> unless <paramref name="setZone"/> keeps the text's own offset. Missing larger units default to now.
    /// </summary>
    public static LuxonDateTime Build(ParsedParts? parts, LuxonZone zone, bool setZone, LuxonSettings settings, string what)
    {
        if (parts is null)
        {
            return LuxonDateTime.Invalid("unparsable", $"the input \"{what}\" can't be parsed", settings);
        }

        var textZone = parts.Zone ?? (parts.Offset is { } o ? (o == 0 ? FixedOffsetZone.Utc : new FixedOffsetZone(o)) : null);
        var interpretIn = textZone ?? zone;
        var dt = FromParts(parts, interpretIn, settings, parts.Offset);
        if (!dt.IsValid)
        {
            return dt;
        }

        return textZone is not null && !setZone ? dt.SetZone(zone) : dt;
    }

    /// <summary>Luxon <c>fromObject</c> semantics over parsed parts: defaults, validation and zone resolution.</summary>
    public static LuxonDateTime FromParts(ParsedParts parts, LuxonZone zone, LuxonSettings settings, int? specificOffset = null)
    {
        var f = parts.Fields;
        var now = new LuxonDateTime(settings.NowMillis, zone, settings);
        int year, month, day;
        if (parts.WeekYear is not null || parts.WeekNumber is not null || (parts.Weekday is not null && f[0] is null && f[1] is null && f[2] is null))
        {
            var w = now.IsoWeek;
            var weekGiven = parts.WeekYear is not null || parts.WeekNumber is not null;
            (year, month, day) = Calendar.FromIsoWeek(parts.WeekYear ?? w.WeekYear, parts.WeekNumber ?? (weekGiven ? 1 : w.WeekNumber), parts.Weekday ?? 1);
            f[0] = year;
            f[1] = month;
            f[2] = day;
        }
        else if (parts.Ordinal is { } ordinal)
        {
            var y = f[0] ?? now.Local.Year;
            if (ordinal < 1 || ordinal > Calendar.DaysInYear(y))
            {
                return LuxonDateTime.Invalid("unit out of range", $"you specified {ordinal} (of type number) as a ordinal, which is invalid", settings);
            }

            (year, month, day) = Calendar.FromOrdinal(y, ordinal);
            f[0] = year;
            f[1] = month;
            f[2] = day;
        }

        int[] nowFields = [now.Local.Year, now.Local.Month, now.Local.Day, now.Local.Hour, now.Local.Minute, now.Local.Second, now.Local.Millisecond];
        int[] defaults = [1, 1, 1, 0, 0, 0, 0];
        var first = Array.FindIndex(f, x => x is not null);
        var values = new int[7];
        for (var i = 0; i < 7; i++)
        {
            values[i] = f[i] ?? (first < 0 || i < first ? nowFields[i] : defaults[i]);
        }

        var error = Validate(values);
        if (error is not null)
        {
            return LuxonDateTime.Invalid("unit out of range", error, settings);
        }

        var fields = new LocalFields(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
        if (specificOffset is { } offset)
        {
            return new LuxonDateTime(LuxonDateTime.NormalizedLocalMillis(fields) - (offset * 60_000d), zone, settings);
        }

        var (ms, _) = LuxonDateTime.LocalToEpoch(LuxonDateTime.NormalizedLocalMillis(fields), zone.OffsetAt(settings.NowMillis), zone);
        return new LuxonDateTime(ms, zone, settings);
    }

    private static string? Validate(int[] v)
    {
        bool Bad(int i, int min, int max) => v[i] < min || v[i] > max;
        var index = Bad(1, 1, 12) ? 1
            : Bad(2, 1, Calendar.DaysInMonth(v[0], v[1])) ? 2
            : Bad(3, 0, 23) && !(v[3] == 24 && v[4] == 0 && v[5] == 0 && v[6] == 0) ? 3
            : Bad(4, 0, 59) ? 4
            : Bad(5, 0, 59) ? 5
            : Bad(6, 0, 999) ? 6
            : -1;
        return index < 0 ? null : $"you specified {v[index]} (of type number) as a {FieldNames[index]}, which is invalid";
    }

    /// <summary>Reads a <c>{ year, month, … }</c> object into parts (Luxon <c>fromObject</c>).</summary>
    public static ParsedParts FromJsObject(JsObject obj)
    {
        var p = new ParsedParts();
        foreach (var (key, value) in obj)
        {
            var n = (int)JsConvert.ToNumber(value);
            switch (key)
            {
                case "year" or "years": p.Fields[0] = n; break;
                case "month" or "months": p.Fields[1] = n; break;
                case "day" or "days": p.Fields[2] = n; break;
                case "hour" or "hours": p.Fields[3] = n; break;
                case "minute" or "minutes": p.Fields[4] = n; break;
                case "second" or "seconds": p.Fields[5] = n; break;
                case "millisecond" or "milliseconds": p.Fields[6] = n; break;
                case "weekYear": p.WeekYear = n; break;
                case "weekNumber": p.WeekNumber = n; break;
                case "weekday": p.Weekday = n; break;
                case "ordinal": p.Ordinal = n; break;
                default: throw JsHostException.Range($"Invalid unit {key}");
            }
        }

        return p;
    }
}
