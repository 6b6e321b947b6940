using Tessera.Engine.Data;
using Tessera.Engine.Execution;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>A host value that can be called with <c>new</c> (the JavaScript <c>Date</c> constructor).</summary>
public interface IJsConstructor
{
    /// <summary>Runs <c>new F(...arguments)</c>.</summary>
    JsValue Construct(ReadOnlySpan<JsValue> arguments);
}

/// <summary>
/// The date globals of one execution: <c>DateTime</c>, <c>Duration</c>, <c>Interval</c>, <c>Date</c>, <c>$now</c> and
/// <c>$today</c>. They read the clock from <see cref="ExecutionInfo.Time"/> and use <see cref="ExecutionInfo.TimeZone"/>
/// as the local zone (n8n sets Luxon's default zone to the workflow's zone).
/// </summary>
public sealed class DateGlobals
{
    private DateGlobals(LuxonSettings settings)
    {
        Settings = settings;
        DateTime = JsValue.FromHost(new DateTimeStatics(settings));
        Duration = JsValue.FromHost(new DurationStatics());
        Interval = JsValue.FromHost(new IntervalStatics(settings));
        Date = JsValue.FromHost(new JsDateConstructor(settings));
    }

    internal LuxonSettings Settings { get; }

    /// <summary>The globals for an execution (cached per <see cref="ExecutionInfo"/>).</summary>
    public static DateGlobals For(ExecutionInfo execution) => PerExecution.GetValue(execution, static e => new DateGlobals(LuxonSettings.For(e)));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ExecutionInfo, DateGlobals> PerExecution = [];

    /// <summary>The globals for an explicit clock and zone.</summary>
    public static DateGlobals Create(TimeProvider clock, TimeZoneInfo zone) => new(LuxonSettings.Create(clock, zone));

    /// <summary>Luxon's <c>DateTime</c> class (static methods and preset constants).</summary>
    public JsValue DateTime { get; }

    /// <summary>Luxon's <c>Duration</c> class.</summary>
    public JsValue Duration { get; }

    /// <summary>Luxon's <c>Interval</c> class.</summary>
    public JsValue Interval { get; }

    /// <summary>JavaScript's <c>Date</c> (callable, constructible via <see cref="IJsConstructor"/>, with now/parse/UTC).</summary>
    public JsValue Date { get; }

    /// <summary><c>$now</c>: the current moment in the workflow zone.</summary>
    public JsValue Now() => JsValue.FromHost(new LuxonDateTime(Settings.NowMillis, Settings.DefaultZone, Settings));

    /// <summary><c>$today</c>: midnight at the start of today in the workflow zone.</summary>
    public JsValue Today() => JsValue.FromHost(new LuxonDateTime(Settings.NowMillis, Settings.DefaultZone, Settings).StartOf(DurationUnit.Days));

    /// <summary>A Luxon DateTime for an instant, in the workflow zone.</summary>
    public JsValue FromMillis(double epochMillis) => JsValue.FromHost(new LuxonDateTime(epochMillis, Settings.DefaultZone, Settings));
}

/// <summary>Static members of <c>DateTime</c>.</summary>
internal sealed class DateTimeStatics(LuxonSettings settings) : IJsHostObject
{
    public JsValue GetMember(string name)
    {
        if (LuxonFormat.Presets.TryGetValue(name, out var preset))
        {
            return preset.ToJsObject();
        }

        return name switch
        {
            "now" => Fn(name, _ => Host(new LuxonDateTime(settings.NowMillis, settings.DefaultZone, settings))),
            "local" => Fn(name, a => Host(FromPositional(a, null))),
            "utc" => Fn(name, a => Host(FromPositional(a, FixedOffsetZone.Utc))),
            "fromISO" => Fn(name, a => Host(FromText(a, LuxonParser.Iso))),
            "fromSQL" => Fn(name, a => Host(FromText(a, LuxonParser.SqlText))),
            "fromHTTP" => Fn(name, a => Host(FromText(a, LuxonParser.Http))),
            "fromRFC2822" => Fn(name, a => Host(FromText(a, LuxonParser.Rfc2822Text))),
            "fromFormat" or "fromString" => Fn(name, a =>
            {
                var format = JsConvert.ToString(HostArgs.At(a, 1));
                return Host(FromText([HostArgs.At(a, 0), HostArgs.At(a, 2)], t => LuxonParser.Format(t, format)));
            }),
            "fromMillis" => Fn(name, a => Host(FromNumber(HostArgs.At(a, 0), HostArgs.At(a, 1), 1, name))),
            "fromSeconds" => Fn(name, a => Host(FromNumber(HostArgs.At(a, 0), HostArgs.At(a, 1), 1000, name))),
            "fromJSDate" => Fn(name, a => HostArgs.At(a, 0).Reference is JsDate d
                ? Host(Zoned(HostArgs.At(a, 1)) is { } z ? new LuxonDateTime(d.Time, z, settings) : BadZone(HostArgs.At(a, 1)))
                : throw JsHostException.Type("fromJSDate requires a Date")),
            "fromObject" => Fn(name, a =>
            {
                var zone = Zoned(HostArgs.At(a, 1));
                if (zone is null)
                {
                    return Host(BadZone(HostArgs.At(a, 1)));
                }

                var parts = HostArgs.At(a, 0).TryGetObject() is { } o ? LuxonParser.FromJsObject(o) : new ParsedParts();
                return Host(LuxonParser.FromParts(parts, zone, settings));
            }),
            "invalid" => Fn(name, a => Host(LuxonDateTime.Invalid(JsConvert.ToString(HostArgs.At(a, 0)), HostArgs.At(a, 1).TryGetString(), settings))),
            "isDateTime" => Fn(name, a => HostArgs.At(a, 0).Reference is LuxonDateTime),
            "min" => Fn(name, a => Extreme(a, min: true)),
            "max" => Fn(name, a => Extreme(a, min: false)),
            "expandFormat" => Fn(name, a => JsConvert.ToString(HostArgs.At(a, 0))),
            _ => JsValue.Undefined,
        };
    }

