using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions;

/// <summary>
/// Evaluates n8n parameter values. A string starting with <c>=</c> is a template whose <c>{{ … }}</c> segments are
/// expressions; anything else is returned unchanged. Implementations compile each distinct template once and cache it.
/// </summary>
public interface IExpressionEvaluator
{
    /// <summary>Evaluates <paramref name="template"/> (with its leading <c>=</c>) for the item in <paramref name="context"/>.</summary>
    /// <exception cref="ExpressionException">A syntax error, or an n8n error the expression raised.</exception>
    JsValue Evaluate(string template, ExpressionContext context);
}
