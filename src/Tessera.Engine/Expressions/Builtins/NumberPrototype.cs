using System.Globalization;
using System.Numerics;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;
using static Tessera.Engine.Expressions.Builtins.Callbacks;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>Number.prototype and Boolean.prototype methods, and number parsing (parseInt, parseFloat).</summary>
internal static class NumberPrototype
{
    public static readonly Dictionary<string, NativeMethod> Methods = new(StringComparer.Ordinal)
    {
        ["toFixed"] = (t, a) => Str(ToFixed(t.AsNumber(), Ops.ToIntegerOrInfinity(Args.At(a, 0)))),
        ["toPrecision"] = (t, a) => Str(Args.At(a, 0).IsUndefined ? JsNumber.ToString(t.AsNumber()) : ToPrecision(t.AsNumber(), Ops.ToIntegerOrInfinity(a[0]))),
        ["toExponential"] = (t, a) => Str(ToExponential(t.AsNumber(), Args.At(a, 0))),
        ["toString"] = (t, a) => Str(Args.At(a, 0).IsUndefined ? JsNumber.ToString(t.AsNumber()) : ToRadix(t.AsNumber(), Ops.ToIntegerOrInfinity(a[0]))),
        ["toLocaleString"] = (t, a) => Str(ToLocaleString(t.AsNumber())),
        ["valueOf"] = (t, _) => t,
    };

    public static string ToFixed(double x, double digits)
    {
        if (digits is < 0 or > 100)
        {
            throw JsThrow.RangeError("toFixed() digits argument must be between 0 and 100");
        }

        if (double.IsNaN(x))
        {
            return "NaN";
        }

        if (Math.Abs(x) >= 1e21 || double.IsInfinity(x))
        {
            return JsNumber.ToString(x);
        }

        // Exact: n = round-half-up(|x| × 10^f) over the double's exact binary value, as the specification requires.
        var f = (int)digits;
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(x));
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        var scaled = new BigInteger(mantissa) * BigInteger.Pow(10, f);
        BigInteger n;
        if (exponent >= 0)
        {
            n = scaled << exponent;
        }
        else
        {
            var denominator = BigInteger.One << -exponent;
            n = (scaled + (denominator >> 1)) / denominator;
        }

        var text = n.ToString(CultureInfo.InvariantCulture);
        if (f > 0)
        {
            text = text.PadLeft(f + 1, '0');
            text = text[..^f] + "." + text[^f..];
        }

