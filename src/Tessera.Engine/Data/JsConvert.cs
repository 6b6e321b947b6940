using System.Globalization;

namespace Tessera.Engine.Data;

/// <summary>JavaScript's abstract conversions (ToBoolean, ToNumber, ToString) over <see cref="JsValue"/>.</summary>
public static class JsConvert
{
    /// <summary>JavaScript truthiness.</summary>
    public static bool ToBoolean(JsValue value) => value.Kind switch
    {
        JsKind.Undefined or JsKind.Null => false,
        JsKind.Boolean => value.AsBoolean(),
        JsKind.Number => value.AsNumber() is var n && n != 0 && !double.IsNaN(n),
        JsKind.String => value.AsString().Length > 0,
        _ => true,
    };

    /// <summary>JavaScript ToNumber (objects: arrays of zero/one element as strings, else NaN).</summary>
    public static double ToNumber(JsValue value) => value.Kind switch
    {
        JsKind.Undefined => double.NaN,
        JsKind.Null => 0,
        JsKind.Boolean => value.AsBoolean() ? 1 : 0,
        JsKind.Number => value.AsNumber(),
        JsKind.String => StringToNumber(value.AsString()),
        JsKind.Array => value.AsArray().Count switch
        {
            0 => 0,
            1 => ToNumber(JsValue.FromString(ToString(value.AsArray()[0]))),
            _ => double.NaN,
        },
        JsKind.Host when value.Reference is IJsPrimitive p => ToNumber(p.ToPrimitive(preferString: false)),
        _ => double.NaN,
    };

    /// <summary>JavaScript's StringToNumber: trims whitespace; empty is 0; hex/octal/binary prefixes; Infinity.</summary>
    public static double StringToNumber(string text)
    {
        var s = text.AsSpan().Trim();
        if (s.Length == 0)
        {
            return 0;
        }

        if (s.Length > 2 && s[0] == '0')
        {
            var radix = s[1] switch { 'x' or 'X' => 16, 'o' or 'O' => 8, 'b' or 'B' => 2, _ => 0 };
            if (radix != 0)
            {
                double acc = 0;
                foreach (var c in s[2..])
                {
                    var d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
                    if (d >= radix)
                    {
                        return double.NaN;
                    }

                    acc = (acc * radix) + d;
                }

                return acc;
            }
        }

        switch (s)
        {
            case "Infinity" or "+Infinity":
                return double.PositiveInfinity;
            case "-Infinity":
                return double.NegativeInfinity;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-'))
            {
                return double.NaN;
            }
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) ? result : double.NaN;
    }

    /// <summary>JavaScript ToString (<c>String(value)</c>).</summary>
    public static string ToString(JsValue value) => value.Kind switch
    {
        JsKind.Undefined => "undefined",
        JsKind.Null => "null",
        JsKind.Boolean => value.AsBoolean() ? "true" : "false",
        JsKind.Number => JsNumber.ToString(value.AsNumber()),
        JsKind.String => value.AsString(),
        JsKind.Array => ArrayToString(value.AsArray()),
        JsKind.Object => "[object Object]",
        _ => value.Reference is IJsPrimitive p ? ToString(p.ToPrimitive(preferString: true)) : value.Reference?.ToString() ?? string.Empty,
    };

    private static string ArrayToString(JsArray array)
    {
        if (array.Count == 0)
        {
            return string.Empty;
        }

        var parts = new string[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            parts[i] = array[i].IsNullish ? string.Empty : ToString(array[i]);
        }

        return string.Join(',', parts);
    }

    /// <summary>JavaScript <c>typeof</c>.</summary>
    public static string TypeOf(JsValue value) => value.Kind switch
    {
        JsKind.Undefined => "undefined",
        JsKind.Null => "object",
        JsKind.Boolean => "boolean",
        JsKind.Number => "number",
        JsKind.String => "string",
        JsKind.Host when value.Reference is IJsCallable => "function",
        JsKind.Host when value.Reference is IJsHostObject h => h.TypeOf,
        _ => "object",
    };
}

/// <summary>A host value with a primitive form (dates convert to numbers and strings).</summary>
public interface IJsPrimitive
{
    /// <summary>JavaScript ToPrimitive with the given hint.</summary>
    JsValue ToPrimitive(bool preferString);
}
