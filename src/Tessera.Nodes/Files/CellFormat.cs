using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Files;

/// <summary>
/// The text a spreadsheet program shows for a cell: numbers in the General format, booleans as TRUE/FALSE,
/// and dates (stored as serial day numbers since 1899-12-30) in their number format.
/// </summary>
internal static partial class CellFormat
{
    private static readonly DateTime Epoch = new(1899, 12, 30, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Built-in number formats that show dates or times (ids from the OOXML/BIFF specifications).</summary>
    private static readonly Dictionary<int, string> BuiltInDateFormats = new()
    {
        [14] = "m/d/yy", [15] = "d-mmm-yy", [16] = "d-mmm", [17] = "mmm-yy", [18] = "h:mm AM/PM", [19] = "h:mm:ss AM/PM",
        [20] = "h:mm", [21] = "h:mm:ss", [22] = "m/d/yy h:mm", [45] = "mm:ss", [46] = "[h]:mm:ss", [47] = "mmss.0",
    };

    public static string General(JsValue value) => value.Kind switch
    {
        JsKind.Undefined or JsKind.Null => string.Empty,
        JsKind.Boolean => value.AsBoolean() ? "TRUE" : "FALSE",
        JsKind.Number => GeneralNumber(value.AsNumber()),
        JsKind.String => value.AsString(),
        _ => JsonCodec.Serialize(value),
    };

    /// <summary>A number as the General format shows it: at most 11 significant characters, exponent form for very large or small values.</summary>
    public static string GeneralNumber(double n)
    {
        if (double.IsNaN(n) || double.IsInfinity(n))
        {
            return "#NUM!";
        }

        if (n == Math.Floor(n) && Math.Abs(n) < 1e11)
        {
            return JsNumber.ToString(n);
        }

        var magnitude = n == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(n)));
        if (magnitude >= 11 || magnitude <= -5)
        {
            var text = n.ToString("0.#####E+00", CultureInfo.InvariantCulture);
            return text;
        }

        var decimals = Math.Clamp(9 - magnitude, 0, 15);
        return JsNumber.ToString(Math.Round(n, decimals, MidpointRounding.AwayFromZero));
    }

    /// <summary>Recognises numbers and TRUE/FALSE in text, as a spreadsheet program does when it imports text.</summary>
    public static JsValue Infer(string text)
    {
        if (text.Equals("TRUE", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("FALSE", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return NumberText().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : text;
    }

    /// <summary>The format code of a built-in number format id when it shows a date or time.</summary>
    public static string? BuiltInDateFormat(int id) => BuiltInDateFormats.GetValueOrDefault(id) ?? (id is >= 27 and <= 36 or >= 50 and <= 58 ? "m/d/yy" : null);

    /// <summary>True when a format code shows a date or time (y, m, d, h or s outside quotes, brackets and escapes).</summary>
    public static bool IsDateFormat(string code)
    {
        var inQuote = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                inQuote = !inQuote;
            }
            else if (inQuote)
            {
                continue;
            }
            else if (c is '\\' or '_' or '*')
            {
                i++;
            }
            else if (c == '[')
            {
                var end = code.IndexOf(']', i);
                var inner = end < 0 ? string.Empty : code[(i + 1)..end];
                if (inner.Length > 0 && inner.Trim('h', 'H', 'm', 'M', 's', 'S').Length == 0)
                {
                    return true;
                }

                i = end < 0 ? code.Length : end;
            }
            else if (c is 'y' or 'Y' or 'm' or 'M' or 'd' or 'D' or 'h' or 'H' or 's' or 'S')
            {
                return code != "General";
            }
        }

        return false;
    }

    public static double ToSerial(DateTime date) => (date - Epoch).TotalDays;

    public static DateTime FromSerial(double serial) => Epoch.AddMilliseconds(Math.Round(serial * 86_400_000));

    /// <summary>A date serial in a date format code (the common tokens: y, m, d, h, s, AM/PM, month and day names).</summary>
    public static string FormatDate(double serial, string code)
    {
        var date = FromSerial(serial);
        var section = code.Split(';')[0];
        var hasAmPm = section.Contains("AM/PM", StringComparison.OrdinalIgnoreCase) || section.Contains("A/P", StringComparison.OrdinalIgnoreCase);
        var sb = new StringBuilder();
        var lastWasHour = false;
        for (var i = 0; i < section.Length;)
        {
            var c = section[i];
            if (c == '"')
            {
                var end = section.IndexOf('"', i + 1);
                end = end < 0 ? section.Length : end;
                sb.Append(section, i + 1, end - i - 1);
                i = end + 1;
                continue;
            }

            if (c == '\\' && i + 1 < section.Length)
            {
                sb.Append(section[i + 1]);
                i += 2;
                continue;
            }

            if (c == '[')
            {
                var end = section.IndexOf(']', i);
                end = end < 0 ? section.Length - 1 : end;
                var inner = section[(i + 1)..end].ToLowerInvariant();
                if (inner.Length > 0 && inner.Trim('h').Length == 0)
                {
                    sb.Append(((long)Math.Floor(serial * 24)).ToString(CultureInfo.InvariantCulture));
                    lastWasHour = true;
                }

                i = end + 1;
                continue;
            }

            if (section.AsSpan(i).StartsWith("AM/PM", StringComparison.OrdinalIgnoreCase))
            {
                sb.Append(date.Hour < 12 ? "AM" : "PM");
                i += 5;
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is 'y' or 'm' or 'd' or 'h' or 's')
            {
                var run = 1;
                while (i + run < section.Length && char.ToLowerInvariant(section[i + run]) == lower)
                {
                    run++;
                }

                // "m" right after hours or right before seconds means minutes.
                var minutes = lower == 'm' && run <= 2 && (lastWasHour || NextIsSeconds(section, i + run));
                sb.Append(Token(date, lower, run, minutes, hasAmPm));
                lastWasHour = lower == 'h' || (lastWasHour && lower != 's' && !minutes);
                i += run;
                continue;
            }

            if (c is '_' or '*')
            {
                i += 2;
                continue;
            }

            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }

    private static bool NextIsSeconds(string section, int from)
    {
        for (var i = from; i < section.Length; i++)
        {
            var c = char.ToLowerInvariant(section[i]);
            if (c == 's')
            {
                return true;
            }

            if (char.IsLetter(c))
            {
                return false;
            }
        }

        return false;
    }

    private static string Token(DateTime date, char kind, int run, bool minutes, bool amPm)
    {
        var culture = CultureInfo.InvariantCulture;
        return kind switch
        {
            'y' => run <= 2 ? (date.Year % 100).ToString("00", culture) : date.Year.ToString("0000", culture),
            'm' when minutes => date.Minute.ToString(run == 1 ? "0" : "00", culture),
            'm' => run switch
            {
                1 => date.Month.ToString(culture),
                2 => date.Month.ToString("00", culture),
                3 => date.ToString("MMM", culture),
                5 => date.ToString("MMMM", culture)[..1],
                _ => date.ToString("MMMM", culture),
            },
            'd' => run switch
            {
                1 => date.Day.ToString(culture),
                2 => date.Day.ToString("00", culture),
                3 => date.ToString("ddd", culture),
                _ => date.ToString("dddd", culture),
            },
            'h' => (amPm ? (date.Hour % 12 == 0 ? 12 : date.Hour % 12) : date.Hour).ToString(run == 1 ? "0" : "00", culture),
            _ => date.Second.ToString(run == 1 ? "0" : "00", culture),
        };
    }

    [GeneratedRegex(@"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")]
    private static partial Regex NumberText();
}
