using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.JavaScript;

namespace Tessera.Engine.Tests.Expressions.Differential;

/// <summary>
/// A canonical text of a value for exact comparison: keeps what JSON would lose (undefined, NaN, ±Infinity, -0, key
/// order) and compares host values (dates, Luxon values) by their JSON form; BigInts and symbols by their text.
/// </summary>
internal static class DifferentialCanon
{
    public static string Of(JsValue value)
    {
        var sb = new StringBuilder();
        Write(sb, value, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsValue value, int depth)
    {
        if (depth > 64)
        {
            sb.Append("…");
            return;
        }

        switch (value.Kind)
        {
            case JsKind.Undefined:
                sb.Append("undefined");
                break;
            case JsKind.Null:
                sb.Append("null");
                break;
            case JsKind.Boolean:
                sb.Append(value.AsBoolean() ? "true" : "false");
                break;
            case JsKind.Number:
                var n = value.AsNumber();
                sb.Append(double.IsNaN(n) ? "NaN"
                    : double.IsPositiveInfinity(n) ? "Infinity"
                    : double.IsNegativeInfinity(n) ? "-Infinity"
                    : n == 0 && double.IsNegative(n) ? "-0"
                    : JsNumber.ToString(n));
                break;
            case JsKind.String:
                sb.Append(JsonCodec.Serialize(value));
                break;
            case JsKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var v in value.AsArray())
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    Write(sb, v, depth + 1);
                }

                sb.Append(']');
                break;
            case JsKind.Object:
                sb.Append('{');
                var firstKey = true;
                foreach (var (key, v) in value.AsObject())
                {
                    if (!firstKey)
                    {
                        sb.Append(',');
                    }

                    firstKey = false;
                    sb.Append(JsonCodec.Serialize(key)).Append(':');
                    Write(sb, v, depth + 1);
                }

                sb.Append('}');
                break;
            default:
                var host = value.Reference;
                if (host is IJsCallable || host is JavaScriptOpaqueValue { TypeOf: "function" })
                {
                    sb.Append("function");
                }
                else if (JsConvert.TypeOf(value) is "bigint" or "symbol")
                {
                    // Primitives JSON cannot carry, on either side: the runner's tagged value and our own are both
                    // written as their typeof and their text (BigInt digits; "Symbol(description)").
                    sb.Append(JsConvert.TypeOf(value)).Append(':').Append(host);
                }
                else if (host is IJsonConvertible convertible)
                {
                    sb.Append("host:");
                    Write(sb, convertible.ToJsonValue(), depth + 1);
                }
                else
                {
                    sb.Append("host:").Append(host?.GetType().Name);
                }

                break;
        }
    }
}
