using Tessera.Engine.Data;
using Tessera.Engine.Execution;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>
/// A Luxon <c>DateTime</c> as n8n expressions see it: an instant, a zone and the local fields there. Immutable; every
/// operation returns a new value. Compares through <c>valueOf</c> (epoch milliseconds) and prints as ISO 8601.
/// </summary>
public sealed class LuxonDateTime : IJsHostObject, IJsPrimitive, IJsonConvertible
{
    internal LuxonDateTime(double epochMillis, LuxonZone zone, LuxonSettings settings, string locale = "en-US")
    {
        Settings = settings;
        Zone = zone;
        Locale = locale;
        if (double.IsNaN(epochMillis) || Math.Abs(epochMillis) > 8.64e15)
        {
            Millis = double.NaN;
            InvalidReason = "invalid input";
            return;
        }

        Millis = Math.Truncate(epochMillis);
        Offset = zone.OffsetAt(Millis);
        Local = LocalFields.FromLocalMillis(Millis + (Offset * 60_000d));
    }

    private LuxonDateTime(string reason, string? explanation, LuxonSettings settings)
    {
        Settings = settings;
        Zone = settings.DefaultZone;
        Locale = "en-US";
        Millis = double.NaN;
        InvalidReason = reason;
        InvalidExplanation = explanation;
    }

    internal static LuxonDateTime Invalid(string reason, string? explanation, LuxonSettings settings) => new(reason, explanation, settings);

    /// <summary>Milliseconds since the Unix epoch (NaN when invalid).</summary>
    public double Millis { get; }

    /// <summary>True unless created from bad input (Luxon returns invalid DateTimes rather than throwing).</summary>
    public bool IsValid => InvalidReason is null;

    internal string? InvalidReason { get; }

    internal string? InvalidExplanation { get; }

    internal LuxonZone Zone { get; }

    internal LuxonSettings Settings { get; }

    internal string Locale { get; }

    /// <summary>Offset from UTC in minutes.</summary>
    internal int Offset { get; }

    internal LocalFields Local { get; }

    /// <summary>The ISO 8601 text (e.g. 2024-01-15T10:30:00.000+01:00), or null when invalid.</summary>
    public string? ToIso() => IsValid ? LuxonFormat.Iso(this, IsoOptions.Default) : null;

    /// <inheritdoc />
    public JsValue GetMember(string name) => LuxonMembers.Get(this, name);

    /// <inheritdoc />
    public JsValue ToPrimitive(bool preferString) => preferString ? ToString() : Millis;

    /// <inheritdoc />
    public JsValue ToJsonValue() => ToIso() is { } s ? s : JsValue.Null;

    /// <inheritdoc />
    public override string ToString() => ToIso() ?? "Invalid DateTime";

    /// <summary>
    /// Parses text the way n8n's <c>"…".toDateTime()</c> does (ISO 8601, HTTP, RFC 2822, SQL, epoch milliseconds, then
    /// JavaScript's Date parsing), or with a Luxon <paramref name="format"/> when given. Local times are read in the
    /// execution's zone; an offset in the text is kept. Returns an invalid DateTime when nothing matches.
    /// </summary>
    public static LuxonDateTime Parse(string text, ExecutionInfo execution, string? format = null)
    {
        var settings = LuxonSettings.For(execution);
        return format is null
            ? TryParseAny(text, settings) ?? Invalid("unparsable", $"the input \"{text}\" can't be parsed", settings)
            : LuxonParser.Build(LuxonParser.Format(text, format), settings.DefaultZone, true, settings, text);
    }

    /// <summary>A DateTime for an instant, in the execution's zone.</summary>
    public static LuxonDateTime FromMillis(double epochMillis, ExecutionInfo execution)
    {
        var settings = LuxonSettings.For(execution);
        return new LuxonDateTime(epochMillis, settings.DefaultZone, settings);
    }

    /// <summary>Formats with Luxon tokens (<c>toFormat</c>), e.g. "yyyy-MM-dd HH:mm".</summary>
    public string ToFormat(string format) => LuxonFormat.ToFormat(this, format);

    /// <summary>The same instant in another zone ("UTC", "Europe/Berlin", "UTC+2"); invalid when the zone is unknown.</summary>
    public LuxonDateTime InZone(string zone, bool keepLocalTime = false) =>
        TimeZones.Parse(zone, Settings.DefaultZone) is { } z ? SetZone(z, keepLocalTime) : Invalid("unsupported zone", $"the zone \"{zone}\" is not supported", Settings);

    /// <summary>Calendar-aware addition of <paramref name="amount"/> <paramref name="unit"/>s ("days", "month"…); negative subtracts.</summary>
    public LuxonDateTime Add(double amount, string unit) => Plus(LuxonDuration.FromUnit(Units.Parse(unit), amount));

