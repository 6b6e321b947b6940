using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;
using static Tessera.Engine.Expressions.Builtins.Callbacks;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>The <c>Math</c> namespace.</summary>
internal static class MathBuiltins
{
    public static readonly HostNamespace Math = Create();

    /// <summary>JavaScript's <c>**</c>: differs from <see cref="System.Math.Pow"/> for NaN exponents and ±1 bases.</summary>
    public static double Pow(double x, double y)
    {
        if (double.IsNaN(y))
        {
            return double.NaN;
        }

        if (System.Math.Abs(x) == 1 && double.IsInfinity(y))
        {
            return double.NaN;
        }

        return System.Math.Pow(x, y);
    }

    public static double Round(double x)
    {
        if (double.IsNaN(x) || double.IsInfinity(x))
        {
            return x;
        }

        if (x is < 0 and >= -0.5 || (x == 0 && double.IsNegative(x)))
        {
            return -0.0; // JavaScript keeps the sign: Math.round(-0.4) is -0.
        }

        var floor = System.Math.Floor(x);
        return x - floor >= 0.5 ? floor + 1 : floor;
    }

    private static double Cbrt(double x)
    {
        // The CLR's cbrt can be one ulp off for perfect cubes (cbrt(27) = 3.0000000000000004); V8's is exact there.
        var r = System.Math.Cbrt(x);
        var rounded = System.Math.Round(r);
        return rounded * rounded * rounded == x ? rounded : r;
    }

    private static HostNamespace Create()
    {
        var m = new HostNamespace("Math")
            .Add("PI", System.Math.PI).Add("E", System.Math.E).Add("LN2", System.Math.Log(2)).Add("LN10", System.Math.Log(10))
            .Add("LOG2E", 1 / System.Math.Log(2)).Add("LOG10E", 1 / System.Math.Log(10)).Add("SQRT2", System.Math.Sqrt(2))
            .Add("SQRT1_2", System.Math.Sqrt(0.5));
        Unary(m, "abs", System.Math.Abs);
        Unary(m, "acos", System.Math.Acos);
        Unary(m, "acosh", System.Math.Acosh);
        Unary(m, "asin", System.Math.Asin);
        Unary(m, "asinh", System.Math.Asinh);
        Unary(m, "atan", System.Math.Atan);
        Unary(m, "atanh", System.Math.Atanh);
        Unary(m, "cbrt", Cbrt);
        Unary(m, "ceil", System.Math.Ceiling);
        Unary(m, "cos", System.Math.Cos);
        Unary(m, "cosh", System.Math.Cosh);
        Unary(m, "exp", System.Math.Exp);
        Unary(m, "expm1", x => System.Math.Exp(x) - 1);
        Unary(m, "floor", System.Math.Floor);
        Unary(m, "fround", x => (float)x);
        Unary(m, "log", System.Math.Log);
        Unary(m, "log10", System.Math.Log10);
        Unary(m, "log1p", x => System.Math.Log(1 + x));
        Unary(m, "log2", System.Math.Log2);
        Unary(m, "round", Round);
        Unary(m, "sign", x => double.IsNaN(x) ? double.NaN : x == 0 ? x : System.Math.Sign(x));
        Unary(m, "sin", System.Math.Sin);
        Unary(m, "sinh", System.Math.Sinh);
        Unary(m, "sqrt", System.Math.Sqrt);
        Unary(m, "tan", System.Math.Tan);
        Unary(m, "tanh", System.Math.Tanh);
        Unary(m, "trunc", System.Math.Truncate);
        Unary(m, "clz32", x => System.Numerics.BitOperations.LeadingZeroCount(Ops.ToUint32(x)));
        m.Add("atan2", (_, a) => Num(System.Math.Atan2(Ops.Num(Args.At(a, 0)), Ops.Num(Args.At(a, 1)))));
        m.Add("pow", (_, a) => Num(Pow(Ops.Num(Args.At(a, 0)), Ops.Num(Args.At(a, 1)))));
        m.Add("imul", (_, a) => Num(unchecked(Ops.ToInt32(Ops.Num(Args.At(a, 0))) * Ops.ToInt32(Ops.Num(Args.At(a, 1))))));
        m.Add("random", (_, _) => Num(Random.Shared.NextDouble()));
        m.Add("hypot", (_, a) =>
        {
            double sum = 0;
            foreach (var v in a)
            {
                var d = Ops.Num(v);
                sum += d * d;
            }

            return Num(System.Math.Sqrt(sum));
        });
        m.Add("max", (_, a) => Num(MinMax(a, max: true)));
        m.Add("min", (_, a) => Num(MinMax(a, max: false)));
        return m;
    }

    public static double MinMax(ReadOnlySpan<JsValue> args, bool max)
    {
        var result = max ? double.NegativeInfinity : double.PositiveInfinity;
        foreach (var v in args)
        {
            var d = Ops.Num(v);
            if (double.IsNaN(d))
            {
                return double.NaN;
            }

            result = max ? System.Math.Max(result, d) : System.Math.Min(result, d);
        }

        return result;
    }

    private static void Unary(HostNamespace m, string name, Func<double, double> fn) =>
        m.Add(name, (_, a) => Num(fn(Ops.Num(Args.At(a, 0)))));
}
