using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Values.DateTime;

/// <summary>Date &amp; Time v1: "format" (moment-style output format, optional source format and zones) and "calculate".</summary>
internal static class DateTimeV1
{
    public static Item Run(NodeExecutionContext context, Item item, int index, LuxonZone workflowZone, LuxonSettings settings)
    {
        var value = context.GetParameter("value", index);
        if (value.IsNullish || (value.IsString && value.AsString().Length == 0))
        {
            // n8n v1 leaves items without a value untouched.
            return new Item(item.Json, index) { Binary = item.Binary };
        }

        var options = context.GetObject("options", index);
        var fromFormat = options["fromFormat"].TryGetString() ?? string.Empty;
        var fromZoneName = options["fromTimezone"].TryGetString() ?? string.Empty;
        var toZoneName = options["toTimezone"].TryGetString() ?? string.Empty;
        var fromZone = DateInput.Zone(fromZoneName, workflowZone, "From Timezone", index);
        var displayZone = DateInput.Zone(toZoneName, fromZone, "To Timezone", index);
        var date = Parse(value, fromFormat, fromZone, settings);
        if (!date.IsValid)
        {
            throw new NodeOperationException("The date input format could not be recognized. Please set the \"From Format\" field", index,
                $"'{JsConvert.ToString(value)}' is not a date this node can read; set 'From Format' (moment.js tokens such as DD/MM/YYYY).");
        }

        date = date.SetZone(displayZone);
        JsValue result;
        if (context.GetString("action", index, "format") == "calculate")
        {
            var unit = Units.TryParse(context.GetString("timeUnit", index, "days"))
                ?? throw new NodeOperationException($"The time unit '{context.GetString("timeUnit", index)}' is not known", index);
            var amount = context.GetNumber("duration", index);
            var sign = context.GetString("operation", index, "add") == "subtract" ? -1 : 1;
            var shifted = date.Plus(LuxonDuration.FromUnit(unit, amount), sign);
            result = System.DateTimeOffset.FromUnixTimeMilliseconds((long)shifted.Millis).UtcDateTime
                .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            var toFormat = context.GetString("toFormat", index, "MM/DD/YYYY");
            result = LuxonFormat.ToFormat(date, MomentFormat.ToLuxon(toFormat.Length == 0 ? "MM/DD/YYYY" : toFormat));
        }

        var json = item.Json.DeepClone();
        JsPath.Set(json, context.GetString("dataPropertyName", index, "data"), result);
        return new Item(json, index) { Binary = item.Binary };
    }

    // Without a source format, numbers are epoch values and text is read as moment would: ISO text as wall time in the
    // source zone, anything else through JavaScript's Date parser (the server's zone, UTC here) keeping that instant.
    private static LuxonDateTime Parse(JsValue value, string fromFormat, LuxonZone fromZone, LuxonSettings settings)
    {
        if (value.TryGetHost<LuxonDateTime>() is { } luxon)
        {
            return luxon;
        }

        var text = value.IsString ? value.AsString().Trim() : JsConvert.ToString(value);
        switch (fromFormat)
        {
            case "x" when DateInput.IsNumeric(text):
                return new LuxonDateTime(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), fromZone, settings);
            case "X" when DateInput.IsNumeric(text):
                return new LuxonDateTime(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) * 1000, fromZone, settings);
            case "":
                if (value.IsNumber || DateInput.IsNumeric(text))
                {
                    return DateInput.Parse(value, fromZone, settings);
                }

                if (LuxonParser.Iso(text) is { } iso)
                {
                    return LuxonParser.Build(iso, fromZone, setZone: false, settings, text);
                }

                var millis = JsDateParser.Parse(text, FixedOffsetZone.Utc);
                return double.IsNaN(millis)
                    ? LuxonDateTime.Invalid("unparsable", text, settings)
                    : new LuxonDateTime(millis, fromZone, settings);
            default:
                return LuxonParser.Build(LuxonParser.Format(text, MomentFormat.ToLuxon(fromFormat)), fromZone, setZone: false, settings, text);
        }
    }
}
