using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>
/// A JavaScript <c>Date</c>: a mutable instant in milliseconds (NaN for "Invalid Date"). Its local time is the server
/// process's zone as in n8n (UTC by default), not the workflow's zone.
/// </summary>
public sealed class JsDate : IJsHostObject, IJsPrimitive, IJsonConvertible
{
    internal JsDate(double time, LuxonSettings settings)
    {
        Settings = settings;
        Time = TimeClip(time);
    }

    /// <summary>Milliseconds since the epoch, or NaN when invalid.</summary>
    public double Time { get; private set; }

    internal LuxonSettings Settings { get; }

    private LuxonZone Zone => Settings.DateZone;

    internal static double TimeClip(double t) => double.IsNaN(t) || Math.Abs(t) > 8.64e15 ? double.NaN : Math.Truncate(t) + 0;

    private int OffsetMinutes => Zone.OffsetAt(Time);

    private LocalFields LocalFieldsAt(bool utc) =>
        LocalFields.FromLocalMillis(Time + (utc ? 0 : OffsetMinutes * 60_000d));

    /// <summary>The ISO string (toISOString); throws RangeError when invalid, like JavaScript.</summary>
    public string ToIsoString()
    {
        if (double.IsNaN(Time))
        {
            throw JsHostException.Range("Invalid time value");
        }

        var f = LocalFieldsAt(true);
        return $"{LuxonFormat.IsoYear(f.Year)}-{LuxonFormat.Pad(f.Month, 2)}-{LuxonFormat.Pad(f.Day, 2)}T{LuxonFormat.Pad(f.Hour, 2)}:{LuxonFormat.Pad(f.Minute, 2)}:{LuxonFormat.Pad(f.Second, 2)}.{LuxonFormat.Pad(f.Millisecond, 3)}Z";
    }

    /// <inheritdoc />
    public JsValue ToJsonValue() => double.IsNaN(Time) ? JsValue.Null : ToIsoString();

    /// <inheritdoc />
    public JsValue ToPrimitive(bool preferString) => preferString ? ToString() : Time;

    /// <inheritdoc />
    public override string ToString() => double.IsNaN(Time) ? "Invalid Date" : DateString() + " " + TimeString();

    private string DateString()
    {
        var f = LocalFieldsAt(false);
        var wd = Calendar.Weekday(f.Year, f.Month, f.Day);
        return $"{LuxonFormat.WeekdaysShort[wd - 1]} {LuxonFormat.MonthsShort[f.Month - 1]} {LuxonFormat.Pad(f.Day, 2)} {YearText(f.Year)}";
    }

    private static string YearText(int year) => year < 0 ? "-" + LuxonFormat.Pad(-year, 6) : LuxonFormat.Pad(year, 4);

    private string TimeString()
    {
        var f = LocalFieldsAt(false);
        var offset = OffsetMinutes;
        return $"{LuxonFormat.Pad(f.Hour, 2)}:{LuxonFormat.Pad(f.Minute, 2)}:{LuxonFormat.Pad(f.Second, 2)} GMT{TimeZones.FormatOffset(offset, "techie")} ({(Zone.IsFixed ? TimeZones.GmtNameLong(offset) : Zone.OffsetNameLong(Time))})";
    }

    private string UtcString()
    {
        var f = LocalFieldsAt(true);
        var wd = Calendar.Weekday(f.Year, f.Month, f.Day);
        return $"{LuxonFormat.WeekdaysShort[wd - 1]}, {LuxonFormat.Pad(f.Day, 2)} {LuxonFormat.MonthsShort[f.Month - 1]} {YearText(f.Year)} {LuxonFormat.Pad(f.Hour, 2)}:{LuxonFormat.Pad(f.Minute, 2)}:{LuxonFormat.Pad(f.Second, 2)} GMT";
    }

