using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>
/// Where the evaluator meets the date library (<see cref="Dates.DateGlobals"/>): <c>Date</c>, <c>DateTime</c>,
/// <c>Duration</c>, <c>Interval</c>, <c>$now</c> and <c>$today</c> of the execution being evaluated.
/// </summary>
internal static class DateBridge
{
    private static Dates.DateGlobals Globals => EvalState.Current.Dates;

    public static JsValue Date() => Globals.Date;

    public static JsValue DateTime() => Globals.DateTime;

    public static JsValue Duration() => Globals.Duration;

    public static JsValue Interval() => Globals.Interval;

    /// <summary><c>$now</c>: a Luxon DateTime at the execution's clock, in the workflow's zone.</summary>
    public static JsValue NowValue() => Globals.Now();

    /// <summary><c>$today</c>: the start of today in the workflow's zone.</summary>
    public static JsValue TodayValue() => Globals.Today();

    public static bool IsDate(JsValue value) => value.Reference is Dates.JsDate;
}
