using Tessera.Engine.Data;
using Tessera.Engine.Expressions.JmesPath;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Variables;

/// <summary>A JMESPath implementation for <c>$jmespath(data, expression)</c>.</summary>
public interface IJmesPath
{
    /// <summary>Evaluates <paramref name="expression"/> against <paramref name="data"/>.</summary>
    JsValue Search(JsValue data, string expression);
}

/// <summary>
/// <c>$jmespath(data, expression)</c>: n8n's argument order (data first, as the jmespath npm package's search takes
/// them), evaluated by our own implementation (<see cref="JmesPathSearch"/>) unless <see cref="Provider"/> is replaced.
/// </summary>
public static class JmesPath
{
    /// <summary>The implementation used by <c>$jmespath</c>.</summary>
    public static IJmesPath Provider { get; set; } = JmesPathSearch.Instance;

    internal static JsValue Search(JsValue data, JsValue expression)
    {
        // In n8n a failing query is a JavaScript error thrown inside the expression, and those make the expression's
        // value undefined rather than failing the node; a JavaScript catch still sees the message.
        if (!expression.IsString)
        {
            throw JsThrow.TypeError("$jmespath needs a JMESPath query string as its second argument: $jmespath($json, 'items[*].name')");
        }

        try
        {
            return Provider.Search(data, expression.AsString());
        }
        catch (ExpressionException e)
        {
            throw new JsThrow(JsValue.FromString("Error: " + e.Message), e.Message);
        }
    }
}
