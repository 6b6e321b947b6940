using System.Globalization;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>Options of <c>toISO</c>/<c>toISOTime</c>.</summary>
internal sealed record IsoOptions(
    bool SuppressMilliseconds = false,
    bool SuppressSeconds = false,
    bool IncludeOffset = true,
    bool Basic = false,
    bool IncludePrefix = false,
    bool ExtendedZone = false)
{
    public static IsoOptions Default { get; } = new();

    public static IsoOptions From(JsValue o) => o.IsObject
        ? new IsoOptions(
            HostArgs.OptBool(o, "suppressMilliseconds"),
            HostArgs.OptBool(o, "suppressSeconds"),
            HostArgs.OptBool(o, "includeOffset", true),
            HostArgs.OptString(o, "format") == "basic",
            HostArgs.OptBool(o, "includePrefix"),
            HostArgs.OptBool(o, "extendedZone"))
        : Default;
}

/// <summary>en-US Intl.DateTimeFormat options (the subset Luxon presets and toLocaleString use).</summary>
internal sealed record IntlOptions(
    string? Weekday = null,
    string? Year = null,
    string? Month = null,
    string? Day = null,
    string? Hour = null,
    string? Minute = null,
    string? Second = null,
    string? TimeZoneName = null,
    bool Hour12 = true)
{
    public static IntlOptions From(JsObject o)
    {
        string? S(string k) => o[k] is { IsString: true } v ? v.AsString() : null;
        var hour12 = !(o["hourCycle"] is { IsString: true } hc && hc.AsString() is "h23" or "h24") && !(o["hour12"] is { IsBoolean: true } h && !h.AsBoolean());
        return new IntlOptions(S("weekday"), S("year"), S("month"), S("day"), S("hour"), S("minute"), S("second"), S("timeZoneName"), hour12);
    }

    public JsObject ToJsObject()
    {
        var o = new JsObject();
        void Add(string k, string? v)
        {
            if (v is not null)
            {
                o.Set(k, v);
            }
        }

        Add("weekday", Weekday);
        Add("year", Year);
        Add("month", Month);
        Add("day", Day);
        Add("hour", Hour);
        Add("minute", Minute);
        Add("second", Second);
        Add("timeZoneName", TimeZoneName);
        if (!Hour12)
        {
            o.Set("hourCycle", "h23");
        }

        return o;
    }
}

/// <summary>Luxon formatting: ISO, <c>toFormat</c> tokens and the en-US presets of <c>toLocaleString</c>.</summary>
internal static class LuxonFormat
{
    /// <summary>Node 20's ICU puts a narrow no-break space between the time and AM/PM.</summary>
    public const string AmPmSpace = "\u202F";

