using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>
/// A minimal JavaScript <c>Date</c> used until the dates helper's host type is merged (see <see cref="DateBridge"/>):
/// milliseconds since the epoch, UTC and workflow-zone getters, ISO output.
/// </summary>
internal sealed class JsDate(double epochMs, TimeZoneInfo zone) : IJsHostObject, IJsPrimitive, IJsonConvertible
{
    public double EpochMs { get; } = double.IsFinite(epochMs) && System.Math.Abs(epochMs) <= 8.64e15 ? System.Math.Truncate(epochMs) : double.NaN;

    private bool Valid => !double.IsNaN(EpochMs);

    private DateTimeOffset Utc => DateTimeOffset.FromUnixTimeMilliseconds((long)EpochMs);

    private DateTimeOffset Local => TimeZoneInfo.ConvertTime(Utc, zone);

    public JsValue GetMember(string name) => name switch
    {
        "getTime" or "valueOf" => Fn(name, () => JsValue.FromNumber(EpochMs)),
        "toISOString" => Fn(name, () => Valid ? JsValue.FromString(Iso()) : throw JsThrow.RangeError("Invalid time value")),
        "toJSON" => Fn(name, () => Valid ? JsValue.FromString(Iso()) : JsValue.Null),
        "toString" => Fn(name, () => JsValue.FromString(ToString())),
        "toUTCString" => Fn(name, () => JsValue.FromString(Valid ? Utc.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture) : "Invalid Date")),
        "toDateString" => Fn(name, () => JsValue.FromString(Valid ? Local.ToString("ddd MMM dd yyyy", CultureInfo.InvariantCulture) : "Invalid Date")),
        "toLocaleDateString" => Fn(name, () => JsValue.FromString(Valid ? Local.ToString("M/d/yyyy", CultureInfo.InvariantCulture) : "Invalid Date")),
        "toLocaleTimeString" => Fn(name, () => JsValue.FromString(Valid ? Local.ToString("h:mm:ss tt", CultureInfo.InvariantCulture) : "Invalid Date")),
        "toLocaleString" => Fn(name, () => JsValue.FromString(Valid ? Local.ToString("M/d/yyyy, h:mm:ss tt", CultureInfo.InvariantCulture) : "Invalid Date")),
        "getFullYear" => Part(name, d => d.Year, local: true),
        "getMonth" => Part(name, d => d.Month - 1, local: true),
        "getDate" => Part(name, d => d.Day, local: true),
        "getDay" => Part(name, d => (int)d.DayOfWeek, local: true),
        "getHours" => Part(name, d => d.Hour, local: true),
        "getMinutes" => Part(name, d => d.Minute, local: true),
        "getSeconds" => Part(name, d => d.Second, local: true),
        "getMilliseconds" => Part(name, d => d.Millisecond, local: true),
        "getUTCFullYear" => Part(name, d => d.Year, local: false),
        "getUTCMonth" => Part(name, d => d.Month - 1, local: false),
        "getUTCDate" => Part(name, d => d.Day, local: false),
        "getUTCDay" => Part(name, d => (int)d.DayOfWeek, local: false),
        "getUTCHours" => Part(name, d => d.Hour, local: false),
        "getUTCMinutes" => Part(name, d => d.Minute, local: false),
        "getUTCSeconds" => Part(name, d => d.Second, local: false),
        "getUTCMilliseconds" => Part(name, d => d.Millisecond, local: false),
        "getTimezoneOffset" => Fn(name, () => Valid ? JsValue.FromNumber(-Local.Offset.TotalMinutes) : JsValue.NaN),
        _ => JsValue.Undefined,
    };

    public JsValue ToPrimitive(bool preferString) => preferString ? JsValue.FromString(ToString()) : JsValue.FromNumber(EpochMs);

    public JsValue ToJsonValue() => Valid ? JsValue.FromString(Iso()) : JsValue.Null;

    public override string ToString()
    {
        if (!Valid)
        {
            return "Invalid Date";
        }

        var local = Local;
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return local.ToString("ddd MMM dd yyyy HH:mm:ss", CultureInfo.InvariantCulture)
            + $" GMT{sign}{System.Math.Abs(offset.Hours):00}{System.Math.Abs(offset.Minutes):00} ({zone.StandardName})";
    }

    private string Iso() => Utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsValue Fn(string name, Func<JsValue> body) => JsValue.FromHost(new NativeFunction(name, (_, _) => body()));

    private JsValue Part(string name, Func<DateTimeOffset, int> part, bool local) =>
        Fn(name, () => Valid ? JsValue.FromNumber(part(local ? Local : Utc)) : JsValue.NaN);
}

