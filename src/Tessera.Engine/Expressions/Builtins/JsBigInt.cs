using System.Globalization;
using System.Numerics;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>
/// A JavaScript BigInt primitive (<c>typeof</c> "bigint"). Immutable and compared by value, so <c>===</c> works through
/// <see cref="Equals(object?)"/>. It is deliberately not <see cref="IJsonConvertible"/>: JSON.stringify throws on it.
/// </summary>
internal sealed class JsBigInt(BigInteger value) : IJsHostObject
{
    public static readonly NativeFunction Constructor = new NativeFunction("BigInt", (_, a) => JsValue.FromHost(From(Args.At(a, 0))))
        .Static("asIntN", (_, a) => JsValue.FromHost(AsN((int)Ops.ToIntegerOrInfinity(Args.At(a, 0)), Expect(Args.At(a, 1)), signed: true)))
        .Static("asUintN", (_, a) => JsValue.FromHost(AsN((int)Ops.ToIntegerOrInfinity(Args.At(a, 0)), Expect(Args.At(a, 1)), signed: false)));

    public BigInteger Value { get; } = value;

    public string TypeOf => "bigint";

    public JsValue GetMember(string name) => name switch
    {
        "toString" => Method(name, (t, a) => JsValue.FromString(Expect(t).Format(Args.At(a, 0)))),
        "toLocaleString" => Method(name, (t, _) => JsValue.FromString(Expect(t).Value.ToString("#,0", CultureInfo.InvariantCulture))),
        "valueOf" => Method(name, (t, _) => t),
        _ => JsValue.Undefined,
    };

    public override bool Equals(object? obj) => obj is JsBigInt other && other.Value == Value;

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>JavaScript's <c>BigInt(value)</c> conversion.</summary>
    public static JsBigInt From(JsValue value)
    {
        var primitive = Ops.ToPrimitive(value, preferString: false);
        switch (primitive.Kind)
        {
            case JsKind.Number:
                var d = primitive.AsNumber();
                if (!double.IsFinite(d) || Math.Floor(d) != d)
                {
                    throw JsThrow.RangeError($"The number {JsNumber.ToString(d)} cannot be converted to a BigInt because it is not an integer");
                }

                return new JsBigInt(new BigInteger(d));
            case JsKind.Boolean:
                return new JsBigInt(primitive.AsBoolean() ? BigInteger.One : BigInteger.Zero);
            case JsKind.String:
                return Parse(primitive.AsString()) ?? throw JsThrow.SyntaxError($"Cannot convert {primitive.AsString()} to a BigInt");
            case JsKind.Host when primitive.Reference is JsBigInt b:
                return b;
            default:
                throw JsThrow.TypeError($"Cannot convert {Args.Describe(primitive)} to a BigInt");
        }
    }

    /// <summary>StringToBigInt: trimmed decimal (optionally signed) or 0x/0o/0b digits; empty is 0; null when malformed.</summary>
    public static JsBigInt? Parse(string text)
    {
        var s = text.AsSpan().Trim();
        if (s.Length == 0)
        {
            return new JsBigInt(BigInteger.Zero);
        }

        if (s.Length > 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'x' or 'o' or 'b')
        {
            return ParseRadix(s[2..], char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 }) is { } r ? new JsBigInt(r) : null;
        }

        var negative = s[0] == '-';
        var digits = s[0] is '-' or '+' ? s[1..] : s;
        if (digits.Length == 0)
        {
            return null;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        var v = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return new JsBigInt(negative ? -v : v);
    }

    /// <summary>Digits of a radix literal or string (underscores are the lexer's business, not ours).</summary>
    public static BigInteger? ParseRadix(ReadOnlySpan<char> digits, int radix)
    {
        if (digits.Length == 0)
        {
            return null;
        }

        var acc = BigInteger.Zero;
        foreach (var c in digits)
        {
            var d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (d >= radix)
            {
                return null;
            }

            acc = (acc * radix) + d;
        }

        return acc;
    }

    /// <summary>Compares a BigInt with a number mathematically (for <c>&lt;</c> and <c>==</c> across the two types); null for NaN.</summary>
    public static int? CompareToNumber(BigInteger big, double number)
    {
        if (double.IsNaN(number))
        {
            return null;
        }

        if (double.IsPositiveInfinity(number))
        {
            return -1;
        }

        if (double.IsNegativeInfinity(number))
        {
            return 1;
        }

        var floor = Math.Floor(number);
        var c = big.CompareTo(new BigInteger(floor));
        return c != 0 ? c : floor == number ? 0 : -1;
    }

