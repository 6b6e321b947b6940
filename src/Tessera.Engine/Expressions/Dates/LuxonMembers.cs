using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>The properties and methods a Luxon DateTime exposes to expressions.</summary>
internal static class LuxonMembers
{
    public static JsValue Get(LuxonDateTime dt, string name)
    {
        var valid = dt.IsValid;
        var l = dt.Local;
        return name switch
        {
            "isValid" => valid,
            "invalidReason" => dt.InvalidReason is { } r ? r : JsValue.Null,
            "invalidExplanation" => dt.InvalidExplanation is { } e ? e : JsValue.Null,
            "year" => valid ? l.Year : double.NaN,
            "month" => valid ? l.Month : double.NaN,
            "day" => valid ? l.Day : double.NaN,
            "hour" => valid ? l.Hour : double.NaN,
            "minute" => valid ? l.Minute : double.NaN,
            "second" => valid ? l.Second : double.NaN,
            "millisecond" => valid ? l.Millisecond : double.NaN,
            "weekday" or "localWeekday" => valid ? dt.Weekday : double.NaN,
            "weekNumber" or "localWeekNumber" => valid ? dt.IsoWeek.WeekNumber : double.NaN,
            "weekYear" or "localWeekYear" => valid ? dt.IsoWeek.WeekYear : double.NaN,
            "ordinal" => valid ? Calendar.Ordinal(l.Year, l.Month, l.Day) : double.NaN,
            "quarter" => valid ? dt.Quarter : double.NaN,
            "daysInMonth" => valid ? Calendar.DaysInMonth(l.Year, l.Month) : JsValue.Undefined,
            "daysInYear" => valid ? Calendar.DaysInYear(l.Year) : double.NaN,
            "weeksInWeekYear" => valid ? Calendar.WeeksInWeekYear(dt.IsoWeek.WeekYear) : double.NaN,
            "isInLeapYear" => valid && Calendar.IsLeapYear(l.Year),
            "isWeekend" => valid && dt.Weekday >= 6,
            "zoneName" => valid ? dt.Zone.Name : JsValue.Null,
            "zone" => ZoneObject(dt.Zone),
            "offset" => valid ? dt.Offset : double.NaN,
            "offsetNameShort" => valid ? dt.Zone.OffsetNameShort(dt.Millis) : JsValue.Null,
            "offsetNameLong" => valid ? dt.Zone.OffsetNameLong(dt.Millis) : JsValue.Null,
            "isOffsetFixed" => valid ? dt.Zone.IsFixed : JsValue.Null,
            "isInDST" => valid && dt.Zone.IsInDst(dt.Millis),
            "monthLong" => valid ? LocaleNames.Month(dt.Locale, l.Month, abbreviated: false, standalone: true) : JsValue.Null,
            "monthShort" => valid ? LocaleNames.Month(dt.Locale, l.Month, abbreviated: true, standalone: true) : JsValue.Null,
            "weekdayLong" => valid ? LocaleNames.Weekday(dt.Locale, dt.Weekday, abbreviated: false) : JsValue.Null,
            "weekdayShort" => valid ? LocaleNames.Weekday(dt.Locale, dt.Weekday, abbreviated: true) : JsValue.Null,
            "locale" => valid ? dt.Locale : JsValue.Null,
            "numberingSystem" => valid ? "latn" : JsValue.Null,
            "outputCalendar" => valid ? "gregory" : JsValue.Null,
            "ts" => dt.Millis,
            _ => Method(dt, name),
        };
    }

    private static JsValue ZoneObject(LuxonZone zone)
    {
        var o = new JsObject();
        o.Set("type", zone is IanaZone ? "iana" : "fixed");
        o.Set("name", zone.Name);
        o.Set("isUniversal", zone.IsFixed);
        o.Set("isValid", true);
        return o;
    }