    public static readonly string[] MonthsLong = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    public static readonly string[] MonthsShort = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    public static readonly string[] WeekdaysLong = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    public static readonly string[] WeekdaysShort = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    public static readonly Dictionary<string, IntlOptions> Presets = new()
    {
        ["DATE_SHORT"] = new(Year: "numeric", Month: "numeric", Day: "numeric"),
        ["DATE_MED"] = new(Year: "numeric", Month: "short", Day: "numeric"),
        ["DATE_MED_WITH_WEEKDAY"] = new(Year: "numeric", Month: "short", Day: "numeric", Weekday: "short"),
        ["DATE_FULL"] = new(Year: "numeric", Month: "long", Day: "numeric"),
        ["DATE_HUGE"] = new(Year: "numeric", Month: "long", Day: "numeric", Weekday: "long"),
        ["TIME_SIMPLE"] = new(Hour: "numeric", Minute: "2-digit"),
        ["TIME_WITH_SECONDS"] = new(Hour: "numeric", Minute: "2-digit", Second: "2-digit"),
        ["TIME_WITH_SHORT_OFFSET"] = new(Hour: "numeric", Minute: "2-digit", Second: "2-digit", TimeZoneName: "short"),
        ["TIME_WITH_LONG_OFFSET"] = new(Hour: "numeric", Minute: "2-digit", Second: "2-digit", TimeZoneName: "long"),
        ["TIME_24_SIMPLE"] = new(Hour: "numeric", Minute: "2-digit", Hour12: false),
        ["TIME_24_WITH_SECONDS"] = new(Hour: "numeric", Minute: "2-digit", Second: "2-digit", Hour12: false),
        ["TIME_24_WITH_SHORT_OFFSET"] = new(Hour: "numeric", Minute: "2-digit", Second: "2-digit", TimeZoneName: "short", Hour12: false),
        ["TIME_24_WITH_LONG_OFFSET"] = new(Hour: "numeric", Minute: "2-digit", Second: "2-digit", TimeZoneName: "long", Hour12: false),
        ["DATETIME_SHORT"] = new(Year: "numeric", Month: "numeric", Day: "numeric", Hour: "numeric", Minute: "2-digit"),
        ["DATETIME_SHORT_WITH_SECONDS"] = new(Year: "numeric", Month: "numeric", Day: "numeric", Hour: "numeric", Minute: "2-digit", Second: "2-digit"),
        ["DATETIME_MED"] = new(Year: "numeric", Month: "short", Day: "numeric", Hour: "numeric", Minute: "2-digit"),
        ["DATETIME_MED_WITH_SECONDS"] = new(Year: "numeric", Month: "short", Day: "numeric", Hour: "numeric", Minute: "2-digit", Second: "2-digit"),
        ["DATETIME_MED_WITH_WEEKDAY"] = new(Year: "numeric", Month: "short", Day: "numeric", Weekday: "short", Hour: "numeric", Minute: "2-digit"),
        ["DATETIME_FULL"] = new(Year: "numeric", Month: "long", Day: "numeric", Hour: "numeric", Minute: "2-digit", TimeZoneName: "short"),
        ["DATETIME_FULL_WITH_SECONDS"] = new(Year: "numeric", Month: "long", Day: "numeric", Hour: "numeric", Minute: "2-digit", Second: "2-digit", TimeZoneName: "short"),
        ["DATETIME_HUGE"] = new(Year: "numeric", Month: "long", Day: "numeric", Weekday: "long", Hour: "numeric", Minute: "2-digit", TimeZoneName: "long"),
        ["DATETIME_HUGE_WITH_SECONDS"] = new(Year: "numeric", Month: "long", Day: "numeric", Weekday: "long", Hour: "numeric", Minute: "2-digit", Second: "2-digit", TimeZoneName: "long"),
    };

    private static readonly Dictionary<string, string> Macros = new()
    {
        ["D"] = "DATE_SHORT", ["DD"] = "DATE_MED", ["DDD"] = "DATE_FULL", ["DDDD"] = "DATE_HUGE",
        ["t"] = "TIME_SIMPLE", ["tt"] = "TIME_WITH_SECONDS", ["ttt"] = "TIME_WITH_SHORT_OFFSET", ["tttt"] = "TIME_WITH_LONG_OFFSET",
        ["T"] = "TIME_24_SIMPLE", ["TT"] = "TIME_24_WITH_SECONDS", ["TTT"] = "TIME_24_WITH_SHORT_OFFSET", ["TTTT"] = "TIME_24_WITH_LONG_OFFSET",
        ["f"] = "DATETIME_SHORT", ["ff"] = "DATETIME_MED", ["fff"] = "DATETIME_FULL", ["ffff"] = "DATETIME_HUGE",
        ["F"] = "DATETIME_SHORT_WITH_SECONDS", ["FF"] = "DATETIME_MED_WITH_SECONDS", ["FFF"] = "DATETIME_FULL_WITH_SECONDS", ["FFFF"] = "DATETIME_HUGE_WITH_SECONDS",
    };

    public static string FormatNumber(double n) => JsNumber.ToString(n);

    public static string Pad(long n, int width)
    {
        var s = Math.Abs(n).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
        return n < 0 ? "-" + s : s;
    }

    public static string IsoYear(int year) => year is >= 0 and <= 9999 ? Pad(year, 4) : (year < 0 ? "-" : "+") + Pad(Math.Abs(year), 6);

    public static string IsoDate(LuxonDateTime dt, bool basic = false)
    {
        var l = dt.Local;
        var sep = basic ? "" : "-";
        return $"{IsoYear(l.Year)}{sep}{Pad(l.Month, 2)}{sep}{Pad(l.Day, 2)}";
    }

