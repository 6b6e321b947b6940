using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>
/// n8n's date extension functions, on Luxon DateTimes and JavaScript Dates. Functions that return a date return the
/// receiver's kind (a Date stays a Date).
/// </summary>
internal static class DateExtensions
{
    public static Dictionary<string, ExtensionFunction> Create() => new()
    {
        ["beginningOf"] = (r, a, c) => Back(r, Dt(r, c).StartOf(Unit(a, 0, "week", "beginningOf"))),
        ["endOfMonth"] = (r, _, c) => Back(r, Dt(r, c).EndOf(DurationUnit.Months)),
        ["extract"] = (r, a, c) => Extract(Dt(r, c), Ext.OptionalString(a, 0, "extract", "datePart") ?? "week"),
        ["format"] = (r, a, c) => LuxonFormat.ToFormat(Dt(r, c), Ext.RequiredString(a, 0, "format", "fmt")),
        ["isBetween"] = (r, a, c) => IsBetween(Dt(r, c), a, c),
        ["isDst"] = (r, _, c) => Dt(r, c) is var d && d.IsValid && d.Zone.IsInDst(d.Millis),
        ["isInLast"] = (r, a, c) => IsInLast(Dt(r, c), Ext.OptionalNumber(a, 0, "isInLast", "n") ?? 0, Unit(a, 1, "minutes", "isInLast"), c),
        ["isWeekend"] = (r, _, c) => Dt(r, c) is var d && d.IsValid && d.Weekday >= 6,
        ["plus"] = (r, a, c) => Back(r, Dt(r, c).Plus(Amount(a, "plus"))),
        ["minus"] = (r, a, c) => Back(r, Dt(r, c).Plus(Amount(a, "minus"), -1)),
        ["toDateTime"] = (r, _, c) => JsValue.FromHost(Dt(r, c)),
        ["diffTo"] = (r, a, c) => DiffTo(Dt(r, c), Other(Ext.Arg(a, 0), c), Ext.Arg(a, 1)),
        ["diffToNow"] = (r, a, c) => DiffTo(Dt(r, c), Now(c), Ext.Arg(a, 0)),
    };

    private static LuxonSettings Settings(ExpressionContext c) => LuxonSettings.For(c.Execution);

    private static LuxonDateTime Dt(JsValue receiver, ExpressionContext c) => receiver.Reference switch
    {
        LuxonDateTime dt => dt,
        JsDate d => new LuxonDateTime(d.Time, Settings(c).DefaultZone, Settings(c)),
        _ => throw Ext.Error("expected a date"),
    };

    private static LuxonDateTime Now(ExpressionContext c)
    {
        var s = Settings(c);
        return new LuxonDateTime(s.NowMillis, s.DefaultZone, s);
    }

    private static JsValue Back(JsValue receiver, LuxonDateTime result) =>
        receiver.Reference is JsDate d ? JsValue.FromHost(new JsDate(result.Millis, d.Settings)) : JsValue.FromHost(result);

    private static DurationUnit Unit(ReadOnlySpan<JsValue> a, int index, string fallback, string function)
    {
        var name = Ext.OptionalString(a, index, function, "unit") ?? fallback;
        return Units.TryParse(name) ?? throw Ext.Error($"{function}(): unknown unit \"{name}\"", "Use one of year, quarter, month, week, day, hour, minute, second.");
    }

    /// <summary>n8n's <c>plus(5, 'days')</c>; a lone number counts minutes on a Date, or a Luxon duration object.</summary>
    private static LuxonDuration Amount(ReadOnlySpan<JsValue> a, string function)
    {
        var first = Ext.Arg(a, 0);
        if (first.IsNumber)
        {
            return LuxonDuration.FromUnit(a.Length > 1 ? Unit(a, 1, "minutes", function) : DurationUnit.Minutes, first.AsNumber());
        }

        try
        {
            return LuxonDuration.FromDurationLike(first);
        }
        catch (JsHostException e)
        {
            throw Ext.Error($"{function}(): {e.Message}", "Pass a number and a unit, e.g. plus(5, 'days').");
        }
    }

    private static LuxonDateTime Other(JsValue value, ExpressionContext c) => value.Kind switch
    {
        JsKind.String => StringExtensions.ToDateTime(value.AsString(), c),
        JsKind.Host when value.Reference is LuxonDateTime or JsDate => Dt(value, c),
        _ => throw Ext.Error("expected a date (DateTime, Date or ISO string) as argument"),
    };

    private static JsValue Extract(LuxonDateTime dt, string part)
    {
        var l = dt.Local;
        return part.ToLowerInvariant() switch
        {
            "year" or "years" => l.Year,
            "quarter" or "quarters" => dt.Quarter,
            "month" or "months" => l.Month,
            "week" or "weeks" or "weeknumber" => dt.IsoWeek.WeekNumber,
            "day" or "days" => l.Day,
            "hour" or "hours" => l.Hour,
            "minute" or "minutes" => l.Minute,
            "second" or "seconds" => l.Second,
            "millisecond" or "milliseconds" => l.Millisecond,
            "weekday" or "dayofweek" => dt.Weekday,
            "yeardaynumber" or "ordinal" => Calendar.Ordinal(l.Year, l.Month, l.Day),
            _ => throw Ext.Error($"extract(): unknown date part \"{part}\"", "Use year, month, week, day, hour, minute or second."),
        };
    }

    private static bool IsBetween(LuxonDateTime dt, ReadOnlySpan<JsValue> a, ExpressionContext c)
    {
        if (a.Length < 2)
        {
            throw Ext.Error("isBetween(): expected two dates", "e.g. isBetween('2024-01-01', '2024-12-31')");
        }

        var first = Other(a[0], c).Millis;
        var second = Other(a[1], c).Millis;
        var (lo, hi) = first <= second ? (first, second) : (second, first);
        return dt.Millis > lo && dt.Millis < hi;
    }

    private static bool IsInLast(LuxonDateTime dt, double n, DurationUnit unit, ExpressionContext c)
    {
        var now = Now(c);
        var from = now.Plus(LuxonDuration.FromUnit(unit, n), -1);
        return dt.Millis >= from.Millis && dt.Millis <= now.Millis;
    }

    private static JsValue DiffTo(LuxonDateTime dt, LuxonDateTime other, JsValue unitArg)
    {
        var units = unitArg.IsNullish ? [DurationUnit.Days] : LuxonDuration.ParseUnits([unitArg]);
        var duration = other.Diff(dt, units);
        if (unitArg.IsArray)
        {
            return duration.ToObject();
        }

        return duration.Get(units[0]);
    }
}