/// <summary>
/// The switch point between the evaluator and the date library: <c>new Date(…)</c>, <c>Date.now()</c>, <c>$now</c> and
/// <c>$today</c> go through here so the dates helper's Luxon-compatible types can replace the minimal ones in one place.
/// </summary>
internal static class DateBridge
{
    public static readonly NativeFunction DateConstructor = new NativeFunction("Date", (_, _) => JsValue.FromString(Now().ToString()), Construct)
        .Static("now", (_, _) => JsValue.FromNumber(NowMs()))
        .Static("parse", (_, a) => JsValue.FromNumber(ParseMs(Ops.Str(Args.At(a, 0)))))
        .Static("UTC", (_, a) => JsValue.FromNumber(FromParts(a, TimeZoneInfo.Utc)));

    private static TimeZoneInfo Zone => EvalState.CurrentOrNull?.Context.Execution.TimeZone ?? TimeZoneInfo.Utc;

    private static double NowMs() =>
        (EvalState.CurrentOrNull?.Context.Execution.Time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();

    public static JsDate Now() => new(NowMs(), Zone);

    /// <summary><c>$now</c>: the current time in the workflow's zone.</summary>
    public static JsValue NowValue() => JsValue.FromHost(Now());

    /// <summary><c>$today</c>: midnight today in the workflow's zone.</summary>
    public static JsValue TodayValue()
    {
        var zone = Zone;
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds((long)NowMs()), zone);
        var midnight = new DateTimeOffset(local.Date, zone.GetUtcOffset(local.Date));
        return JsValue.FromHost(new JsDate(midnight.ToUnixTimeMilliseconds(), zone));
    }

    public static bool IsDate(JsValue value) => value.Reference is JsDate;

    private static JsValue Construct(JsValue thisValue, ReadOnlySpan<JsValue> args)
    {
        if (args.Length == 0)
        {
            return JsValue.FromHost(Now());
        }

        if (args.Length == 1)
        {
            var a = args[0];
            if (a.Reference is JsDate d)
            {
                return JsValue.FromHost(new JsDate(d.EpochMs, Zone));
            }

            a = Ops.ToPrimitive(a);
            return JsValue.FromHost(new JsDate(a.IsString ? ParseMs(a.AsString()) : Ops.Num(a), Zone));
        }

        return JsValue.FromHost(new JsDate(FromParts(args, Zone), Zone));
    }

    private static double FromParts(ReadOnlySpan<JsValue> a, TimeZoneInfo zone)
    {
        var parts = new double[7];
        parts[2] = 1;
        for (var i = 0; i < System.Math.Min(7, a.Length); i++)
        {
            parts[i] = Ops.Num(a[i]);
            if (!double.IsFinite(parts[i]))
            {
                return double.NaN;
            }
        }

        var year = (int)parts[0];
        if (year is >= 0 and <= 99)
        {
            year += 1900;
        }

        var dt = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)
            .AddMonths((int)parts[1]).AddDays(parts[2] - 1).AddHours(parts[3]).AddMinutes(parts[4]).AddSeconds(parts[5]).AddMilliseconds(parts[6]);
        return new DateTimeOffset(dt, zone.GetUtcOffset(dt)).ToUnixTimeMilliseconds();
    }

    public static double ParseMs(string text)
    {
        var s = text.Trim();
        // Date-only ISO strings are UTC in JavaScript; date-times without an offset are local time.
        if (s.Length == 10 && DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dateOnly))
        {
            return new DateTimeOffset(dateOnly, TimeSpan.Zero).ToUnixTimeMilliseconds();
        }

        var hasOffset = s.EndsWith('Z') || s.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(s, @"[+-]\d\d:?\d\d$|GMT|UTC");
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, hasOffset ? DateTimeStyles.None : DateTimeStyles.AssumeUniversal, out var parsed))
        {
            if (!hasOffset)
            {
                var local = parsed.DateTime;
                return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUnixTimeMilliseconds();
            }

            return parsed.ToUnixTimeMilliseconds();
        }

        return double.NaN;
    }
}