    /// <summary>Rounds down to the start of a unit ("day", "week", "month"…).</summary>
    public LuxonDateTime StartOfUnit(string unit) => StartOf(Units.Parse(unit));

    /// <summary>Rounds up to the last millisecond of a unit.</summary>
    public LuxonDateTime EndOfUnit(string unit) => EndOf(Units.Parse(unit));

    /// <summary><c>this.diff(other, unit).as(unit)</c>: the signed difference in one unit, with a calendar-aware fraction.</summary>
    public double DiffIn(LuxonDateTime other, string unit)
    {
        var u = Units.Parse(unit);
        return Diff(other, [u]).Get(u);
    }

    internal static LuxonDateTime? TryParseAny(string text, LuxonSettings settings)
    {
        var zone = settings.DefaultZone;
        foreach (var parser in new Func<string, ParsedParts?>[] { LuxonParser.Iso, LuxonParser.Http, LuxonParser.Rfc2822Text, LuxonParser.SqlText })
        {
            var dt = LuxonParser.Build(parser(text), zone, true, settings, text);
            if (dt.IsValid)
            {
                return dt;
            }
        }

        var trimmed = text.Trim();
        if (trimmed.Length > 0 && double.TryParse(trimmed, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var ms))
        {
            return new LuxonDateTime(ms, zone, settings);
        }

        var time = JsDateParser.Parse(text, zone);
        return double.IsNaN(time) ? null : new LuxonDateTime(time, zone, settings);
    }

    internal LuxonDateTime With(double millis, LuxonZone? zone = null) => new(millis, zone ?? Zone, Settings, Locale);

    /// <summary>Creates a DateTime from local fields in <paramref name="zone"/>, resolving DST gaps and overlaps as Luxon does.</summary>
    internal static LuxonDateTime FromLocal(LocalFields fields, LuxonZone zone, LuxonSettings settings, int? offsetGuess = null, string locale = "en-US")
    {
        var (ms, _) = LocalToEpoch(fields.ToLocalMillis(), offsetGuess ?? zone.OffsetAt(settings.NowMillis), zone);
        return new LuxonDateTime(ms, zone, settings, locale);
    }

    /// <summary>Luxon's <c>fixOffset</c>: finds the instant whose local time in <paramref name="zone"/> is <paramref name="localMillis"/>.</summary>
    internal static (double Millis, int Offset) LocalToEpoch(double localMillis, int offsetGuess, LuxonZone zone)
    {
        var utcGuess = localMillis - (offsetGuess * 60_000d);
        var o2 = zone.OffsetAt(utcGuess);
        if (o2 == offsetGuess)
        {
            return (utcGuess, offsetGuess);
        }

        utcGuess -= (o2 - offsetGuess) * 60_000d;
        var o3 = zone.OffsetAt(utcGuess);
        if (o2 == o3)
        {
            return (utcGuess, o2);
        }

        return (localMillis - (Math.Min(o2, o3) * 60_000d), Math.Max(o2, o3));
    }

    internal int Weekday => Calendar.Weekday(Local.Year, Local.Month, Local.Day);

    internal (int WeekYear, int WeekNumber, int Weekday) IsoWeek => Calendar.IsoWeek(Local.Year, Local.Month, Local.Day);

    internal int Quarter => ((Local.Month - 1) / 3) + 1;

    /// <summary>Calendar-aware addition (Luxon <c>plus</c>): years and months move the calendar and clamp the day; the rest adds time.</summary>
    internal LuxonDateTime Plus(LuxonDuration duration, int sign = 1)
    {
        if (!IsValid || !duration.IsValid)
        {
            return IsValid ? Invalid("invalid duration", null, Settings) : this;
        }

        double Part(DurationUnit u) => sign * duration.Get(u);
        var years = Math.Truncate(Part(DurationUnit.Years));
        var months = Math.Truncate(Part(DurationUnit.Months)) + (Math.Truncate(Part(DurationUnit.Quarters)) * 3);
        var totalMonths = ((Local.Year + years) * 12) + (Local.Month - 1) + months;
        var year = (int)Math.Floor(totalMonths / 12);
        var month = (int)(totalMonths - (year * 12d)) + 1;
        var day = Math.Min(Local.Day, Calendar.DaysInMonth(year, month)) + (int)Math.Truncate(Part(DurationUnit.Days)) + ((int)Math.Truncate(Part(DurationUnit.Weeks)) * 7);

        var fractional = new double?[Units.Count];
        fractional[(int)DurationUnit.Years] = Part(DurationUnit.Years) - Math.Truncate(Part(DurationUnit.Years));
        fractional[(int)DurationUnit.Quarters] = Part(DurationUnit.Quarters) - Math.Truncate(Part(DurationUnit.Quarters));
        fractional[(int)DurationUnit.Months] = Part(DurationUnit.Months) - Math.Truncate(Part(DurationUnit.Months));
        fractional[(int)DurationUnit.Weeks] = Part(DurationUnit.Weeks) - Math.Truncate(Part(DurationUnit.Weeks));
        fractional[(int)DurationUnit.Days] = Part(DurationUnit.Days) - Math.Truncate(Part(DurationUnit.Days));
        fractional[(int)DurationUnit.Hours] = Part(DurationUnit.Hours);
        fractional[(int)DurationUnit.Minutes] = Part(DurationUnit.Minutes);
        fractional[(int)DurationUnit.Seconds] = Part(DurationUnit.Seconds);
        fractional[(int)DurationUnit.Milliseconds] = Part(DurationUnit.Milliseconds);
        var millisToAdd = new LuxonDuration(fractional).ToMillis();

        var local = (Calendar.DaysFromCivil(year, month, 1) + day - 1) * 86_400_000d
            + (Local.Hour * 3_600_000d) + (Local.Minute * 60_000d) + (Local.Second * 1000d) + Local.Millisecond;
        var (ms, _) = LocalToEpoch(local, Offset, Zone);
        if (millisToAdd != 0)
        {
            ms += millisToAdd;
        }

        return With(ms);
    }