    /// <inheritdoc />
    public JsValue GetMember(string name)
    {
        var invalid = double.IsNaN(Time);
        JsValue Field(bool utc, Func<LocalFields, int> pick) => invalid ? double.NaN : pick(LocalFieldsAt(utc));
        return name switch
        {
            "getTime" or "valueOf" => Fn(name, _ => Time),
            "getFullYear" => Fn(name, _ => Field(false, f => f.Year)),
            "getUTCFullYear" => Fn(name, _ => Field(true, f => f.Year)),
            "getMonth" => Fn(name, _ => Field(false, f => f.Month - 1)),
            "getUTCMonth" => Fn(name, _ => Field(true, f => f.Month - 1)),
            "getDate" => Fn(name, _ => Field(false, f => f.Day)),
            "getUTCDate" => Fn(name, _ => Field(true, f => f.Day)),
            "getDay" => Fn(name, _ => Field(false, f => Calendar.Weekday(f.Year, f.Month, f.Day) % 7)),
            "getUTCDay" => Fn(name, _ => Field(true, f => Calendar.Weekday(f.Year, f.Month, f.Day) % 7)),
            "getHours" => Fn(name, _ => Field(false, f => f.Hour)),
            "getUTCHours" => Fn(name, _ => Field(true, f => f.Hour)),
            "getMinutes" => Fn(name, _ => Field(false, f => f.Minute)),
            "getUTCMinutes" => Fn(name, _ => Field(true, f => f.Minute)),
            "getSeconds" => Fn(name, _ => Field(false, f => f.Second)),
            "getUTCSeconds" => Fn(name, _ => Field(true, f => f.Second)),
            "getMilliseconds" => Fn(name, _ => Field(false, f => f.Millisecond)),
            "getUTCMilliseconds" => Fn(name, _ => Field(true, f => f.Millisecond)),
            "getTimezoneOffset" => Fn(name, _ => invalid ? double.NaN : -OffsetMinutes + 0d),
            "getYear" => Fn(name, _ => Field(false, f => f.Year - 1900)),
            "setTime" => Fn(name, a => Time = TimeClip(JsConvert.ToNumber(HostArgs.At(a, 0)))),
            "setFullYear" => Fn(name, a => SetFields(false, a, 0)),
            "setUTCFullYear" => Fn(name, a => SetFields(true, a, 0)),
            "setMonth" => Fn(name, a => SetFields(false, a, 1)),
            "setUTCMonth" => Fn(name, a => SetFields(true, a, 1)),
            "setDate" => Fn(name, a => SetFields(false, a, 2, 1)),
            "setUTCDate" => Fn(name, a => SetFields(true, a, 2, 1)),
            "setHours" => Fn(name, a => SetFields(false, a, 3)),
            "setUTCHours" => Fn(name, a => SetFields(true, a, 3)),
            "setMinutes" => Fn(name, a => SetFields(false, a, 4)),
            "setUTCMinutes" => Fn(name, a => SetFields(true, a, 4)),
            "setSeconds" => Fn(name, a => SetFields(false, a, 5)),
            "setUTCSeconds" => Fn(name, a => SetFields(true, a, 5)),
            "setMilliseconds" => Fn(name, a => SetFields(false, a, 6, 1)),
            "setUTCMilliseconds" => Fn(name, a => SetFields(true, a, 6, 1)),
            "toISOString" => Fn(name, _ => ToIsoString()),
            "toJSON" => Fn(name, _ => ToJsonValue()),
            "toString" => Fn(name, _ => ToString()),
            "toDateString" => Fn(name, _ => invalid ? "Invalid Date" : DateString()),
            "toTimeString" => Fn(name, _ => invalid ? "Invalid Date" : TimeString()),
            "toUTCString" or "toGMTString" => Fn(name, _ => invalid ? "Invalid Date" : UtcString()),
            "toLocaleString" => Fn(name, a => Locale(a, new IntlOptions(Year: "numeric", Month: "numeric", Day: "numeric", Hour: "numeric", Minute: "2-digit", Second: "2-digit"))),
            "toLocaleDateString" => Fn(name, a => Locale(a, new IntlOptions(Year: "numeric", Month: "numeric", Day: "numeric"))),
            "toLocaleTimeString" => Fn(name, a => Locale(a, new IntlOptions(Hour: "numeric", Minute: "2-digit", Second: "2-digit"))),
            _ => JsValue.Undefined,
        };
    }

