using System.Runtime.CompilerServices;
using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Runtime;

/// <summary>JavaScript's operators with their coercion rules.</summary>
internal static class Ops
{
    public static JsValue ToPrimitive(JsValue value, bool preferString = false) => value.Kind switch
    {
        JsKind.Object => JsValue.FromString("[object Object]"),
        JsKind.Array => JsValue.FromString(Builtins.ArrayPrototype.Join((JsArray)value.Reference!, ",")),
        JsKind.Host when value.Reference is IJsPrimitive p => p.ToPrimitive(preferString),
        JsKind.Host => JsValue.FromString(JsConvert.ToString(value)),
        _ => value,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JsValue Add(JsValue a, JsValue b)
    {
        if (a.Kind == JsKind.Number && b.Kind == JsKind.Number)
        {
            return JsValue.FromNumber(a.AsNumber() + b.AsNumber());
        }

        return AddSlow(a, b);
    }

    private static JsValue AddSlow(JsValue a, JsValue b)
    {
        a = ToPrimitive(a);
        b = ToPrimitive(b);
        if (a.Kind == JsKind.String || b.Kind == JsKind.String)
        {
            var left = JsConvert.ToString(a);
            var right = JsConvert.ToString(b);
            EvalState.CheckStringLength((double)left.Length + right.Length);
            return JsValue.FromString(string.Concat(left, right));
        }

        return JsValue.FromNumber(JsConvert.ToNumber(a) + JsConvert.ToNumber(b));
    }

    public static double Num(JsValue v) => v.Kind == JsKind.Number ? v.AsNumber() : JsConvert.ToNumber(ToPrimitive(v));

    public static string Str(JsValue v) => v.Kind switch
    {
        JsKind.String => (string)v.Reference!,
        JsKind.Array => Builtins.ArrayPrototype.Join((JsArray)v.Reference!, ","),
        _ => JsConvert.ToString(v),
    };

    public static bool Truthy(JsValue v) => JsConvert.ToBoolean(v);

    public static int ToInt32(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            return 0;
        }

        if (d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        var t = Math.Truncate(d) % 4294967296.0;
        if (t < 0)
        {
            t += 4294967296.0;
        }

        return unchecked((int)(uint)t);
    }

    public static uint ToUint32(double d) => unchecked((uint)ToInt32(d));

    public static double ToIntegerOrInfinity(JsValue v)
    {
        var d = Num(v);
        return double.IsNaN(d) ? 0 : Math.Truncate(d);
    }

    /// <summary>Abstract relational comparison: true/false, or null when either side is NaN.</summary>
    public static bool? LessThan(JsValue a, JsValue b)
    {
        if (a.Kind == JsKind.Number && b.Kind == JsKind.Number)
        {
            var x = a.AsNumber();
            var y = b.AsNumber();
            return double.IsNaN(x) || double.IsNaN(y) ? null : x < y;
        }

        a = ToPrimitive(a);
        b = ToPrimitive(b);
        if (a.Kind == JsKind.String && b.Kind == JsKind.String)
        {
            return string.CompareOrdinal(a.AsString(), b.AsString()) < 0;
        }

        var n = JsConvert.ToNumber(a);
        var m = JsConvert.ToNumber(b);
        return double.IsNaN(n) || double.IsNaN(m) ? null : n < m;
    }

    public static bool StrictEquals(JsValue a, JsValue b) => JsonEquality.StrictEquals(a, b);

    public static bool LooseEquals(JsValue a, JsValue b)
    {
        while (true)
        {
            if (a.Kind == b.Kind)
            {
                return StrictEquals(a, b);
            }

            if (a.IsNullish && b.IsNullish)
            {
                return true;
            }

            if (a.IsNullish || b.IsNullish)
            {
                return false;
            }

            if (a.Kind == JsKind.Number && b.Kind == JsKind.String)
            {
                return a.AsNumber() == JsConvert.ToNumber(b);
            }

            if (a.Kind == JsKind.String && b.Kind == JsKind.Number)
            {
                return JsConvert.ToNumber(a) == b.AsNumber();
            }

            if (a.Kind == JsKind.Boolean)
            {
                a = JsValue.FromNumber(JsConvert.ToNumber(a));
                continue;
            }

            if (b.Kind == JsKind.Boolean)
            {
                b = JsValue.FromNumber(JsConvert.ToNumber(b));
                continue;
            }

            var aIsObj = a.Kind is JsKind.Object or JsKind.Array or JsKind.Host;
            var bIsObj = b.Kind is JsKind.Object or JsKind.Array or JsKind.Host;
            if (aIsObj && !bIsObj)
            {
                a = ToPrimitive(a);
                continue;
            }

            if (bIsObj && !aIsObj)
            {
                b = ToPrimitive(b);
                continue;
            }

            return aIsObj && bIsObj && ReferenceEquals(a.Reference, b.Reference);
        }
    }

    /// <summary><c>Object.is</c> / SameValueZero helpers.</summary>
    public static bool SameValueZero(JsValue a, JsValue b) =>
        a.Kind == JsKind.Number && b.Kind == JsKind.Number && double.IsNaN(a.AsNumber()) && double.IsNaN(b.AsNumber())
        || StrictEquals(a, b);

    public static bool SameValue(JsValue a, JsValue b)
    {
        if (a.Kind == JsKind.Number && b.Kind == JsKind.Number)
        {
            var x = a.AsNumber();
            var y = b.AsNumber();
            if (double.IsNaN(x) && double.IsNaN(y))
            {
                return true;
            }

            return x == y && double.IsNegative(x) == double.IsNegative(y);
        }

        return StrictEquals(a, b);
    }

    public static string TypeOf(JsValue v) => JsConvert.TypeOf(v);

    /// <summary>Property key of a computed member (numbers format as JavaScript does).</summary>
    public static string ToKey(JsValue v) => v.Kind switch
    {
        JsKind.String => v.AsString(),
        JsKind.Number => JsNumber.ToString(v.AsNumber()),
        _ => JsConvert.ToString(ToPrimitive(v, preferString: true)),
    };

    /// <summary>Array index of a key, or -1.</summary>
    public static int ToIndex(JsValue key)
    {
        if (key.Kind == JsKind.Number)
        {
            var d = key.AsNumber();
            return d >= 0 && d < int.MaxValue && d == Math.Floor(d) ? (int)d : -1;
        }

        if (key.Kind == JsKind.String)
        {
            var s = key.AsString();
            if (s.Length is > 0 and < 11 && (s.Length == 1 || s[0] != '0') && int.TryParse(s, System.Globalization.NumberStyles.None, null, out var i))
            {
                return i;
            }
        }

        return -1;
    }

    public static JsValue Number(double d) => JsValue.FromNumber(d);
}
