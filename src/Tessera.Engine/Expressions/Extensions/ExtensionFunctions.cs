using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>An n8n extension function (e.g. <c>"a b".toTitleCase()</c>, <c>[1,2].sum()</c>) called on <paramref name="receiver"/>.</summary>
public delegate JsValue ExtensionFunction(JsValue receiver, ReadOnlySpan<JsValue> arguments, ExpressionContext context);

/// <summary>Looks up n8n's extension functions by receiver kind and name.</summary>
public static partial class ExtensionFunctions
{
    /// <summary>
    /// Finds the extension function <paramref name="name"/> for <paramref name="receiver"/>'s kind (string, number, array,
    /// object, boolean, date). The evaluator calls it only after JavaScript's own methods did not match.
    /// </summary>
    public static bool TryGet(JsValue receiver, string name, out ExtensionFunction function)
    {
        function = null!;
        _ = receiver;
        _ = name;
        return false;
    }
}