    private string Format(JsValue radixArg)
    {
        var radix = radixArg.IsUndefined ? 10 : (int)Ops.ToIntegerOrInfinity(radixArg);
        if (radix is < 2 or > 36)
        {
            throw JsThrow.RangeError("toString() radix must be between 2 and 36");
        }

        if (radix == 10 || Value.IsZero)
        {
            return ToString();
        }

        var n = BigInteger.Abs(Value);
        var chars = new List<char>();
        while (!n.IsZero)
        {
            var d = (int)(n % radix);
            chars.Add((char)(d < 10 ? '0' + d : 'a' + d - 10));
            n /= radix;
        }

        if (Value.Sign < 0)
        {
            chars.Add('-');
        }

        chars.Reverse();
        return new string([.. chars]);
    }

    private static JsBigInt AsN(int bits, JsBigInt value, bool signed)
    {
        if (bits is < 0 or > 1 << 20)
        {
            throw JsThrow.RangeError("Invalid value: not (convertible to) a safe integer");
        }

        var modulus = BigInteger.One << bits;
        var r = BigInteger.Remainder(value.Value, modulus);
        if (r.Sign < 0)
        {
            r += modulus;
        }

        if (signed && bits > 0 && r >= modulus >> 1)
        {
            r -= modulus;
        }

        return new JsBigInt(r);
    }

    private static JsBigInt Expect(JsValue value) =>
        value.Reference as JsBigInt ?? throw JsThrow.TypeError($"Cannot convert {Args.Describe(value)} to a BigInt");

    private static JsValue Method(string name, NativeMethod method) => JsValue.FromHost(new NativeFunction(name, method));
}

/// <summary>The operators on BigInts: both operands must be BigInts, as in JavaScript (no implicit mixing with numbers).</summary>
internal static class BigIntOps
{
    public static bool IsBigInt(JsValue v) => v.Kind == JsKind.Host && v.Reference is JsBigInt;

    public static JsValue Binary(string op, JsValue left, JsValue right)
    {
        if (left.Reference is not JsBigInt l || right.Reference is not JsBigInt r)
        {
            throw JsThrow.TypeError("Cannot mix BigInt and other types, use explicit conversions");
        }

        var a = l.Value;
        var b = r.Value;
        BigInteger result;
        switch (op)
        {
            case "+": result = a + b; break;
            case "-": result = a - b; break;
            case "*": result = a * b; break;
            case "/":
                result = b.IsZero ? throw JsThrow.RangeError("Division by zero") : BigInteger.Divide(a, b);
                break;
            case "%":
                result = b.IsZero ? throw JsThrow.RangeError("Division by zero") : BigInteger.Remainder(a, b);
                break;
            case "**":
                if (b.Sign < 0)
                {
                    throw JsThrow.RangeError("Exponent must be non-negative");
                }

                if (b > 1_000_000)
                {
                    throw JsThrow.RangeError("Maximum BigInt size exceeded");
                }

                result = BigInteger.Pow(a, (int)b);
                break;
            case "&": result = a & b; break;
            case "|": result = a | b; break;
            case "^": result = a ^ b; break;
            case "<<": result = Shift(a, b); break;
            case ">>": result = Shift(a, -b); break;
            case ">>>": throw JsThrow.TypeError("BigInts have no unsigned right shift, use >> instead");
            default: throw JsThrow.TypeError($"Unsupported BigInt operator {op}");
        }

        // Bound the size like strings: a runaway ** or << must not exhaust memory.
        EvalState.CheckStringLength(result.GetBitLength() / 4.0);
        return JsValue.FromHost(new JsBigInt(result));
    }

    public static JsValue Negate(JsBigInt value) => JsValue.FromHost(new JsBigInt(-value.Value));

    public static JsValue BitwiseNot(JsBigInt value) => JsValue.FromHost(new JsBigInt(-value.Value - 1));

    private static BigInteger Shift(BigInteger a, BigInteger by)
    {
        if (BigInteger.Abs(by) > 1 << 24)
        {
            throw JsThrow.RangeError("Maximum BigInt size exceeded");
        }

        var n = (int)by;
        return n >= 0 ? a << n : a >> -n;
    }
}