        return x < 0 ? "-" + text : text;
    }

    public static string ToPrecision(double x, double precision)
    {
        if (double.IsNaN(x) || double.IsInfinity(x))
        {
            return JsNumber.ToString(x);
        }

        if (precision is < 1 or > 100)
        {
            throw JsThrow.RangeError("toPrecision() argument must be between 1 and 100");
        }

        var p = (int)precision;
        if (x == 0)
        {
            return p == 1 ? "0" : "0." + new string('0', p - 1);
        }

        var sign = x < 0 ? "-" : "";
        var formatted = Math.Abs(x).ToString("E" + (p - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var ePos = formatted.IndexOf('E', StringComparison.Ordinal);
        var digits = formatted[..ePos].Replace(".", "", StringComparison.Ordinal);
        var e = int.Parse(formatted[(ePos + 1)..], CultureInfo.InvariantCulture);
        if (e < -6 || e >= p)
        {
            var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            return sign + mantissa + "e" + (e >= 0 ? "+" : "-") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }

        if (e == p - 1)
        {
            return sign + digits;
        }

        if (e >= 0)
        {
            return sign + digits[..(e + 1)] + "." + digits[(e + 1)..];
        }

        return sign + "0." + new string('0', -(e + 1)) + digits;
    }

    private static string ToExponential(double x, JsValue fractionDigits)
    {
        if (double.IsNaN(x) || double.IsInfinity(x))
        {
            return JsNumber.ToString(x);
        }

        string formatted;
        if (fractionDigits.IsUndefined)
        {
            // Shortest digits that round-trip, as JavaScript does without an argument.
            var r = Math.Abs(x).ToString("R", CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal);
            var ePos = r.IndexOfAny(['E', 'e']);
            var significant = (ePos >= 0 ? r[..ePos] : r).TrimStart('0').TrimEnd('0');
            formatted = Math.Abs(x).ToString("E" + Math.Max(0, significant.Length - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        else
        {
            var f = Ops.ToIntegerOrInfinity(fractionDigits);
            if (f is < 0 or > 100)
            {
                throw JsThrow.RangeError("toExponential() argument must be between 0 and 100");
            }

            formatted = Math.Abs(x).ToString("E" + ((int)f).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        var idx = formatted.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(formatted[(idx + 1)..], CultureInfo.InvariantCulture);
        return (x < 0 ? "-" : "") + formatted[..idx] + "e" + (exponent >= 0 ? "+" : "-") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    public static string ToRadix(double x, double radix)
    {
        if (radix is < 2 or > 36)
        {
            throw JsThrow.RangeError("toString() radix must be between 2 and 36");
        }

        var r = (int)radix;
        if (r == 10 || double.IsNaN(x) || double.IsInfinity(x))
        {
            return JsNumber.ToString(x);
        }

        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var negative = x < 0;
        x = Math.Abs(x);
        var integer = Math.Floor(x);
        var fraction = x - integer;
        var sb = new StringBuilder();
        var big = new BigInteger(integer);
        if (big.IsZero)
        {
            sb.Append('0');
        }

        while (!big.IsZero)
        {
            sb.Insert(0, Digits[(int)(big % r)]);
            big /= r;
        }

        if (fraction > 0)
        {
            sb.Append('.');
            // Power-of-two radixes expand a double exactly (V8 prints every digit); others stop at the mantissa's precision.
            var maxDigits = (r & (r - 1)) == 0 ? 1100 : (int)Math.Ceiling(52 / Math.Log2(r));
            for (var i = 0; i < maxDigits && fraction > 0; i++)
            {
                fraction *= r;
                var d = (int)Math.Floor(fraction);
                sb.Append(Digits[d]);
                fraction -= d;
            }
        }

        return (negative ? "-" : "") + sb;
    }

    private static string ToLocaleString(double x)
    {
        if (double.IsNaN(x) || double.IsInfinity(x))
        {
            return JsNumber.ToString(x);
        }

        // en-US grouping with at most three fraction digits, as Node's default locale prints.
        return x.ToString("#,##0.###", CultureInfo.InvariantCulture);
    }

    public static double ParseInt(string input, JsValue radixArg)
    {
        var s = input.AsSpan().TrimStart();
        var sign = 1;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            sign = s[0] == '-' ? -1 : 1;
            s = s[1..];
        }

        var radix = Ops.ToInt32(Ops.Num(radixArg));
        var stripPrefix = true;
        if (radix != 0)
        {
            if (radix is < 2 or > 36)
            {
                return double.NaN;
            }

            stripPrefix = radix == 16;
        }
        else
        {
            radix = 10;
        }

        if (stripPrefix && s.Length >= 2 && s[0] == '0' && s[1] is 'x' or 'X')
        {
            s = s[2..];
            radix = 16;
        }

        double value = 0;
        var any = false;
        foreach (var c in s)
        {
            var d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (d >= radix)
            {
                break;
            }

            value = (value * radix) + d;
            any = true;
        }

        return any ? sign * value : double.NaN;
    }

    public static double ParseFloat(string input)
    {
        var s = input.AsSpan().TrimStart();
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        if (s[i..].StartsWith("Infinity", StringComparison.Ordinal))
        {
            return s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }

        var digitsStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }

        if (i == digitsStart || (i == digitsStart + 1 && s[digitsStart] == '.'))
        {
            return double.NaN;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-')
            {
                j++;
            }

            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }

                i = j;
            }
        }

        var text = s[..i].ToString();
        if (text.EndsWith('.'))
        {
            text += "0";
        }

        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}

/// <summary>Boolean.prototype methods.</summary>
internal static class BooleanPrototype
{
    public static readonly Dictionary<string, NativeMethod> Methods = new(StringComparer.Ordinal)
    {
        ["toString"] = (t, _) => Str(t.AsBoolean() ? "true" : "false"),
        ["valueOf"] = (t, _) => t,
    };
}

/// <summary>Object.prototype methods every plain object answers (unless it has an own property of the name).</summary>
internal static class ObjectPrototype
{
    public static readonly Dictionary<string, NativeMethod> Methods = new(StringComparer.Ordinal)
    {
        ["hasOwnProperty"] = (t, a) => JsValue.FromBoolean(t.TryGetObject()?.ContainsKey(Ops.ToKey(Args.At(a, 0))) ?? false),
        ["propertyIsEnumerable"] = (t, a) => JsValue.FromBoolean(t.TryGetObject()?.ContainsKey(Ops.ToKey(Args.At(a, 0))) ?? false),
        ["toString"] = (_, _) => Str("[object Object]"),
        ["toLocaleString"] = (_, _) => Str("[object Object]"),
        ["valueOf"] = (t, _) => t,
    };
}

/// <summary>Function.prototype's call, apply and bind for callables.</summary>
internal static class FunctionPrototype
{
    public static bool TryCall(IJsCallable fn, string name, ReadOnlySpan<JsValue> args, out JsValue result)
    {
        switch (name)
        {
            case "call":
                result = fn.Call(Args.At(args, 0), args.Length > 1 ? args[1..] : []);
                return true;
            case "apply":
            {
                var list = Args.At(args, 1);
                result = fn.Call(Args.At(args, 0), list.IsArray ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list.AsArray().Items) : []);
                return true;
            }

            case "bind":
            {
                var bound = args.Length > 1 ? args[1..].ToArray() : [];
                result = JsValue.FromHost(new NativeFunction("bound", (_, a) => fn.Call(JsValue.Undefined, [.. bound, .. a])));
                return true;
            }

            case "toString":
                result = Str(fn.ToString() ?? "function () { [native code] }");
                return true;
            default:
                result = default;
                return false;
        }
    }
}