    /// <summary>Luxon <c>set</c>: replaces the given local fields (week-based fields when given) and keeps the zone.</summary>
    internal LuxonDateTime Set(JsObject values)
    {
        if (!IsValid)
        {
            return this;
        }

        int? Get(params string[] names)
        {
            foreach (var n in names)
            {
                if (values.TryGetValue(n, out var v) && !v.IsNullish)
                {
                    return (int)JsConvert.ToNumber(v);
                }
            }

            return null;
        }

        var year = Get("year", "years");
        var month = Get("month", "months");
        var day = Get("day", "days");
        var weekYear = Get("weekYear", "weekYears");
        var weekNumber = Get("weekNumber", "weekNumbers");
        var weekday = Get("weekday", "weekdays");
        var ordinal = Get("ordinal", "ordinals");
        int y = Local.Year, m = Local.Month, d = Local.Day;
        if (weekYear is not null || weekNumber is not null || weekday is not null)
        {
            var w = IsoWeek;
            (y, m, d) = Calendar.FromIsoWeek(weekYear ?? w.WeekYear, weekNumber ?? w.WeekNumber, weekday ?? w.Weekday);
        }
        else if (ordinal is not null && year is null && month is null && day is null)
        {
            (y, m, d) = Calendar.FromOrdinal(Local.Year, ordinal.Value);
        }
        else
        {
            y = year ?? y;
            m = month ?? m;
            d = day ?? Math.Min(d, Calendar.DaysInMonth(y, m));
        }

        var fields = new LocalFields(y, m, d, Get("hour", "hours") ?? Local.Hour, Get("minute", "minutes") ?? Local.Minute,
            Get("second", "seconds") ?? Local.Second, Get("millisecond", "milliseconds") ?? Local.Millisecond);
        var local = NormalizedLocalMillis(fields);
        var (ms, _) = LocalToEpoch(local, Offset, Zone);
        return With(ms);
    }

    /// <summary>Local milliseconds of fields that may overflow (month 13, day 0), normalised like Date.UTC.</summary>
    internal static double NormalizedLocalMillis(LocalFields f)
    {
        var totalMonths = ((long)f.Year * 12) + f.Month - 1;
        var year = (int)Math.Floor(totalMonths / 12d);
        var month = (int)(totalMonths - (year * 12L)) + 1;
        return ((Calendar.DaysFromCivil(year, month, 1) + f.Day - 1) * 86_400_000d)
            + (f.Hour * 3_600_000d) + (f.Minute * 60_000d) + (f.Second * 1000d) + f.Millisecond;
    }

    internal LuxonDateTime StartOf(DurationUnit unit)
    {
        if (!IsValid)
        {
            return this;
        }

        var l = Local;
        var f = unit switch
        {
            DurationUnit.Years => new LocalFields(l.Year, 1, 1, 0, 0, 0, 0),
            DurationUnit.Quarters => new LocalFields(l.Year, ((Quarter - 1) * 3) + 1, 1, 0, 0, 0, 0),
            DurationUnit.Months => new LocalFields(l.Year, l.Month, 1, 0, 0, 0, 0),
            DurationUnit.Weeks => new LocalFields(l.Year, l.Month, l.Day - (Weekday - 1), 0, 0, 0, 0),
            DurationUnit.Days => l with { Hour = 0, Minute = 0, Second = 0, Millisecond = 0 },
            DurationUnit.Hours => l with { Minute = 0, Second = 0, Millisecond = 0 },
            DurationUnit.Minutes => l with { Second = 0, Millisecond = 0 },
            DurationUnit.Seconds => l with { Millisecond = 0 },
            _ => l,
        };
        var (ms, _) = LocalToEpoch(NormalizedLocalMillis(f), Offset, Zone);
        return With(ms);
    }

