using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions;

/// <summary>
/// Evaluates expressions the built-in evaluator cannot compile (statements, IIFEs, unsupported syntax) — implemented by the
/// sandboxed JavaScript runner. When none is configured, such expressions fail with a message saying Node.js is needed.
/// </summary>
public interface IExpressionFallback
{
    /// <summary>Evaluates one expression (the text inside <c>{{ }}</c>) for the current item of <paramref name="context"/>.</summary>
    JsValue Evaluate(string expression, ExpressionContext context);
}