    public static string IsoTime(LuxonDateTime dt, IsoOptions o)
    {
        var l = dt.Local;
        var sep = o.Basic ? "" : ":";
        var sb = new StringBuilder();
        if (o.IncludePrefix)
        {
            sb.Append('T');
        }

        sb.Append(Pad(l.Hour, 2)).Append(sep).Append(Pad(l.Minute, 2));
        if (!(o.SuppressSeconds && l.Second == 0 && l.Millisecond == 0))
        {
            sb.Append(sep).Append(Pad(l.Second, 2));
            if (!(o.SuppressMilliseconds && l.Millisecond == 0))
            {
                sb.Append('.').Append(Pad(l.Millisecond, 3));
            }
        }

        if (o.IncludeOffset)
        {
            if (dt.Zone.IsFixed && dt.Offset == 0 && !o.ExtendedZone)
            {
                sb.Append('Z');
            }
            else
            {
                sb.Append(TimeZones.FormatOffset(dt.Offset, o.Basic ? "techie" : "short"));
            }
        }

        if (o.ExtendedZone)
        {
            sb.Append('[').Append(dt.Zone.Name).Append(']');
        }

        return sb.ToString();
    }

    public static string Iso(LuxonDateTime dt, IsoOptions o) => IsoDate(dt, o.Basic) + "T" + IsoTime(dt, o with { IncludePrefix = false });

    public static string IsoWeekDate(LuxonDateTime dt)
    {
        var w = dt.IsoWeek;
        return $"{IsoYear(w.WeekYear)}-W{Pad(w.WeekNumber, 2)}-{w.Weekday}";
    }

    /// <summary>Luxon <c>toFormat</c>: runs of one letter are tokens, text in single quotes is literal.</summary>
    public static string ToFormat(LuxonDateTime dt, string format)
    {
        if (!dt.IsValid)
        {
            return "Invalid DateTime";
        }

        var sb = new StringBuilder(format.Length + 8);
        foreach (var (token, literal) in Tokenize(format))
        {
            sb.Append(literal ? token : TokenToString(dt, token));
        }

        return sb.ToString();
    }

    public static List<(string Token, bool Literal)> Tokenize(string format)
    {
        var tokens = new List<(string, bool)>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in format)
        {
            if (c == '\'')
            {
                if (current.Length > 0)
                {
                    tokens.Add((current.ToString(), quoted));
                    current.Clear();
                }

                quoted = !quoted;
            }
            else if (quoted || current.Length == 0 || current[0] == c)
            {
                current.Append(c);
            }
            else
            {
                tokens.Add((current.ToString(), false));
                current.Clear().Append(c);
            }
        }

        if (current.Length > 0)
        {
            tokens.Add((current.ToString(), quoted));
        }

