using System.Globalization;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>The subset of <c>Intl.NumberFormat</c> expressions use: decimal, percent and currency styles, digits, grouping.</summary>
internal static class NumberFormat
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = "$", ["EUR"] = "€", ["GBP"] = "£", ["JPY"] = "¥", ["INR"] = "₹", ["CNY"] = "CN¥", ["KRW"] = "₩",
        ["BRL"] = "R$", ["CAD"] = "CA$", ["AUD"] = "A$", ["MXN"] = "MX$", ["ILS"] = "₪", ["VND"] = "₫", ["NZD"] = "NZ$",
    };

    public static string Format(double value, JsValue locales, JsValue options)
    {
        var localeName = locales.TryGetString() ?? (locales.TryGetArray() is { Count: > 0 } arr ? JsConvert.ToString(arr[0]) : "en-US");
        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(localeName);
        }
        catch (CultureNotFoundException)
        {
            throw Ext.Error($"Incorrect locale information provided: {localeName}");
        }

        var nf = culture.NumberFormat;
        var style = options["style"].TryGetString() ?? "decimal";
        var currency = options["currency"].TryGetString();
        if (style == "currency" && currency is null)
        {
            throw new Dates.JsHostException("TypeError", "Currency code is required with currency style.");
        }

        var currencyDigits = currency is not null && currency.ToUpperInvariant() is "JPY" or "KRW" or "VND" ? 0 : 2;
        var minFraction = Int(options, "minimumFractionDigits") ?? (style == "currency" ? currencyDigits : 0);
        var maxFraction = Int(options, "maximumFractionDigits") ?? Math.Max(minFraction, style == "currency" ? currencyDigits : style == "percent" ? 0 : 3);
        if (maxFraction < minFraction)
        {
            throw new Dates.JsHostException("RangeError", "maximumFractionDigits value is out of range.");
        }

        var minInteger = Int(options, "minimumIntegerDigits") ?? 1;
        var grouping = options["useGrouping"] is not { IsBoolean: true } g || g.AsBoolean();

        if (double.IsNaN(value))
        {
            return "NaN";
        }

        var negative = value < 0;
        var abs = Math.Abs(value) * (style == "percent" ? 100 : 1);
        string body;
        if (double.IsInfinity(abs))
        {
            body = "∞";
        }
        else
        {
            var rounded = decimal.Round((decimal)abs, maxFraction, MidpointRounding.AwayFromZero);
            var text = rounded.ToString("F" + maxFraction, CultureInfo.InvariantCulture);
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            var integer = dot >= 0 ? text[..dot] : text;
            var fraction = dot >= 0 ? text[(dot + 1)..] : string.Empty;
            while (fraction.Length > minFraction && fraction.EndsWith('0'))
            {
                fraction = fraction[..^1];
            }

            integer = integer.PadLeft(minInteger, '0');
            var sb = new StringBuilder(grouping ? Group(integer, nf.NumberGroupSeparator, nf.NumberGroupSizes) : integer);
            if (fraction.Length > 0)
            {
                sb.Append(nf.NumberDecimalSeparator).Append(fraction);
            }

            body = sb.ToString();
        }

        var sign = negative ? "-" : string.Empty;
        return style switch
        {
            "percent" => sign + body + (culture.Name.StartsWith("en", StringComparison.Ordinal) || culture.Name.Length == 0 ? "%" : "\u00a0%"),
            "currency" => Currency(sign, body, currency!, culture),
            _ => sign + body,
        };
    }

    private static string Currency(string sign, string body, string code, CultureInfo culture)
    {
        var symbol = Symbols.TryGetValue(code, out var s) ? s : code.ToUpperInvariant();
        if (code.Equals("USD", StringComparison.OrdinalIgnoreCase) && !culture.Name.StartsWith("en-US", StringComparison.Ordinal) && culture.Name.StartsWith("en", StringComparison.Ordinal))
        {
            symbol = "US$";
        }

        if (culture.Name.StartsWith("en", StringComparison.Ordinal) || culture.Name.Length == 0)
        {
            return sign + symbol + (symbol.Length > 1 && char.IsAsciiLetter(symbol[^1]) ? "\u00a0" : "") + body;
        }

        return culture.NumberFormat.CurrencyPositivePattern switch
        {
            0 => sign + symbol + body,
            2 => sign + symbol + "\u00a0" + body,
            1 => sign + body + symbol,
            _ => sign + body + "\u00a0" + symbol,
        };
    }

    private static string Group(string digits, string separator, int[] sizes)
    {
        if (sizes.Length == 0 || sizes[0] <= 0 || digits.Length <= sizes[0])
        {
            return digits;
        }

        var parts = new List<string>();
        var end = digits.Length;
        var i = 0;
        while (end > 0)
        {
            var size = sizes[Math.Min(i, sizes.Length - 1)];
            if (size <= 0)
            {
                parts.Insert(0, digits[..end]);
                break;
            }

            var start = Math.Max(0, end - size);
            parts.Insert(0, digits[start..end]);
            end = start;
            i++;
        }

        return string.Join(separator, parts);
    }

    private static int? Int(JsValue options, string key) =>
        options[key] is { IsNumber: true } v ? (int)v.AsNumber() : null;
}
