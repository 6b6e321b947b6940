using System.Globalization;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;
using static Tessera.Engine.Expressions.Builtins.Callbacks;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>The <c>JSON</c> namespace with JSON.stringify's exact output (indentation, escaping, omitted values).</summary>
internal static class JsonBuiltins
{
    public static readonly HostNamespace Json = new HostNamespace("JSON")
        .Add("parse", (_, a) => Parse(Ops.Str(Args.At(a, 0))))
        .Add("stringify", (_, a) => Stringify(Args.At(a, 0), Args.At(a, 1), Args.At(a, 2)));

    private static JsValue Parse(string text)
    {
        try
        {
            return JsonCodec.Parse(text);
        }
        catch (JsonFormatException e)
        {
            throw JsThrow.SyntaxError(e.Message);
        }
    }

    public static JsValue Stringify(JsValue value, JsValue replacer, JsValue space)
    {
        var gap = space.Kind switch
        {
            JsKind.Number => new string(' ', (int)System.Math.Clamp(Ops.ToIntegerOrInfinity(space), 0, 10)),
            JsKind.String => space.AsString().Length > 10 ? space.AsString()[..10] : space.AsString(),
            _ => "",
        };
        var replacerFn = replacer.Reference as IJsCallable;
        var sb = new StringBuilder();
        var depth = 0;
        return Write(sb, value, replacerFn, JsValue.EmptyString, gap, "", ref depth) ? Str(sb.ToString()) : JsValue.Undefined;
    }

    private static bool Write(StringBuilder sb, JsValue value, IJsCallable? replacer, JsValue key, string gap, string indent, ref int depth)
    {
        if (value.Reference is IJsonConvertible convertible)
        {
            value = convertible.ToJsonValue();
        }

        if (replacer is not null)
        {
            value = Invoke(replacer, key, value);
        }

        switch (value.Kind)
        {
            case JsKind.Null:
                sb.Append("null");
                return true;
            case JsKind.Boolean:
                sb.Append(value.AsBoolean() ? "true" : "false");
                return true;
            case JsKind.Number:
                var d = value.AsNumber();
                sb.Append(double.IsFinite(d) ? JsNumber.ToString(d) : "null");
                return true;
            case JsKind.String:
                Quote(sb, value.AsString());
                return true;
            case JsKind.Object or JsKind.Array:
                if (++depth > 1000)
                {
                    throw JsThrow.TypeError("Converting circular structure to JSON");
                }

                try
                {
                    WriteContainer(sb, value, replacer, gap, indent, ref depth);
                }
                finally
                {
                    depth--;
                }

                EvalState.CheckStringLength(sb.Length);
                return true;
            case JsKind.Host when value.Reference is JsBigInt:
                throw JsThrow.TypeError("Do not know how to serialize a BigInt");
            default:
                return false; // undefined, functions and other host values are omitted.
        }
    }

    private static void WriteContainer(StringBuilder sb, JsValue value, IJsCallable? replacer, string gap, string indent, ref int depth)
    {
        var inner = indent + gap;
        var separator = gap.Length == 0 ? "," : ",\n" + inner;
        if (value.IsArray)
        {
            var array = value.AsArray();
            if (array.Count == 0)
            {
                sb.Append("[]");
                return;
            }

            sb.Append('[');
            if (gap.Length > 0)
            {
                sb.Append('\n').Append(inner);
            }

            for (var i = 0; i < array.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(separator);
                }

                if (!Write(sb, array[i], replacer, Num(i), gap, inner, ref depth))
                {
                    sb.Append("null");
                }
            }

            if (gap.Length > 0)
            {
                sb.Append('\n').Append(indent);
            }

            sb.Append(']');
            return;
        }

        var obj = value.AsObject();
        sb.Append('{');
        var any = false;
        foreach (var (k, v) in obj)
        {
            var mark = sb.Length;
            if (any)
            {
                sb.Append(separator);
            }
            else if (gap.Length > 0)
            {
                sb.Append('\n').Append(inner);
            }

            Quote(sb, k);
            sb.Append(gap.Length > 0 ? ": " : ":");
            if (Write(sb, v, replacer, Str(k), gap, inner, ref depth))
            {
                any = true;
            }
            else
            {
                sb.Length = mark;
            }
        }

        if (any && gap.Length > 0)
        {
            sb.Append('\n').Append(indent);
        }

        sb.Append('}');
    }

    public static void Quote(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(s[i - 1]))))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
