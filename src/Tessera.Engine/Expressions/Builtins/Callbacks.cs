using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>Calls user callbacks without allocating an argument array, and shared argument helpers.</summary>
internal static class Callbacks
{
    public static JsValue Invoke(IJsCallable fn, JsValue a, JsValue b, JsValue c)
    {
        Args3 buffer = default;
        buffer[0] = a;
        buffer[1] = b;
        buffer[2] = c;
        return fn.Call(JsValue.Undefined, buffer);
    }

    public static JsValue Invoke(IJsCallable fn, JsValue a, JsValue b)
    {
        Args3 buffer = default;
        buffer[0] = a;
        buffer[1] = b;
        return fn.Call(JsValue.Undefined, ((ReadOnlySpan<JsValue>)buffer)[..2]);
    }

    public static JsValue Invoke(IJsCallable fn, JsValue a)
    {
        Args3 buffer = default;
        buffer[0] = a;
        return fn.Call(JsValue.Undefined, ((ReadOnlySpan<JsValue>)buffer)[..1]);
    }

    /// <summary>Resolves a relative index argument (negative counts from the end) clamped to [0, length].</summary>
    public static int RelativeIndex(JsValue arg, int length, int defaultValue)
    {
        if (arg.IsUndefined)
        {
            return defaultValue;
        }

        var d = Ops.ToIntegerOrInfinity(arg);
        if (d < 0)
        {
            return (int)Math.Max(0, length + d);
        }

        return (int)Math.Min(d, length);
    }

    public static JsValue Str(string s) => JsValue.FromString(s);

    public static JsValue Num(double d) => JsValue.FromNumber(d);
}