    private static JsValue Method(LuxonDateTime dt, string name) => name switch
    {
        "toISO" => Fn(name, a => dt.IsValid ? LuxonFormat.Iso(dt, IsoOptions.From(At(a, 0))) : JsValue.Null),
        "toISODate" => Fn(name, a => dt.IsValid ? LuxonFormat.IsoDate(dt, HostArgs.OptString(At(a, 0), "format") == "basic") : JsValue.Null),
        "toISOTime" => Fn(name, a => dt.IsValid ? LuxonFormat.IsoTime(dt, IsoOptions.From(At(a, 0))) : JsValue.Null),
        "toISOWeekDate" => Fn(name, _ => dt.IsValid ? LuxonFormat.IsoWeekDate(dt) : JsValue.Null),
        "toString" => Fn(name, _ => dt.ToString()),
        "toJSON" => Fn(name, _ => dt.ToJsonValue()),
        "toFormat" => Fn(name, a => LuxonFormat.ToFormat(dt, JsConvert.ToString(At(a, 0)))),
        "toLocaleString" => Fn(name, a => LocaleString(dt, At(a, 0))),
        "toMillis" or "valueOf" => Fn(name, _ => dt.Millis),
        "toSeconds" => Fn(name, _ => dt.Millis / 1000),
        "toUnixInteger" => Fn(name, _ => Math.Floor(dt.Millis / 1000)),
        "toJSDate" => Fn(name, _ => JsValue.FromHost(new JsDate(dt.Millis, dt.Settings))),
        "toObject" => Fn(name, a => ToObject(dt, HostArgs.OptBool(At(a, 0), "includeConfig"))),
        "toSQL" => Fn(name, a => dt.IsValid ? LuxonFormat.IsoDate(dt) + " " + LuxonFormat.SqlTime(dt, HostArgs.OptBool(At(a, 0), "includeOffset", true), HostArgs.OptBool(At(a, 0), "includeZone")) : JsValue.Null),
        "toSQLDate" => Fn(name, _ => dt.IsValid ? LuxonFormat.IsoDate(dt) : JsValue.Null),
        "toSQLTime" => Fn(name, a => dt.IsValid ? LuxonFormat.SqlTime(dt, HostArgs.OptBool(At(a, 0), "includeOffset", true), HostArgs.OptBool(At(a, 0), "includeZone")) : JsValue.Null),
        "toHTTP" => Fn(name, _ => dt.IsValid ? LuxonFormat.Http(dt) : JsValue.Null),
        "toRFC2822" => Fn(name, _ => dt.IsValid ? LuxonFormat.Rfc2822(dt) : JsValue.Null),
        "toRelative" => Fn(name, a => Relative(dt, At(a, 0))),
        "toRelativeCalendar" => Fn(name, a => RelativeCalendar(dt, At(a, 0))),
        "plus" => Fn(name, a => Host(dt.Plus(DurationArg(a)))),
        "minus" => Fn(name, a => Host(dt.Plus(DurationArg(a), -1))),
        "startOf" => Fn(name, a => Host(dt.StartOf(Units.Parse(JsConvert.ToString(At(a, 0)))))),
        "endOf" => Fn(name, a => Host(dt.EndOf(Units.Parse(JsConvert.ToString(At(a, 0)))))),
        "set" => Fn(name, a => Host(At(a, 0).TryGetObject() is { } o ? dt.Set(o) : dt)),
        "setZone" => Fn(name, a => Host(SetZone(dt, At(a, 0), At(a, 1)))),
        "setLocale" or "reconfigure" => Fn(name, a => Host(new LuxonDateTime(dt.Millis, dt.Zone, dt.Settings,
            (name == "setLocale" ? (At(a, 0).TryGetString()) : HostArgs.OptString(At(a, 0), "locale")) ?? dt.Locale))),
        "toUTC" => Fn(name, a => Host(dt.SetZone(At(a, 0).IsNumber && At(a, 0).AsNumber() != 0 ? new FixedOffsetZone((int)At(a, 0).AsNumber()) : FixedOffsetZone.Utc, HostArgs.OptBool(At(a, 1), "keepLocalTime")))),
        "toLocal" => Fn(name, _ => Host(dt.SetZone(dt.Settings.DefaultZone))),
        "diff" => Fn(name, a => JsValue.FromHost(dt.Diff(ToDateTime(At(a, 0), dt.Settings, "diff"), LuxonDuration.ParseUnits(a[Math.Min(1, a.Length)..])))),
        "diffNow" => Fn(name, a => JsValue.FromHost(dt.Diff(new LuxonDateTime(dt.Settings.NowMillis, dt.Zone, dt.Settings), LuxonDuration.ParseUnits(a)))),
        "until" => Fn(name, a => JsValue.FromHost(new LuxonInterval(dt, ToDateTime(At(a, 0), dt.Settings, "until")))),
        "hasSame" => Fn(name, a => dt.HasSame(ToDateTime(At(a, 0), dt.Settings, "hasSame"), Units.Parse(JsConvert.ToString(At(a, 1))))),
        "equals" => Fn(name, a => At(a, 0).Reference is LuxonDateTime o && o.IsValid && dt.IsValid
            && o.Millis == dt.Millis && o.Zone.Equals(dt.Zone) && o.Locale == dt.Locale),
        "get" => Fn(name, a => Get(dt, JsConvert.ToString(At(a, 0)))),
        "getPossibleOffsets" => Fn(name, _ => new JsArray([Host(dt)])),
        "resolvedLocaleOptions" => Fn(name, _ =>
        {
            var o = new JsObject();
            o.Set("locale", dt.Locale);
            o.Set("numberingSystem", "latn");
            o.Set("outputCalendar", "gregory");
            return o;
        }),
        _ => JsValue.Undefined,
    };