    private static JsValue Fn(string name, HostFunction.Body body) => HostFunction.Of(name, body);

    private string Locale(ReadOnlySpan<JsValue> args, IntlOptions defaults)
    {
        if (double.IsNaN(Time))
        {
            return "Invalid Date";
        }

        var options = HostArgs.At(args, 1).TryGetObject();
        var zone = Zone;
        if (options?["timeZone"] is { IsString: true } tz)
        {
            zone = TimeZones.Parse(tz.AsString(), Settings.DefaultZone, Settings.SystemZone) ?? throw JsHostException.Range($"Invalid time zone specified: {tz.AsString()}");
        }

        var opts = options is null ? defaults : IntlOptions.From(options);
        if (options is not null && opts is { Year: null, Month: null, Day: null, Weekday: null, Hour: null, Minute: null, Second: null })
        {
            opts = defaults with { TimeZoneName = opts.TimeZoneName, Hour12 = opts.Hour12 };
        }

        // V8 prints a plain space before AM/PM in Date's toLocale*String.
        return LuxonFormat.Intl(new LuxonDateTime(Time, zone, Settings), opts).Replace(LuxonFormat.AmPmSpace, " ", StringComparison.Ordinal);
    }

    /// <summary>The set* methods: replace fields from <paramref name="first"/> on, up to <paramref name="maxArgs"/> of them.</summary>
    private JsValue SetFields(bool utc, ReadOnlySpan<JsValue> args, int first, int maxArgs = 4)
    {
        var baseTime = double.IsNaN(Time) && first == 0 ? 0 : Time;
        if (double.IsNaN(baseTime))
        {
            return double.NaN;
        }

        var offset = utc ? 0 : Zone.OffsetAt(baseTime);
        var f = LocalFields.FromLocalMillis(baseTime + (offset * 60_000d));
        double[] v = [f.Year, f.Month - 1, f.Day, f.Hour, f.Minute, f.Second, f.Millisecond];
        var count = Math.Min(Math.Max(args.Length, 1), Math.Min(maxArgs, 7 - first));
        for (var i = 0; i < count; i++)
        {
            v[first + i] = JsConvert.ToNumber(HostArgs.At(args, i));
        }

        Time = MakeTime(v, utc ? FixedOffsetZone.Utc : Zone);
        return Time;
    }

    /// <summary>JavaScript MakeDate/MakeTime over (year, monthIndex, day, h, m, s, ms), then local→UTC in <paramref name="zone"/>.</summary>
    internal static double MakeTime(double[] v, LuxonZone zone)
    {
        foreach (var x in v)
        {
            if (!double.IsFinite(x))
            {
                return double.NaN;
            }
        }

        var y = Math.Truncate(v[0]);
        var m = Math.Truncate(v[1]);
        var ym = y + Math.Floor(m / 12);
        var mn = (int)(((m % 12) + 12) % 12);
        if (Math.Abs(ym) > 400_000)
        {
            return double.NaN;
        }

        var days = Calendar.DaysFromCivil((long)ym, mn + 1, 1) + Math.Truncate(v[2]) - 1;
        var local = (days * 86_400_000d) + (Math.Truncate(v[3]) * 3_600_000d) + (Math.Truncate(v[4]) * 60_000d) + (Math.Truncate(v[5]) * 1000d) + Math.Truncate(v[6]);
        if (zone.IsFixed)
        {
            return TimeClip(local - (zone.OffsetAt(local) * 60_000d));
        }

        var (ms, _) = LuxonDateTime.LocalToEpoch(local, zone.OffsetAt(local), zone);
        return TimeClip(ms);
    }
}
