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
        ["round"] = (r, a, _) => Round(N(r), (int)(Ext.OptionalNumber(a, 0, "round", "decimalPlaces") ?? 0)),
        ["format"] = (r, a, _) => NumberFormat.Format(N(r), Ext.Arg(a, 0), Ext.Arg(a, 1)),
        ["toLocaleString"] = (r, a, _) => NumberFormat.Format(N(r), Ext.Arg(a, 0), Ext.Arg(a, 1)),
        ["isEven"] = (r, _, _) => WholeNumber(N(r), "isEven") % 2 == 0,
        ["isOdd"] = (r, _, _) => Math.Abs(WholeNumber(N(r), "isOdd") % 2) == 1,
        ["isInteger"] = (r, _, _) => double.IsInteger(N(r)),
        ["isEmpty"] = (_, _, _) => false,
        ["isNotEmpty"] = (_, _, _) => true,
        ["toBoolean"] = (r, _, _) => N(r) != 0 && !double.IsNaN(N(r)),
        ["toInt"] = (r, _, _) => Math.Truncate(N(r)),
        ["toFloat"] = (r, _, _) => N(r),
        ["toDateTime"] = (r, a, c) => JsValue.FromHost(ToDateTime(N(r), Ext.OptionalString(a, 0, "toDateTime", "format") ?? "ms", c)),
    };

    private static double N(JsValue r) => r.AsNumber();

    /// <summary>n8n rounds half away from zero (-2.5 → -3), unlike Math.round; decimal shifting avoids 1.005 → 1.00.</summary>
    internal static double Round(double value, int decimals)
    {
        if (!double.IsFinite(value))
        {
            return value;
        }

        var sign = value < 0 ? -1 : 1;
        var abs = Math.Abs(value);
        var shifted = double.Parse(JsNumber.ToString(abs) + "e" + decimals.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        var rounded = Math.Round(shifted, MidpointRounding.AwayFromZero);
        var back = double.Parse(JsNumber.ToString(rounded) + "e" + (-decimals).ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        return sign * back;
    }

    private static double WholeNumber(double n, string function) =>
        double.IsInteger(n) ? n : throw Ext.Error($"{function}() is only callable on whole numbers", $"{JsNumber.ToString(n)} is not a whole number; round it first.");

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