    internal LuxonDateTime EndOf(DurationUnit unit) =>
        IsValid ? Plus(LuxonDuration.FromUnit(unit, 1)).StartOf(unit).With(Plus(LuxonDuration.FromUnit(unit, 1)).StartOf(unit).Millis - 1) : this;

    internal LuxonDateTime SetZone(LuxonZone zone, bool keepLocalTime = false)
    {
        if (!IsValid)
        {
            return this;
        }

        if (keepLocalTime)
        {
            var (ms, _) = LocalToEpoch(Local.ToLocalMillis(), zone.OffsetAt(Millis), zone);
            return new LuxonDateTime(ms, zone, Settings, Locale);
        }

        return new LuxonDateTime(Millis, zone, Settings, Locale);
    }

    /// <summary>Luxon <c>diff</c>: this minus <paramref name="other"/> in <paramref name="units"/> (milliseconds by default).</summary>
    internal LuxonDuration Diff(LuxonDateTime other, IReadOnlyList<DurationUnit> units)
    {
        if (!IsValid || !other.IsValid)
        {
            return LuxonDuration.Invalid("created by diffing an invalid DateTime");
        }

        if (units.Count == 0)
        {
            units = [DurationUnit.Milliseconds];
        }

        var otherIsLater = other.Millis > Millis;
        var earlier = otherIsLater ? this : other;
        var later = otherIsLater ? other : this;
        var result = DiffOrdered(earlier, later, units);
        return otherIsLater ? result.Negate() : result;
    }

    private static LuxonDuration DiffOrdered(LuxonDateTime earlier, LuxonDateTime later, IReadOnlyList<DurationUnit> units)
    {
        var values = new double?[Units.Count];
        var cursor = earlier;
        LuxonDateTime? highWater = null;
        DurationUnit? lowestOrder = null;
        foreach (var unit in new[] { DurationUnit.Years, DurationUnit.Quarters, DurationUnit.Months, DurationUnit.Weeks, DurationUnit.Days })
        {
            if (!units.Contains(unit))
            {
                continue;
            }

            lowestOrder = unit;
            double delta = unit switch
            {
                DurationUnit.Years => later.Local.Year - cursor.Local.Year,
                DurationUnit.Quarters => Math.Truncate((((later.Local.Year - cursor.Local.Year) * 12) + later.Local.Month - cursor.Local.Month) / 3d),
                DurationUnit.Months => ((later.Local.Year - cursor.Local.Year) * 12) + later.Local.Month - cursor.Local.Month,
                DurationUnit.Weeks => Math.Truncate(DayDiff(cursor, later) / 7d),
                _ => DayDiff(cursor, later),
            };
            values[(int)unit] = delta;
            highWater = cursor.Plus(LuxonDuration.FromUnit(unit, delta));
            if (highWater.Millis > later.Millis)
            {
                cursor = cursor.Plus(LuxonDuration.FromUnit(unit, delta - 1));
                values[(int)unit] = delta - 1;
            }
            else
            {
                cursor = highWater;
            }
        }

        var remainingMillis = later.Millis - cursor.Millis;
        var lowerOrder = units.Where(u => u >= DurationUnit.Hours).ToList();
        if (lowerOrder.Count == 0)
        {
            if (highWater is null || highWater.Millis < later.Millis)
            {
                highWater = cursor.Plus(LuxonDuration.FromUnit(lowestOrder!.Value, 1));
            }

            if (highWater.Millis != cursor.Millis)
            {
                values[(int)lowestOrder!.Value] = (values[(int)lowestOrder.Value] ?? 0) + (remainingMillis / (highWater.Millis - cursor.Millis));
            }

            return new LuxonDuration(values);
        }

        var rest = LuxonDuration.FromMillis(remainingMillis).ShiftTo(lowerOrder);
        foreach (var u in lowerOrder)
        {
            values[(int)u] = rest.Get(u);
        }

        return new LuxonDuration(values);
    }

    private static double DayDiff(LuxonDateTime earlier, LuxonDateTime later)
    {
        static double UtcDayStart(LuxonDateTime dt) => Calendar.DaysFromCivil(dt.Local.Year, dt.Local.Month, dt.Local.Day);
        return UtcDayStart(later) - UtcDayStart(earlier);
    }

    internal bool HasSame(LuxonDateTime other, DurationUnit unit)
    {
        if (!IsValid || !other.IsValid)
        {
            return false;
        }

        var adjusted = other.SetZone(Zone, keepLocalTime: true);
        return StartOf(unit).Millis <= adjusted.Millis && adjusted.Millis <= EndOf(unit).Millis;
    }
}
