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
        JsKind.Host when value.Reference is Builtins.JsBigInt or Builtins.JsSymbol => value, // Already primitives.
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
            var left = Str(a);
            var right = Str(b);
            EvalState.CheckStringLength((double)left.Length + right.Length);
            return JsValue.FromString(string.Concat(left, right));
        }

        if (Builtins.BigIntOps.IsBigInt(a) || Builtins.BigIntOps.IsBigInt(b))
        {
            return Builtins.BigIntOps.Binary("+", a, b);
        }

        return JsValue.FromNumber(Num(a) + Num(b));
    }

    /// <summary>The arithmetic operators other than <c>+</c> once either operand is not a number (BigInts, coercions).</summary>
    public static JsValue ArithmeticSlow(string op, JsValue a, JsValue b)
    {
        a = ToPrimitive(a);
        b = ToPrimitive(b);
        if (Builtins.BigIntOps.IsBigInt(a) || Builtins.BigIntOps.IsBigInt(b))
        {
            return Builtins.BigIntOps.Binary(op, a, b);
        }

        var x = Num(a);
        var y = Num(b);
        return JsValue.FromNumber(op switch
        {
            "-" => x - y,
            "*" => x * y,
            "/" => x / y,
            "%" => x % y,
            "**" => Builtins.MathBuiltins.Pow(x, y),
            "&" => ToInt32(x) & ToInt32(y),
            "|" => ToInt32(x) | ToInt32(y),
            "^" => ToInt32(x) ^ ToInt32(y),
            "<<" => ToInt32(x) << (int)(ToUint32(y) & 31),
            ">>" => ToInt32(x) >> (int)(ToUint32(y) & 31),
            ">>>" => ToUint32(x) >> (int)(ToUint32(y) & 31),
            _ => throw new InvalidOperationException("Unknown arithmetic operator " + op),
        });
    }

    /// <summary>Unary minus and <c>~</c>, which keep a BigInt a BigInt.</summary>
    public static JsValue Negate(JsValue v, bool bitwise)
    {
        if (v.Kind == JsKind.Number)
        {
            return JsValue.FromNumber(bitwise ? ~ToInt32(v.AsNumber()) : -v.AsNumber());
        }

        var p = ToPrimitive(v);
        if (p.Reference is Builtins.JsBigInt big)
        {
            return bitwise ? Builtins.BigIntOps.BitwiseNot(big) : Builtins.BigIntOps.Negate(big);
        }

        var n = Num(p);
        return JsValue.FromNumber(bitwise ? ~ToInt32(n) : -n);
    }

    public static double Num(JsValue v) => v.Kind == JsKind.Number ? v.AsNumber() : NumSlow(v);

    private static double NumSlow(JsValue v)
    {
        var p = ToPrimitive(v);
        return p.Kind == JsKind.Host && p.Reference is Builtins.JsBigInt or Builtins.JsSymbol
            ? throw JsThrow.TypeError($"Cannot convert a {JsConvert.TypeOf(p) switch { "bigint" => "BigInt", _ => "Symbol" }} value to a number")
            : JsConvert.ToNumber(p);
    }

    public static string Str(JsValue v) => v.Kind switch
    {
        JsKind.String => (string)v.Reference!,
        JsKind.Array => Builtins.ArrayPrototype.Join((JsArray)v.Reference!, ","),
        JsKind.Host when v.Reference is Builtins.JsSymbol => throw JsThrow.TypeError("Cannot convert a Symbol value to a string"),
        _ => JsConvert.ToString(v),
    };

    public static bool Truthy(JsValue v) => v.Kind == JsKind.Host && v.Reference is Builtins.JsBigInt big ? !big.Value.IsZero : JsConvert.ToBoolean(v);

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

        if (Builtins.BigIntOps.IsBigInt(a) || Builtins.BigIntOps.IsBigInt(b))
        {
            return BigIntLessThan(a, b);
        }

        var n = Num(a);
        var m = Num(b);
        return double.IsNaN(n) || double.IsNaN(m) ? null : n < m;
    }

    // BigInts compare with numbers and numeric strings mathematically (1n < 1.5, 2n > "1").
    private static bool? BigIntLessThan(JsValue a, JsValue b)
    {
        if (a.Reference is Builtins.JsBigInt x && b.Reference is Builtins.JsBigInt y)
        {
            return x.Value < y.Value;
        }

        if (a.Reference is Builtins.JsBigInt left)
        {
            if (b.Kind == JsKind.String)
            {
                return Builtins.JsBigInt.Parse(b.AsString()) is { } parsed ? left.Value < parsed.Value : null;
            }

            return Builtins.JsBigInt.CompareToNumber(left.Value, Num(b)) is { } c ? c < 0 : null;
        }

        var right = (Builtins.JsBigInt)b.Reference!;
        if (a.Kind == JsKind.String)
        {
            return Builtins.JsBigInt.Parse(a.AsString()) is { } parsed ? parsed.Value < right.Value : null;
        }

        return Builtins.JsBigInt.CompareToNumber(right.Value, Num(a)) is { } d ? d > 0 : null;
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

            if (Builtins.BigIntOps.IsBigInt(a) || Builtins.BigIntOps.IsBigInt(b))
            {
                if (BigIntLooseEquals(a, b) is { } equal)
                {
                    return equal;
                }
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

            var aIsObj = IsObjectLike(a);
            var bIsObj = IsObjectLike(b);
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

    private static bool IsObjectLike(JsValue v) =>
        v.Kind is JsKind.Object or JsKind.Array || v.Kind == JsKind.Host && v.Reference is not (Builtins.JsBigInt or Builtins.JsSymbol);

    // null: not decided here (the other side is an object or boolean still to be converted).
    private static bool? BigIntLooseEquals(JsValue a, JsValue b)
    {
        if (b.Reference is Builtins.JsBigInt && a.Reference is not Builtins.JsBigInt)
        {
            (a, b) = (b, a);
        }

        var big = ((Builtins.JsBigInt)a.Reference!).Value;
        return b.Kind switch
        {
            JsKind.Number => Builtins.JsBigInt.CompareToNumber(big, b.AsNumber()) == 0,
            JsKind.String => Builtins.JsBigInt.Parse(b.AsString()) is { } parsed && parsed.Value == big,
            JsKind.Host when b.Reference is Builtins.JsSymbol => false,
            _ => null,
        };
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
