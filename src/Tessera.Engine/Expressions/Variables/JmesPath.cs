using Tessera.Engine.Data;
using Tessera.Engine.Expressions.JmesPath;

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
        if (!expression.IsString)
        {
            throw new ExpressionException("$jmespath needs a JMESPath expression string as its second argument")
            {
                Description = "Pass the data first and the query second, e.g. $jmespath($json, 'items[*].name').",
            };
        }

        return Provider.Search(data, expression.AsString());
    }
}
