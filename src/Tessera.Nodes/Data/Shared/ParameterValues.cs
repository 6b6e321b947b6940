using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Data.Shared;

/// <summary>
/// Tells parameters that are the same for every item (no <c>=</c> expression anywhere inside) from per-item ones, so a
/// node can read the constant ones once per run instead of once per item.
/// </summary>
internal static class ParameterValues
{
    /// <summary>True when <paramref name="value"/> or anything nested in it is an expression string.</summary>
    public static bool HasExpression(JsValue value)
    {
        switch (value.Kind)
        {
            case JsKind.String:
                var text = value.AsString();
                return text.Length > 0 && text[0] == '=';
            case JsKind.Object:
                var obj = value.AsObject();
                for (var i = 0; i < obj.Count; i++)
                {
                    if (HasExpression(obj.ValueAt(i)))
                    {
                        return true;
                    }
                }

                return false;
            case JsKind.Array:
                var array = value.AsArray();
                for (var i = 0; i < array.Count; i++)
                {
                    if (HasExpression(array[i]))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>True when the parameter at <paramref name="path"/> (or its default) holds no expression.</summary>
    public static bool IsConstant(NodeExecutionContext context, string path) => !HasExpression(context.GetRawParameter(path));
}
