using System.Numerics;
using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>n8n's number extension functions.</summary>
internal static class NumberExtensions
{
    public static Dictionary<string, ExtensionFunction> Create() => new()
    {
        ["abs"] = (r, _, _) => Math.Abs(N(r)),
        ["ceil"] = (r, _, _) => Math.Ceiling(N(r)),
        ["floor"] = (r, _, _) => Math.Floor(N(r)),
        ["round"] = (r, a, _) => Round(N(r), Ext.OptionalNumber(a, 0, "round", "decimalPlaces") ?? 0),
        ["format"] = (r, a, _) => NumberFormat.Format(N(r), Ext.Arg(a, 0), Ext.Arg(a, 1)),
        ["toLocaleString"] = (r, a, _) => NumberFormat.Format(N(r), Ext.Arg(a, 0), Ext.Arg(a, 1)),
        ["isEven"] = (r, _, _) => WholeNumber(N(r), "isEven") % 2 == 0,
        ["isOdd"] = (r, _, _) => Math.Abs(WholeNumber(N(r), "isOdd") % 2) == 1,
        ["isInteger"] = (r, _, _) => double.IsInteger(N(r)),
        ["isEmpty"] = (_, _, _) => false,
        ["isNotEmpty"] = (_, _, _) => true,
        ["toBoolean"] = (r, _, _) => N(r) != 0 && !double.IsNaN(N(r)),
        ["toInt"] = (r, _, _) => Round(N(r), 0),
        ["toFloat"] = (r, _, _) => N(r),
        ["toDateTime"] = (r, a, c) => JsValue.FromHost(ToDateTime(N(r), Ext.OptionalString(a, 0, "toDateTime", "format") ?? "ms", c)),
    };

    private static double N(JsValue r) => r.AsNumber();

    /// <summary>
    /// n8n's rounding is <c>Number(value.toFixed(decimals))</c>: the exact binary value rounded half away from zero, so
    /// -2.5 → -3 (Math.round gives -2) and 1.005 → 1 (1.005 is stored as 1.00499…). Digits outside 0–100 are a RangeError.
    /// </summary>
    internal static double Round(double value, double decimals)
    {
        var digits = Math.Truncate(decimals);
        if (!(digits >= 0 && digits <= 100))
        {
            throw JsHostException.Range("toFixed() digits argument must be between 0 and 100");
        }

        if (!double.IsFinite(value) || Math.Abs(value) >= 1e21)
        {
            return value;
        }

        return ToFixed(value, (int)digits);
    }

    /// <summary>toFixed on the exact binary value: mantissa × 2^exponent × 10^digits, ties away from zero.</summary>
    private static double ToFixed(double value, int digits)
    {
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & ((1L << 52) - 1);
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        var scaled = new BigInteger(mantissa) * BigInteger.Pow(10, digits);
        BigInteger rounded;
        if (exponent >= 0)
        {
            rounded = scaled << exponent;
        }
        else
        {
            var denominator = BigInteger.One << -exponent;
            rounded = BigInteger.DivRem(scaled, denominator, out var remainder);
            if (remainder * 2 >= denominator)
            {
                rounded += 1;
            }
        }

        var text = rounded.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        var withPoint = digits == 0 ? text : text[..^digits] + "." + text[^digits..];
        var result = double.Parse(withPoint, CultureInfo.InvariantCulture);
        return value < 0 || double.IsNegative(value) ? -result : result;
    }

    private static double WholeNumber(double n, string function) =>
        double.IsInteger(n) ? n : throw Ext.Error($"{function}() is only callable on integers", $"{JsNumber.ToString(n)} is not a whole number; round it first.");

    private static LuxonDateTime ToDateTime(double n, string format, ExpressionContext context)
    {
        var settings = LuxonSettings.For(context.Execution);
        var ms = format switch
        {
            "ms" => n,
            "s" => n * 1000,
            "us" => n / 1000,
            "excel" => (n - 25569) * 86_400_000,
            _ => throw Ext.Error($"toDateTime(): unknown format \"{format}\"", "Use 'ms', 's', 'us' or 'excel'."),
        };
        return new LuxonDateTime(ms, settings.DefaultZone, settings);
    }
}
