using System.Globalization;

namespace Tessera.Server.Triggers.Scheduling;

/// <summary>
/// A cron expression with 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), as n8n accepts:
/// <c>*</c>, <c>?</c>, ranges <c>1-5</c>, steps <c>*/15</c> and <c>10-50/5</c> and <c>5/15</c>, lists <c>1,3,5</c>,
/// month names (<c>JAN</c>) and weekday names (<c>MON</c>), Sunday as 0 or 7.
/// </summary>
/// <remarks>
/// When both day-of-month and day-of-week are restricted, a day matches when either does (the classic cron rule).
/// Next occurrences are computed on the wall clock of a time zone: a local time that does not exist (the hour skipped
/// when clocks go forward) is skipped, and a local time that happens twice (clocks going back) fires once, at its first
/// instant, so the repeated hour never fires twice.
/// </remarks>
public sealed class CronExpression
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    // Search horizon: the rarest valid expression (29 February on a given weekday) recurs within 28 years.
    private const int HorizonYears = 30;

    private readonly ulong _seconds;
    private readonly ulong _minutes;
    private readonly uint _hours;
    private readonly uint _daysOfMonth;
    private readonly uint _months;
    private readonly uint _daysOfWeek;
    private readonly bool _domRestricted;
    private readonly bool _dowRestricted;

    private CronExpression(string text, ulong seconds, ulong minutes, uint hours, uint dom, uint months, uint dow, bool domRestricted, bool dowRestricted)
    {
        Text = text;
        _seconds = seconds;
        _minutes = minutes;
        _hours = hours;
        _daysOfMonth = dom;
        _months = months;
        _daysOfWeek = dow;
        _domRestricted = domRestricted;
        _dowRestricted = dowRestricted;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Parses an expression; throws <see cref="FormatException"/> naming the bad field and how to fix it.</summary>
    public static CronExpression Parse(string text)
    {
        if (!TryParse(text, out var expression, out var error))
        {
            throw new FormatException(error);
        }

        return expression;
    }

    /// <summary>Parses an expression; on failure <paramref name="error"/> says which field is wrong and why.</summary>
    public static bool TryParse(string? text, out CronExpression expression, out string error)
    {
        expression = null!;
        var fields = (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            error = $"The cron expression \"{text}\" has {fields.Length} fields; write 5 (minute hour day month weekday) or 6 (second first).";
            return false;
        }

        var offset = fields.Length == 6 ? 0 : 1;
        ulong seconds = 1;
        if (offset == 0 && !TryField(fields[0], "second", 0, 59, null, out seconds, out _, out error))
        {
            return false;
        }

        if (!TryField(fields[1 - offset], "minute", 0, 59, null, out var minutes, out _, out error)
            || !TryField(fields[2 - offset], "hour", 0, 23, null, out var hours, out _, out error)
            || !TryField(fields[3 - offset], "day of month", 1, 31, null, out var dom, out var domRestricted, out error)
            || !TryField(fields[4 - offset], "month", 1, 12, MonthNames, out var months, out _, out error)
            || !TryField(fields[5 - offset], "day of week", 0, 7, DayNames, out var dow, out var dowRestricted, out error))
        {
            return false;
        }

        // Sunday is 0 and 7.
        if ((dow & (1UL << 7)) != 0)
        {
            dow |= 1;
        }

        expression = new CronExpression(string.Join(' ', fields), seconds, minutes, (uint)hours, (uint)dom, (uint)months, (uint)(dow & 0x7F), domRestricted, dowRestricted);
        error = string.Empty;
        return true;
    }

    /// <summary>True when the wall-clock time matches every field.</summary>
    public bool Matches(DateTime local) =>
        Has(_seconds, local.Second) && Has(_minutes, local.Minute) && Has(_hours, local.Hour)
        && Has(_months, local.Month) && DayMatches(local);

    /// <summary>
    /// The first instant strictly after <paramref name="after"/> whose wall-clock time in <paramref name="zone"/> matches,
    /// or null when none exists within 30 years (e.g. 30 February).
    /// </summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var t = new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified).AddSeconds(1);
        var limit = t.AddYears(HorizonYears);
        while (t < limit)
        {
            var candidate = NextLocal(t, limit);
            if (candidate is null)
            {
                return null;
            }

            t = candidate.Value;
            if (zone.IsInvalidTime(t))
            {
                t = t.AddSeconds(1);
                continue;
            }

            var offset = zone.IsAmbiguousTime(t) ? zone.GetAmbiguousTimeOffsets(t).Max() : zone.GetUtcOffset(t);
            var instant = new DateTimeOffset(t, offset);
            if (instant > after)
            {
                return instant;
            }

            t = t.AddSeconds(1);
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private DateTime? NextLocal(DateTime t, DateTime limit)
    {
        while (t < limit)
        {
            if (!Has(_months, t.Month))
            {
                t = new DateTime(t.Year, t.Month, 1).AddMonths(1);
                continue;
            }

            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!Has(_hours, t.Hour))
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }

            if (!Has(_minutes, t.Minute))
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1);
                continue;
            }

            if (!Has(_seconds, t.Second))
            {
                t = t.AddSeconds(1);
                continue;
            }

            return t;
        }

        return null;
    }

    private bool DayMatches(DateTime t)
    {
        var dom = Has(_daysOfMonth, t.Day);
        var dow = Has(_daysOfWeek, (int)t.DayOfWeek);
        return _domRestricted && _dowRestricted ? dom || dow : dom && dow;
    }

    private static bool Has(ulong mask, int value) => (mask & (1UL << value)) != 0;

    private static bool TryField(string field, string name, int min, int max, string[]? names, out ulong mask, out bool restricted, out string error)
    {
        mask = 0;
        restricted = !(field is "*" or "?");
        foreach (var part in field.Split(','))
        {
            if (!TryPart(part, name, min, max, names, ref mask, out error))
            {
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    private static bool TryPart(string part, string name, int min, int max, string[]? names, ref ulong mask, out string error)
    {
        var step = 1;
        var range = part;
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            range = part[..slash];
            if (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
            {
                error = $"The {name} field has step \"{part[(slash + 1)..]}\"; a step must be a whole number of at least 1.";
                return false;
            }
        }

        int from, to;
        if (range is "*" or "?")
        {
            (from, to) = (min, max);
        }
        else
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            if (!TryValue(dash < 0 ? range : range[..dash], names, min, out from))
            {
                error = $"The {name} field has \"{part}\", which is not a number{(names is null ? "" : " or name")} between {min} and {max}.";
                return false;
            }

            if (dash >= 0)
            {
                if (!TryValue(range[(dash + 1)..], names, min, out to))
                {
                    error = $"The {name} field has \"{part}\", which is not a number{(names is null ? "" : " or name")} between {min} and {max}.";
                    return false;
                }
            }
            else
            {
                // "5/15" means from 5 to the end in steps of 15.
                to = slash >= 0 ? max : from;
            }
        }

        if (from < min || to > max || from > to)
        {
            error = $"The {name} field has \"{part}\"; values must lie between {min} and {max}, the smaller first.";
            return false;
        }

        for (var v = from; v <= to; v += step)
        {
            mask |= 1UL << v;
        }

        error = string.Empty;
        return true;
    }

    private static bool TryValue(string text, string[]? names, int min, out int value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (names is not null)
        {
            var index = Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                value = index + min;
                return true;
            }
        }

        return false;
    }
}
