using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Values.DateTime;

/// <summary>Date &amp; Time v2 operations over Luxon-compatible DateTimes.</summary>
internal static class DateTimeV2
{
    public static Item Run(NodeExecutionContext context, Item item, int index, LuxonZone workflowZone, LuxonSettings settings)
    {
        var operation = context.GetString("operation", index, "getCurrentDate");
        var options = context.GetObject("options", index);
        var zone = options["timezone"].TryGetString() is { Length: > 0 } tz ? DateInput.Zone(tz, workflowZone, "Timezone", index) : workflowZone;
        string field;
        JsValue result;
        switch (operation)
        {
            case "getCurrentDate":
                field = Output(context, index, "currentDate");
                var now = new LuxonDateTime(settings.NowMillis, zone, settings);
                result = Iso(context.GetBoolean("includeTime", index, true) ? now : now.StartOf(DurationUnit.Days));
                break;
            case "addToDate" or "subtractFromDate":
                field = Output(context, index, "newDate");
                var raw = context.GetParameter("magnitude", index);
                if (raw.IsUndefined)
                {
                    raw = context.GetParameter(operation, index);
                }

                var start = Require(raw, "Date to Add To", index, zone, settings);
                var unit = Unit(context.GetString("timeUnit", index, "days"), index);
                result = Iso(start.Plus(LuxonDuration.FromUnit(unit, context.GetNumber("duration", index)), operation == "addToDate" ? 1 : -1));
                break;
            case "formatDate":
                field = Output(context, index, "formattedDate");
                var dateValue = context.GetParameter("date", index);
                if (dateValue.IsNullish || (dateValue.IsString && dateValue.AsString().Length == 0))
                {
                    result = JsValue.Null;
                    break;
                }

                var date = Require(dateValue, "Date", index, zone, settings, options["fromFormat"].TryGetString());
                var format = context.GetString("format", index, "MM/dd/yyyy");
                if (format == "custom")
                {
                    format = context.GetString("customFormat", index);
                }

                result = LuxonFormat.ToFormat(date, format);
                break;
            case "roundDate":
                field = Output(context, index, "roundedDate");
                var toRound = Require(context.GetParameter("date", index), "Date", index, zone, settings);
                if (context.GetString("mode", index, "roundDown") == "roundUp")
                {
                    var upUnit = Unit(context.GetString("to", index, "month"), index);
                    var floor = toRound.StartOf(upUnit);
                    result = Iso(floor.Millis == toRound.Millis ? floor : floor.Plus(LuxonDuration.FromUnit(upUnit, 1)));
                }
                else
                {
                    result = Iso(toRound.StartOf(Unit(context.GetString("toNearest", index, "month"), index)));
                }

                break;
            case "getTimeBetweenDates":
                field = Output(context, index, "timeDifference");
                var from = Require(context.GetParameter("startDate", index), "Start Date", index, zone, settings);
                var to = Require(context.GetParameter("endDate", index), "End Date", index, zone, settings);
                var unitsValue = context.GetParameter("units", index);
                var units = (unitsValue.TryGetArray()?.Select(v => JsConvert.ToString(v)) ?? [unitsValue.IsString ? unitsValue.AsString() : "day"])
                    .Select(u => Unit(u, index)).Distinct().Order().ToList();
                var diff = to.Diff(from, units);
                result = options["isoString"].IsBoolean && options["isoString"].AsBoolean()
                    ? (JsValue)JsConvert.ToString(diff.GetMember("toISO").TryGetHost<IJsCallable>() is { } toIso ? toIso.Call(JsValue.FromHost(diff), []) : JsValue.Null)
                    : diff.ToObject();
                break;
            case "extractDate":
                field = Output(context, index, "datePart");
                var source = Require(context.GetParameter("date", index), "Date", index, zone, settings);
                result = Part(source, context.GetString("part", index, "month"), index);
                break;
            default:
                throw new NodeOperationException($"The operation '{operation}' is not known to Date & Time", index,
                    "Use getCurrentDate, addToDate, subtractFromDate, formatDate, roundDate, getTimeBetweenDates or extractDate.");
        }

        var includeInput = options["includeInputFields"].IsBoolean && options["includeInputFields"].AsBoolean();
        var json = includeInput ? item.Json.DeepClone() : new JsObject();
        JsPath.Set(json, field, result);
        return new Item(json, index) { Binary = includeInput ? item.Binary : null };
    }

    private static string Output(NodeExecutionContext context, int index, string fallback) =>
        context.GetString("outputFieldName", index, fallback) is { Length: > 0 } name ? name : fallback;

    private static LuxonDateTime Require(JsValue value, string label, int index, LuxonZone zone, LuxonSettings settings, string? fromFormat = null)
    {
        var date = value.IsNullish ? null : DateInput.Parse(value, zone, settings, fromFormat);
        if (date is null || !date.IsValid)
        {
            throw DateInput.Invalid(value, label, index);
        }

        return date.SetZone(zone);
    }

    private static DurationUnit Unit(string name, int index) =>
        Units.TryParse(name) ?? throw new NodeOperationException($"The time unit '{name}' is not known", index,
            "Use years, quarters, months, weeks, days, hours, minutes, seconds or milliseconds.");

    private static JsValue Iso(LuxonDateTime date) => date.ToIso() is { } iso ? iso : JsValue.Null;

    private static JsValue Part(LuxonDateTime date, string part, int index) => part switch
    {
        "year" => date.Local.Year,
        "month" => date.Local.Month,
        "week" => date.IsoWeek.WeekNumber,
        "day" => date.Local.Day,
        "hour" => date.Local.Hour,
        "minute" => date.Local.Minute,
        "second" => date.Local.Second,
        _ => throw new NodeOperationException($"The part '{part}' is not known", index, "Use year, month, week, day, hour, minute or second."),
    };
}
