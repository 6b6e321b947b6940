using System.Globalization;
using System.Text.RegularExpressions;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Shared.Conditions;

/// <summary>Conversions the condition operators share: dates to epoch milliseconds, JavaScript-style regular expressions.</summary>
internal static class ConditionValues
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private static readonly string[] ZonelessFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-MM", "yyyy",
    ];

    /// <summary>
    /// Reads a date the way n8n's comparisons accept one: ISO 8601 text (zone-less text is read in <paramref name="zone"/>),
    /// RFC 2822/HTTP dates, epoch milliseconds, or a host date (Luxon DateTime / Date) through its numeric primitive.
    /// </summary>
    public static bool TryGetEpochMs(JsValue value, TimeZoneInfo zone, out double ms)
    {
        ms = double.NaN;
        switch (value.Kind)
        {
            case JsKind.Number:
                ms = value.AsNumber();
                return !double.IsNaN(ms);
            case JsKind.String:
                return TryParseDateText(value.AsString(), zone, out ms);
            case JsKind.Host when value.Reference is IJsPrimitive p:
                var prim = p.ToPrimitive(preferString: false);
                if (prim.IsNumber)
                {
                    ms = prim.AsNumber();
                    return !double.IsNaN(ms);
                }

                return prim.IsString && TryParseDateText(prim.AsString(), zone, out ms);
            default:
                return false;
        }
    }

    /// <summary>Parses date text to epoch milliseconds.</summary>
    public static bool TryParseDateText(string text, TimeZoneInfo zone, out double ms)
    {
        ms = double.NaN;
        var s = text.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        if (HasExplicitZone(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var withZone))
        {
            ms = withZone.ToUnixTimeMilliseconds() + (withZone.Ticks % TimeSpan.TicksPerMillisecond / (double)TimeSpan.TicksPerMillisecond);
            ms = Math.Floor(ms);
            return true;
        }

        if (DateTime.TryParseExact(s, ZonelessFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local)
            || DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out local))
        {
            local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            var offset = zone.GetUtcOffset(local);
            ms = new DateTimeOffset(local, offset).ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }

    private static bool HasExplicitZone(string s)
    {
        if (s.EndsWith('Z') || s.EndsWith('z') || s.Contains("GMT", StringComparison.OrdinalIgnoreCase) || s.Contains("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // "+05:00" / "-0500" after the time part (the date's own hyphens come before 'T' or a space).
        var timeStart = s.IndexOfAny(['T', ' ']);
        if (timeStart < 0)
        {
            return false;
        }

        var tail = s[(timeStart + 1)..];
        return tail.Contains('+', StringComparison.Ordinal) || tail.Contains('-', StringComparison.Ordinal);
    }

    /// <summary>
    /// Builds a regular expression from n8n's regex text: <c>/pattern/flags</c> uses the flags, anything else is the bare pattern.
    /// </summary>
    public static Regex ParseRegex(string text, bool ignoreCase)
    {
        var pattern = text;
        var options = RegexOptions.CultureInvariant;
        var match = Regex.Match(text, "^/(.*)/([dgimsuvy]*)$", RegexOptions.Singleline, RegexTimeout);
        if (match.Success)
        {
            pattern = match.Groups[1].Value;
            foreach (var flag in match.Groups[2].Value)
            {
                options |= flag switch
                {
                    'i' => RegexOptions.IgnoreCase,
                    'm' => RegexOptions.Multiline,
                    's' => RegexOptions.Singleline,
                    _ => RegexOptions.None,
                };
            }
        }

        if (ignoreCase)
        {
            options |= RegexOptions.IgnoreCase;
        }

        try
        {
            return new Regex(pattern, options, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ConditionException($"Invalid regular expression '{text}': {e.Message}", "Check the pattern; write it as /pattern/flags or as the bare pattern.");
        }
    }

    /// <summary>A short text for a value in error messages, like n8n's <c>'value'</c>.</summary>
    public static string Describe(JsValue value) => value.Kind switch
    {
        JsKind.Object or JsKind.Array => JsonCodec.Serialize(value),
        _ => JsConvert.ToString(value),
    };

    /// <summary>n8n's name for a value's type in type errors.</summary>
    public static string TypeName(JsValue value) => value.Kind switch
    {
        JsKind.Array => "array",
        JsKind.Object => "object",
        JsKind.Null => "null",
        JsKind.Undefined => "undefined",
        JsKind.Host when value.Reference is IJsPrimitive => "dateTime",
        _ => JsConvert.TypeOf(value),
    };
}

/// <summary>A condition could not be evaluated (wrong type, bad regex); the node turns it into a node error.</summary>
internal sealed class ConditionException(string message, string? description = null) : Exception(message)
{
    /// <summary>How to fix it.</summary>
    public string? Description { get; } = description;
}
