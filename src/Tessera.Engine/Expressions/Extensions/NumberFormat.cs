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
            // Intl falls back to the default locale for well-formed but unknown tags.
            culture = CultureInfo.GetCultureInfo("en-US");
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
        var maxSignificant = Int(options, "maximumSignificantDigits");
        var minSignificant = Int(options, "minimumSignificantDigits");
        var compact = options["notation"].TryGetString() == "compact";

        if (double.IsNaN(value))
        {
            return "NaN";
        }

        var negative = value < 0;
        var abs = Math.Abs(value) * (style == "percent" ? 100 : 1);
        var suffix = string.Empty;
        string body;
        if (double.IsInfinity(abs))
        {
            body = "∞";
        }
        else
        {
            string digits;
            if (compact)
            {
                (digits, suffix) = Compact(abs, maxSignificant, minSignificant, Int(options, "maximumFractionDigits"));
            }
            else if (abs >= 1e21)
            {
                digits = LargeInteger(abs) + (minFraction > 0 ? "." + new string('0', minFraction) : string.Empty);
            }
            else if (maxSignificant is not null || minSignificant is not null)
            {
                digits = Significant((decimal)abs, maxSignificant ?? 21, minSignificant ?? 1);
            }
            else
            {
                digits = Fixed((decimal)abs, minFraction, maxFraction);
            }

            var dot = digits.IndexOf('.', StringComparison.Ordinal);
            var integer = (dot >= 0 ? digits[..dot] : digits).PadLeft(minInteger, '0');
            var fraction = dot >= 0 ? digits[(dot + 1)..] : string.Empty;
            var group = nf.NumberGroupSeparator == "\u2019" ? "'" : nf.NumberGroupSeparator; // Node's ICU uses ' for de-CH
            var minimumGrouping = culture.TwoLetterISOLanguageName is "es" or "pl" || culture.Name == "pt-PT" ? 5 : 0;
            var sb = new StringBuilder(grouping && integer.Length >= minimumGrouping ? Group(integer, group, nf.NumberGroupSizes) : integer);
            if (fraction.Length > 0)
            {
                sb.Append(nf.NumberDecimalSeparator).Append(fraction);
            }

            body = sb.ToString() + suffix;
        }

        var sign = negative ? "-" : string.Empty;
        return style switch
        {
            "percent" => sign + body + (culture.Name.StartsWith("en", StringComparison.Ordinal) || culture.Name.Length == 0 ? "%" : "\u00a0%"),
            "currency" => Currency(sign, body, currency!, culture),
            _ => sign + body,
        };
    }

    /// <summary>Shortest round-trip digits of a large whole number, padded with zeros (as Intl prints 1e30).</summary>
    private static string LargeInteger(double abs)
    {
        var shortest = abs.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e < 0)
        {
            return shortest;
        }

        var mantissa = shortest[..e].Replace(".", string.Empty, StringComparison.Ordinal);
        var exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa.PadRight(exponent + 1, '0');
    }

    /// <summary>Rounds half away from zero to at most <paramref name="max"/> fraction digits, keeping at least <paramref name="min"/>.</summary>
    private static string Fixed(decimal abs, int min, int max)
    {
        var text = decimal.Round(abs, Math.Min(max, 28), MidpointRounding.AwayFromZero).ToString("F" + Math.Min(max, 28), CultureInfo.InvariantCulture);
        return TrimFraction(text, min);
    }

    private static string Significant(decimal abs, int max, int min)
    {
        if (abs == 0)
        {
            return min > 1 ? "0." + new string('0', min - 1) : "0";
        }

        var magnitude = (int)Math.Floor(Math.Log10((double)abs)) + 1; // digits before the point
        var decimals = max - magnitude;
        decimal rounded;
        if (decimals >= 0)
        {
            rounded = decimal.Round(abs, Math.Min(decimals, 28), MidpointRounding.AwayFromZero);
        }
        else
        {
            var factor = (decimal)Math.Pow(10, -decimals);
            rounded = decimal.Round(abs / factor, 0, MidpointRounding.AwayFromZero) * factor;
        }

        var text = rounded.ToString("F" + Math.Max(0, Math.Min(decimals, 28)), CultureInfo.InvariantCulture);
        var minFraction = Math.Max(0, min - magnitude);
        return TrimFraction(text, minFraction);
    }

    private static string TrimFraction(string text, int minFraction)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return minFraction > 0 ? text + "." + new string('0', minFraction) : text;
        }

        var end = text.Length;
        while (end - dot - 1 > minFraction && text[end - 1] == '0')
        {
            end--;
        }

        return end == dot + 1 ? text[..dot] : text[..end];
    }

    /// <summary>en "short" compact notation: K, M, B, T; two significant digits below 100 of a unit, whole numbers above.</summary>
    private static (string Digits, string Suffix) Compact(double abs, int? maxSignificant, int? minSignificant, int? maxFraction)
    {
        string[] suffixes = ["", "K", "M", "B", "T"];
        var unit = 0;
        var scaled = abs;
        while (unit < suffixes.Length - 1 && scaled >= 1000)
        {
            scaled /= 1000;
            unit++;
        }

        string Round(double x) => maxSignificant is not null || minSignificant is not null
            ? Significant((decimal)x, maxSignificant ?? 21, minSignificant ?? 1)
            : maxFraction is { } mf ? Fixed((decimal)x, 0, mf)
            : x >= 100 ? Fixed((decimal)x, 0, 0) : Significant((decimal)x, 2, 1);

        var digits = Round(scaled);
        if (unit < suffixes.Length - 1 && double.Parse(digits, CultureInfo.InvariantCulture) >= 1000)
        {
            unit++;
            digits = Round(scaled / 1000);
        }

        return (digits, suffixes[unit]);
    }

    private static string Currency(string sign, string body, string code, CultureInfo culture)
    {
        var symbol = Symbols.TryGetValue(code, out var s) ? s : code.ToUpperInvariant();
        if (code.Equals("JPY", StringComparison.OrdinalIgnoreCase) && culture.TwoLetterISOLanguageName == "ja")
        {
            symbol = "￥";
        }
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