        return tokens;
    }

    private static string TokenToString(LuxonDateTime dt, string token)
    {
        var l = dt.Local;
        var hour12 = l.Hour % 12 == 0 ? 12 : l.Hour % 12;
        return token switch
        {
            "S" => l.Millisecond.ToString(CultureInfo.InvariantCulture),
            "u" or "SSS" => Pad(l.Millisecond, 3),
            "uu" => Pad(l.Millisecond / 10, 2),
            "uuu" => (l.Millisecond / 100).ToString(CultureInfo.InvariantCulture),
            "s" => l.Second.ToString(CultureInfo.InvariantCulture),
            "ss" => Pad(l.Second, 2),
            "m" => l.Minute.ToString(CultureInfo.InvariantCulture),
            "mm" => Pad(l.Minute, 2),
            "h" => hour12.ToString(CultureInfo.InvariantCulture),
            "hh" => Pad(hour12, 2),
            "H" => l.Hour.ToString(CultureInfo.InvariantCulture),
            "HH" => Pad(l.Hour, 2),
            "K" => (l.Hour % 12).ToString(CultureInfo.InvariantCulture),
            "KK" => Pad(l.Hour % 12, 2),
            "Z" => TimeZones.FormatOffset(dt.Offset, "narrow"),
            "ZZ" => TimeZones.FormatOffset(dt.Offset, "short"),
            "ZZZ" => TimeZones.FormatOffset(dt.Offset, "techie"),
            "ZZZZ" => dt.Zone.OffsetNameShort(dt.Millis),
            "ZZZZZ" => dt.Zone.OffsetNameLong(dt.Millis),
            "z" => dt.Zone.Name,
            "a" => LocaleNames.Meridiem(dt.Locale, l.Hour),
            "d" => l.Day.ToString(CultureInfo.InvariantCulture),
            "dd" => Pad(l.Day, 2),
            "c" or "E" => dt.Weekday.ToString(CultureInfo.InvariantCulture),
            "ccc" or "EEE" => LocaleNames.Weekday(dt.Locale, dt.Weekday, abbreviated: true),
            "cccc" or "EEEE" => LocaleNames.Weekday(dt.Locale, dt.Weekday, abbreviated: false),
            "ccccc" or "EEEEE" => LocaleNames.Weekday(dt.Locale, dt.Weekday, abbreviated: false)[..1],
            "L" or "M" => l.Month.ToString(CultureInfo.InvariantCulture),
            "LL" or "MM" => Pad(l.Month, 2),
            "LLL" => LocaleNames.Month(dt.Locale, l.Month, abbreviated: true, standalone: true),
            "MMM" => LocaleNames.Month(dt.Locale, l.Month, abbreviated: true, standalone: false),
            "LLLL" => LocaleNames.Month(dt.Locale, l.Month, abbreviated: false, standalone: true),
            "MMMM" => LocaleNames.Month(dt.Locale, l.Month, abbreviated: false, standalone: false),
            "LLLLL" or "MMMMM" => LocaleNames.Month(dt.Locale, l.Month, abbreviated: false, standalone: true)[..1],
            "y" => l.Year.ToString(CultureInfo.InvariantCulture),
            "yy" => Pad(Math.Abs(l.Year) % 100, 2),
            "yyyy" => Pad(l.Year, 4),
            "yyyyyy" => Pad(l.Year, 6),
            "G" => l.Year > 0 ? "AD" : "BC",
            "GG" => l.Year > 0 ? "Anno Domini" : "Before Christ",
            "GGGGG" => l.Year > 0 ? "A" : "B",
            "kk" => Pad(Math.Abs(dt.IsoWeek.WeekYear) % 100, 2),
            "kkkk" => Pad(dt.IsoWeek.WeekYear, 4),
            "W" or "n" => dt.IsoWeek.WeekNumber.ToString(CultureInfo.InvariantCulture),
            "WW" or "nn" => Pad(dt.IsoWeek.WeekNumber, 2),
            "ii" => Pad(Math.Abs(dt.IsoWeek.WeekYear) % 100, 2),
            "iiii" => Pad(dt.IsoWeek.WeekYear, 4),
            "o" => Calendar.Ordinal(l.Year, l.Month, l.Day).ToString(CultureInfo.InvariantCulture),
            "ooo" => Pad(Calendar.Ordinal(l.Year, l.Month, l.Day), 3),
            "q" => dt.Quarter.ToString(CultureInfo.InvariantCulture),
            "qq" => Pad(dt.Quarter, 2),
            "X" => JsNumber.ToString(Math.Floor(dt.Millis / 1000)),
            "x" => JsNumber.ToString(dt.Millis),
            _ => Macros.TryGetValue(token, out var preset) ? Intl(dt, Presets[preset]) : token,
        };
    }

    /// <summary>en-US <c>Intl.DateTimeFormat</c> output for the given options (as Node 20 prints it).</summary>
    public static string Intl(LuxonDateTime dt, IntlOptions o)
    {
        if (!dt.IsValid)
        {
            return "Invalid DateTime";
        }

        var l = dt.Local;
        var date = IntlDate(l.Year, l.Month, l.Day, dt.Weekday, o);
        var time = IntlTime(l.Hour, l.Minute, l.Second, o);
        if (time is not null && o.TimeZoneName is { } tzn)
        {
            time += " " + (tzn == "long" ? dt.Zone.OffsetNameLong(dt.Millis) : dt.Zone.OffsetNameShort(dt.Millis));
        }

        if (date is null)
        {
            return time ?? string.Empty;
        }

        if (time is null)
        {
            return date;
        }

        return date + (o.Month is "long" ? " at " : ", ") + time;
    }

    public static string? IntlDate(int year, int month, int day, int weekday, IntlOptions o)
    {
        if (o.Year is null && o.Month is null && o.Day is null)
        {
            return o.Weekday is null ? null : WeekdayName(weekday, o.Weekday);
        }

        var y = o.Year == "2-digit" ? Pad(Math.Abs(year) % 100, 2) : year.ToString(CultureInfo.InvariantCulture);
        var d = o.Day == "2-digit" ? Pad(day, 2) : day.ToString(CultureInfo.InvariantCulture);
        string text;
        if (o.Month is "short" or "long" or "narrow")
        {
            var m = o.Month == "long" ? MonthsLong[month - 1] : o.Month == "short" ? MonthsShort[month - 1] : MonthsLong[month - 1][..1];
            text = (o.Day is null ? m : $"{m} {d}") + (o.Year is null ? "" : (o.Day is null ? " " : ", ") + y);
        }
        else
        {
            var parts = new List<string>();
            if (o.Month is not null)
            {
                parts.Add(o.Month == "2-digit" ? Pad(month, 2) : month.ToString(CultureInfo.InvariantCulture));
            }

            if (o.Day is not null)
            {
                parts.Add(d);
            }

            if (o.Year is not null)
            {
                parts.Add(y);
            }

            text = string.Join('/', parts);
        }

        return o.Weekday is null ? text : WeekdayName(weekday, o.Weekday) + ", " + text;
    }

    public static string? IntlTime(int hour, int minute, int second, IntlOptions o)
    {
        if (o.Hour is null && o.Minute is null && o.Second is null)
        {
            return null;
        }

        var sb = new StringBuilder();
        if (o.Hour is not null)
        {
            var h = o.Hour12 ? (hour % 12 == 0 ? 12 : hour % 12) : hour;
            sb.Append(o.Hour == "2-digit" || (!o.Hour12 && o.Minute is not null) ? Pad(h, 2) : h.ToString(CultureInfo.InvariantCulture));
        }

        if (o.Minute is not null)
        {
            if (sb.Length > 0)
            {
                sb.Append(':');
            }

            sb.Append(Pad(minute, 2));
        }

        if (o.Second is not null)
        {
            if (sb.Length > 0)
            {
                sb.Append(':');
            }

            sb.Append(Pad(second, 2));
        }

        if (o.Hour is not null && o.Hour12)
        {
            sb.Append(AmPmSpace).Append(hour < 12 ? "AM" : "PM");
        }

        return sb.ToString();
    }

    private static string WeekdayName(int weekday, string style) => style switch
    {
        "long" => WeekdaysLong[weekday - 1],
        "narrow" => WeekdaysLong[weekday - 1][..1],
        _ => WeekdaysShort[weekday - 1],
    };

    public static string Http(LuxonDateTime dt)
    {
        var u = dt.SetZone(FixedOffsetZone.Utc);
        var l = u.Local;
        return $"{WeekdaysShort[u.Weekday - 1]}, {Pad(l.Day, 2)} {MonthsShort[l.Month - 1]} {Pad(l.Year, 4)} {Pad(l.Hour, 2)}:{Pad(l.Minute, 2)}:{Pad(l.Second, 2)} GMT";
    }

    public static string Rfc2822(LuxonDateTime dt)
    {
        var l = dt.Local;
        return $"{WeekdaysShort[dt.Weekday - 1]}, {Pad(l.Day, 2)} {MonthsShort[l.Month - 1]} {Pad(l.Year, 4)} {Pad(l.Hour, 2)}:{Pad(l.Minute, 2)}:{Pad(l.Second, 2)} {TimeZones.FormatOffset(dt.Offset, "techie")}";
    }

    public static string SqlTime(LuxonDateTime dt, bool includeOffset = true, bool includeZone = false)
    {
        var l = dt.Local;
        var s = $"{Pad(l.Hour, 2)}:{Pad(l.Minute, 2)}:{Pad(l.Second, 2)}.{Pad(l.Millisecond, 3)}";
        if (includeOffset)
        {
            s += " " + (dt.Zone.IsFixed && dt.Offset == 0 ? "Z" : TimeZones.FormatOffset(dt.Offset, "short"));
        }

        if (includeZone)
        {
            s += " " + dt.Zone.Name;
        }

        return s;
    }

    /// <summary>en-US Intl.RelativeTimeFormat with numeric "always" ("in 2 days", "3 hours ago").</summary>
    public static string Relative(double count, DurationUnit unit, string style = "long")
    {
        var singular = Units.Names[(int)unit][..^1];
        var abs = Math.Abs(count);
        var name = style == "long" ? (abs == 1 ? singular : singular + "s") : ShortUnit(unit);
        var n = JsNumber.ToString(abs);
        return count < 0 || (count == 0 && double.IsNegative(count)) ? $"{n} {name} ago" : $"in {n} {name}";
    }

    private static string ShortUnit(DurationUnit unit) => unit switch
    {
        DurationUnit.Years => "yr.",
        DurationUnit.Quarters => "qtr.",
        DurationUnit.Months => "mo.",
        DurationUnit.Weeks => "wk.",
        DurationUnit.Days => "day",
        DurationUnit.Hours => "hr.",
        DurationUnit.Minutes => "min.",
        _ => "sec.",
    };
}