    private static JsValue Fn(string name, HostFunction.Body body) => HostFunction.Of(name, body);

    private static JsValue Host(LuxonDateTime dt) => JsValue.FromHost(dt);

    private LuxonZone? Zoned(JsValue options)
    {
        var zone = options["zone"];
        return zone.IsNullish ? settings.DefaultZone
            : zone.IsNumber ? new FixedOffsetZone((int)zone.AsNumber())
            : zone.Reference is JsObject zo && zo["name"].TryGetString() is { } zn ? TimeZones.Parse(zn, settings.DefaultZone)
            : TimeZones.Parse(JsConvert.ToString(zone), settings.DefaultZone);
    }

    private LuxonDateTime BadZone(JsValue options) =>
        LuxonDateTime.Invalid("unsupported zone", $"the zone \"{JsConvert.ToString(options["zone"])}\" is not supported", settings);

    private LuxonDateTime FromText(ReadOnlySpan<JsValue> a, Func<string, ParsedParts?> parser)
    {
        var text = JsConvert.ToString(HostArgs.At(a, 0));
        var options = HostArgs.At(a, 1);
        var zone = Zoned(options);
        if (zone is null)
        {
            return BadZone(options);
        }

        return LuxonParser.Build(parser(text), zone, HostArgs.OptBool(options, "setZone"), settings, text);
    }

    private LuxonDateTime FromNumber(JsValue value, JsValue options, double factor, string method)
    {
        if (!value.IsNumber)
        {
            throw JsHostException.Type($"{method} requires a numerical input, but received a {JsConvert.TypeOf(value)} with value {JsConvert.ToString(value)}");
        }

        var zone = Zoned(options);
        return zone is null ? BadZone(options) : new LuxonDateTime(value.AsNumber() * factor, zone, settings);
    }

    private LuxonDateTime FromPositional(ReadOnlySpan<JsValue> a, LuxonZone? zone)
    {
        var options = JsValue.Undefined;
        if (a.Length > 0 && a[^1].IsObject)
        {
            options = a[^1];
            a = a[..^1];
        }

        zone ??= Zoned(options);
        if (zone is null)
        {
            return BadZone(options);
        }

        if (a.Length == 0)
        {
            return new LuxonDateTime(settings.NowMillis, zone, settings);
        }

        var parts = new ParsedParts();
        for (var i = 0; i < Math.Min(a.Length, 7); i++)
        {
            if (!a[i].IsUndefined)
            {
                parts.Fields[i] = (int)JsConvert.ToNumber(a[i]);
            }
        }

        return LuxonParser.FromParts(parts, zone, settings);
    }

    private static JsValue Extreme(ReadOnlySpan<JsValue> a, bool min)
    {
        LuxonDateTime? best = null;
        foreach (var v in a)
        {
            if (v.Reference is not LuxonDateTime dt)
            {
                throw JsHostException.Type("min/max requires all arguments be DateTimes");
            }

            if (best is null || (min ? dt.Millis < best.Millis : dt.Millis > best.Millis))
            {
                best = dt;
            }
        }

        return best is null ? JsValue.Undefined : JsValue.FromHost(best);
    }
}