    private static JsValue Fn(string name, HostFunction.Body body) => HostFunction.Of(name, body);

    private static JsValue At(ReadOnlySpan<JsValue> a, int i) => HostArgs.At(a, i);

    private static JsValue Host(LuxonDateTime dt) => JsValue.FromHost(dt);

    /// <summary>Luxon's duration-like argument, plus n8n's <c>plus(5, 'days')</c> form.</summary>
    internal static LuxonDuration DurationArg(ReadOnlySpan<JsValue> a)
    {
        var first = At(a, 0);
        if (first.IsNumber && At(a, 1).TryGetString() is { } unit)
        {
            return LuxonDuration.FromUnit(Units.Parse(unit), first.AsNumber());
        }

        if (first.TryGetString() is { } s && At(a, 1).TryGetString() is { } unit2 && double.TryParse(s, out var n))
        {
            return LuxonDuration.FromUnit(Units.Parse(unit2), n);
        }

        return LuxonDuration.FromDurationLike(first);
    }

    private static LuxonDateTime SetZone(LuxonDateTime dt, JsValue zone, JsValue options)
    {
        var target = zone.IsNullish ? dt.Settings.DefaultZone
            : zone.IsNumber ? new FixedOffsetZone((int)zone.AsNumber())
            : TimeZones.Parse(JsConvert.ToString(zone), dt.Settings.DefaultZone);
        if (target is null)
        {
            return LuxonDateTime.Invalid("unsupported zone", $"the zone \"{JsConvert.ToString(zone)}\" is not supported", dt.Settings);
        }

        return dt.SetZone(target, HostArgs.OptBool(options, "keepLocalTime") || HostArgs.OptBool(options, "keepCalendarTime"));
    }

    /// <summary>Accepts a DateTime, a JS Date, epoch milliseconds or (n8n's date helpers) an ISO string.</summary>
    internal static LuxonDateTime ToDateTime(JsValue value, LuxonSettings settings, string method)
    {
        return value.Kind switch
        {
            JsKind.Host when value.Reference is LuxonDateTime dt => dt,
            JsKind.Host when value.Reference is JsDate d => new LuxonDateTime(d.Time, settings.DefaultZone, settings),
            JsKind.Number => new LuxonDateTime(value.AsNumber(), settings.DefaultZone, settings),
            JsKind.String => LuxonParser.Build(LuxonParser.Iso(value.AsString()), settings.DefaultZone, true, settings, value.AsString()),
            _ => throw JsHostException.Type($"{method}: unknown datetime argument: {JsConvert.ToString(value)}, of type {JsConvert.TypeOf(value)}"),
        };
    }

