using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Variables;

/// <summary>A JMESPath implementation for <c>$jmespath(data, expression)</c>.</summary>
public interface IJmesPath
{
    /// <summary>Evaluates <paramref name="expression"/> against <paramref name="data"/>.</summary>
    JsValue Search(JsValue data, string expression);
}

/// <summary>
/// The seam for <c>$jmespath</c>: no JMESPath package restores here, so an implementation registers itself in
/// <see cref="Provider"/>. Until one does, <c>$jmespath</c> fails with a clear message.
/// </summary>
public static class JmesPath
{
    /// <summary>The implementation used by <c>$jmespath</c>; null until one is registered.</summary>
    public static IJmesPath? Provider { get; set; }

    internal static JsValue Search(JsValue data, JsValue expression)
    {
        var provider = Provider ?? throw new ExpressionException("JMESPath is not available")
        {
            Description = "This installation has no JMESPath implementation; use JavaScript (e.g. .map/.filter) instead of $jmespath.",
        };
        if (!expression.IsString)
        {
            throw new ExpressionException("$jmespath needs a JMESPath expression string as its second argument");
        }

        return provider.Search(data, expression.AsString());
    }
}
