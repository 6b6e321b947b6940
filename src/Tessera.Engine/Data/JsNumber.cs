using System.Globalization;

namespace Tessera.Engine.Data;

/// <summary>JavaScript's Number-to-String conversion (ECMA-262 Number::toString with radix 10).</summary>
public static class JsNumber
{
    /// <summary>Formats <paramref name="value"/> exactly as JavaScript's <c>String(value)</c> does.</summary>
    public static string ToString(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (value == 0)
        {
            return "0";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        // Integers that fit in a long are the overwhelmingly common case.
        if (value == Math.Floor(value) && Math.Abs(value) < 1e21)
        {
            if (Math.Abs(value) < 9.2e18)
            {
                return ((long)value).ToString(CultureInfo.InvariantCulture);
            }
        }

        // "R" gives the shortest round-trip digits, as JavaScript requires; re-layout them by JS rules.
        return Layout(value.ToString("R", CultureInfo.InvariantCulture));
    }

    private static string Layout(string roundTrip)
    {
        var negative = roundTrip[0] == '-';
        var s = negative ? roundTrip[1..] : roundTrip;
        var exponent = 0;
        var e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }

        var dot = s.IndexOf('.', StringComparison.Ordinal);
        string digits;
        int pointPos; // number of digits before the decimal point
        if (dot >= 0)
        {
            digits = string.Concat(s.AsSpan(0, dot), s.AsSpan(dot + 1));
            pointPos = dot;
        }
        else
        {
            digits = s;
            pointPos = s.Length;
        }

        // Strip leading zeros (e.g. "0.001" → digits "0001").
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits[lead..];
        pointPos -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return "0";
        }

        var k = digits.Length;
        var n = pointPos + exponent;
        string result;
        if (k <= n && n <= 21)
        {
            result = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result = string.Concat(digits.AsSpan(0, n), ".", digits.AsSpan(n));
        }
        else if (-6 < n && n <= 0)
        {
            result = "0." + new string('0', -n) + digits;
        }
        else
        {
            var exp = n - 1;
            var mantissa = k == 1 ? digits : string.Concat(digits.AsSpan(0, 1), ".", digits.AsSpan(1));
            result = mantissa + "e" + (exp >= 0 ? "+" : "-") + Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
        }

        return negative ? "-" + result : result;
    }
}