    private static JsObject ToObject(LuxonDateTime dt, bool includeConfig)
    {
        var o = new JsObject();
        if (!dt.IsValid)
        {
            return o;
        }

        var l = dt.Local;
        o.Set("year", l.Year);
        o.Set("month", l.Month);
        o.Set("day", l.Day);
        o.Set("hour", l.Hour);
        o.Set("minute", l.Minute);
        o.Set("second", l.Second);
        o.Set("millisecond", l.Millisecond);
        if (includeConfig)
        {
            o.Set("locale", dt.Locale);
            o.Set("numberingSystem", "latn");
            o.Set("outputCalendar", "gregory");
        }

        return o;
    }

    private static string LocaleString(LuxonDateTime dt, JsValue options)
    {
        var o = options.TryGetObject() is { } obj && obj.Count > 0 ? IntlOptions.From(obj) : LuxonFormat.Presets["DATE_SHORT"];
        return LuxonFormat.Intl(dt, o);
    }

    private static JsValue Relative(LuxonDateTime dt, JsValue options)
    {
        if (!dt.IsValid)
        {
            return JsValue.Null;
        }

        var @base = options["base"].Reference is LuxonDateTime b ? b : new LuxonDateTime(dt.Settings.NowMillis, dt.Zone, dt.Settings);
        var round = HostArgs.OptBool(options, "round", true);
        var style = HostArgs.OptString(options, "style") ?? "long";
        var end = options["padding"].IsNumber ? dt.Plus(LuxonDuration.FromMillis(options["padding"].AsNumber() * (dt.Millis >= @base.Millis ? 1 : -1))) : dt;
        DurationUnit[] units = options["unit"] switch
        {
            { IsString: true } u => [Units.Parse(u.AsString())],
            { IsArray: true } arr => arr.AsArray().Select(x => Units.Parse(JsConvert.ToString(x))).ToArray(),
            _ => [DurationUnit.Years, DurationUnit.Months, DurationUnit.Days, DurationUnit.Hours, DurationUnit.Minutes, DurationUnit.Seconds],
        };

        string Format(double count, DurationUnit unit)
        {
            var c = round ? Math.Truncate(count) : Math.Round(count, 2);
            return LuxonFormat.Relative(c, unit, style);
        }

        foreach (var unit in units)
        {
            var count = end.Diff(@base, [unit]).Get(unit);
            if (Math.Abs(count) >= 1)
            {
                return Format(count, unit);
            }
        }

        var last = units[^1];
        return Format(@base.Millis > end.Millis ? -0d : 0d, last);
    }

    private static JsValue RelativeCalendar(LuxonDateTime dt, JsValue options)
    {
        if (!dt.IsValid)
        {
            return JsValue.Null;
        }

        var @base = options["base"].Reference is LuxonDateTime b ? b : new LuxonDateTime(dt.Settings.NowMillis, dt.Zone, dt.Settings);
        foreach (var unit in new[] { DurationUnit.Years, DurationUnit.Months, DurationUnit.Days })
        {
            var count = dt.StartOf(unit).Diff(@base.StartOf(unit), [unit]).Get(unit);
            count = Math.Truncate(count);
            if (Math.Abs(count) >= 1 || unit == DurationUnit.Days)
            {
                return (unit, count) switch
                {
                    (DurationUnit.Days, 0) => "today",
                    (DurationUnit.Days, 1) => "tomorrow",
                    (DurationUnit.Days, -1) => "yesterday",
                    (_, 1) => "next " + Units.Names[(int)unit][..^1],
                    (_, -1) => "last " + Units.Names[(int)unit][..^1],
                    _ => LuxonFormat.Relative(count, unit),
                };
            }
        }

        return "today";
    }
}
