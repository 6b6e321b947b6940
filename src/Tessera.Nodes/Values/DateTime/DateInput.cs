using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Values.DateTime;

/// <summary>Turns the values people put in date parameters (ISO text, other date text, epoch numbers, DateTime objects) into DateTimes.</summary>
internal static class DateInput
{
    /// <summary>
    /// Reads <paramref name="value"/> as n8n's Date &amp; Time v2 does: numbers are epoch milliseconds, or seconds when the
    /// integer part has at most ten digits; text is ISO, RFC 2822, HTTP or SQL, else a JavaScript-style date, read as wall time
    /// in <paramref name="zone"/> unless it carries an offset. The result is shown in <paramref name="zone"/>.
    /// </summary>
    public static LuxonDateTime Parse(JsValue value, LuxonZone zone, LuxonSettings settings, string? fromFormat = null)
    {
        if (value.TryGetHost<LuxonDateTime>() is { } luxon)
        {
            return luxon.SetZone(zone);
        }

        if (value.IsNumber)
        {
            return new LuxonDateTime(EpochMillis(value.AsNumber()), zone, settings);
        }

        var text = value.IsString ? value.AsString().Trim() : JsConvert.ToString(value);
        if (text.Length > 0 && IsNumeric(text))
        {
            return new LuxonDateTime(EpochMillis(double.Parse(text, CultureInfo.InvariantCulture)), zone, settings);
        }

        if (!string.IsNullOrEmpty(fromFormat))
        {
            return LuxonParser.Build(LuxonParser.Format(text, fromFormat), zone, setZone: false, settings, text);
        }

        var parts = LuxonParser.Iso(text) ?? LuxonParser.Rfc2822Text(text) ?? LuxonParser.Http(text) ?? LuxonParser.SqlText(text);
        if (parts is not null)
        {
            return LuxonParser.Build(parts, zone, setZone: false, settings, text);
        }

        var millis = JsDateParser.Parse(text, zone);
        return double.IsNaN(millis)
            ? LuxonDateTime.Invalid("unparsable", $"the input \"{text}\" can't be parsed", settings)
            : new LuxonDateTime(millis, zone, settings);
    }

    /// <summary>Epoch milliseconds from a number that may be seconds (ten or fewer integer digits) or milliseconds.</summary>
    public static double EpochMillis(double number) =>
        Math.Abs(Math.Truncate(number)) < 1e10 ? Math.Round(number * 1000) : number;

    public static bool IsNumeric(string text) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    /// <summary>The zone named <paramref name="name"/> (IANA, UTC, fixed offsets), or a failure naming the parameter.</summary>
    public static LuxonZone Zone(string name, LuxonZone fallback, string parameter, int itemIndex)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return fallback;
        }

        return TimeZones.Parse(name.Trim(), fallback)
            ?? throw new NodeOperationException($"The time zone '{name}' in '{parameter}' is not known", itemIndex,
                "Use an IANA time zone such as Europe/Berlin or America/New_York.");
    }

    public static NodeOperationException Invalid(JsValue value, string parameter, int itemIndex) =>
        new($"The value in the \"{parameter}\" field is not a valid date", itemIndex,
            $"'{(value.IsString ? value.AsString() : JsonCodec.Serialize(value))}' could not be read as a date; use ISO 8601 (2024-03-15T10:30:00) or an epoch timestamp.");
}