/// <summary>Static members of <c>Duration</c>.</summary>
internal sealed class DurationStatics : IJsHostObject
{
    public JsValue GetMember(string name) => name switch
    {
        "fromObject" => HostFunction.Of(name, a => JsValue.FromHost(LuxonDuration.FromObject(HostArgs.At(a, 0).TryGetObject() ?? []))),
        "fromMillis" => HostFunction.Of(name, a => JsValue.FromHost(LuxonDuration.FromMillis(JsConvert.ToNumber(HostArgs.At(a, 0))))),
        "fromISO" => HostFunction.Of(name, a => JsValue.FromHost(LuxonDuration.FromIso(JsConvert.ToString(HostArgs.At(a, 0))))),
        "fromDurationLike" => HostFunction.Of(name, a => JsValue.FromHost(LuxonDuration.FromDurationLike(HostArgs.At(a, 0)))),
        "isDuration" => HostFunction.Of(name, a => HostArgs.At(a, 0).Reference is LuxonDuration),
        "invalid" => HostFunction.Of(name, a => JsValue.FromHost(LuxonDuration.Invalid(JsConvert.ToString(HostArgs.At(a, 0))))),
        _ => JsValue.Undefined,
    };
}

/// <summary>Static members of <c>Interval</c>.</summary>
internal sealed class IntervalStatics(LuxonSettings settings) : IJsHostObject
{
    public JsValue GetMember(string name) => name switch
    {
        "fromDateTimes" => HostFunction.Of(name, a => JsValue.FromHost(new LuxonInterval(
            LuxonMembers.ToDateTime(HostArgs.At(a, 0), settings, name), LuxonMembers.ToDateTime(HostArgs.At(a, 1), settings, name)))),
        "after" => HostFunction.Of(name, a =>
        {
            var start = LuxonMembers.ToDateTime(HostArgs.At(a, 0), settings, name);
            return JsValue.FromHost(new LuxonInterval(start, start.Plus(LuxonDuration.FromDurationLike(HostArgs.At(a, 1)))));
        }),
        "before" => HostFunction.Of(name, a =>
        {
            var end = LuxonMembers.ToDateTime(HostArgs.At(a, 0), settings, name);
            return JsValue.FromHost(new LuxonInterval(end.Plus(LuxonDuration.FromDurationLike(HostArgs.At(a, 1)), -1), end));
        }),
        "fromISO" => HostFunction.Of(name, a =>
        {
            var parts = JsConvert.ToString(HostArgs.At(a, 0)).Split('/');
            if (parts.Length != 2)
            {
                var bad = LuxonDateTime.Invalid("unparsable", null, settings);
                return JsValue.FromHost(new LuxonInterval(bad, bad));
            }

            LuxonDateTime Parse(string s) => LuxonParser.Build(LuxonParser.Iso(s), settings.DefaultZone, false, settings, s);
            return JsValue.FromHost(new LuxonInterval(Parse(parts[0]), Parse(parts[1])));
        }),
        "isInterval" => HostFunction.Of(name, a => HostArgs.At(a, 0).Reference is LuxonInterval),
        _ => JsValue.Undefined,
    };
}

/// <summary>JavaScript's <c>Date</c> function: <c>Date()</c> returns a string, <c>new Date(…)</c> a date.</summary>
internal sealed class JsDateConstructor(LuxonSettings settings) : IJsHostObject, IJsCallable, IJsConstructor
{
    public string TypeOf => "function";

    public JsValue Call(JsValue thisValue, ReadOnlySpan<JsValue> arguments) => new JsDate(settings.NowMillis, settings).ToString();

    public JsValue Construct(ReadOnlySpan<JsValue> a)
    {
        if (a.Length == 0)
        {
            return JsValue.FromHost(new JsDate(settings.NowMillis, settings));
        }

        if (a.Length == 1)
        {
            var v = a[0];
            if (v.Reference is JsDate d)
            {
                return JsValue.FromHost(new JsDate(d.Time, settings));
            }

            var primitive = v.Reference is IJsPrimitive p ? p.ToPrimitive(preferString: false) : v;
            var time = primitive.IsString ? JsDateParser.Parse(primitive.AsString(), settings.DefaultZone) : JsConvert.ToNumber(primitive);
            return JsValue.FromHost(new JsDate(time, settings));
        }

        return JsValue.FromHost(new JsDate(FromComponents(a, settings.DefaultZone), settings));
    }

    private static double FromComponents(ReadOnlySpan<JsValue> a, LuxonZone zone)
    {
        double[] v = [double.NaN, 0, 1, 0, 0, 0, 0];
        for (var i = 0; i < Math.Min(a.Length, 7); i++)
        {
            v[i] = JsConvert.ToNumber(a[i]);
        }

        if (double.IsFinite(v[0]) && Math.Truncate(v[0]) is >= 0 and <= 99)
        {
            v[0] = 1900 + Math.Truncate(v[0]);
        }

        return JsDate.MakeTime(v, zone);
    }

    public JsValue GetMember(string name) => name switch
    {
        "now" => HostFunction.Of(name, _ => settings.NowMillis),
        "parse" => HostFunction.Of(name, a => JsDateParser.Parse(JsConvert.ToString(HostArgs.At(a, 0)), settings.DefaultZone)),
        "UTC" => HostFunction.Of(name, a => FromComponents(a, FixedOffsetZone.Utc)),
        "name" => "Date",
        "length" => 7,
        _ => JsValue.Undefined,
    };
}
