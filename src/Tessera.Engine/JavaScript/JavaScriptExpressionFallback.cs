using Tessera.Engine.Data;
using Tessera.Engine.Expressions;

namespace Tessera.Engine.JavaScript;

/// <summary>
/// Evaluates expressions the built-in evaluator cannot compile by sending them to the JavaScript runner, with n8n's
/// semantics: JavaScript runtime errors yield undefined; syntax errors and n8n's own errors fail.
/// </summary>
public sealed class JavaScriptExpressionFallback : IExpressionFallback
{
    private readonly Func<JavaScriptRunnerPool> _pool;

    /// <summary>Uses <paramref name="pool"/>, or the shared pool when null.</summary>
    public JavaScriptExpressionFallback(JavaScriptRunnerPool? pool = null)
    {
        _pool = pool is null ? static () => JavaScriptRunnerPool.Shared : () => pool;
    }

    /// <summary>Resolves the pool on first use (e.g. from a service container), so no process starts before it is needed.</summary>
    public JavaScriptExpressionFallback(Func<JavaScriptRunnerPool> poolProvider)
    {
        ArgumentNullException.ThrowIfNull(poolProvider);
        _pool = poolProvider;
    }

    /// <inheritdoc />
    public JsValue Evaluate(string expression, ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(context);
        var data = new JavaScriptTaskData
        {
            Context = context,
            Mode = JavaScriptTaskModes.Expression,
            IncludeRunData = JavaScriptTaskData.ReferencesOtherNodes(expression),
        };

        IReadOnlyList<ExpressionTaskResult> results;
        try
        {
            // The evaluator's contract is synchronous; the engine calls it off any synchronisation context.
            results = _pool().EvaluateAsync([new ExpressionTask(expression, context.ItemIndex)], data, context.CancellationToken)
                .GetAwaiter().GetResult();
        }
        catch (JavaScriptRunnerUnavailableException e)
        {
            throw new ExpressionException(
                "This expression needs the JavaScript runner (Node.js), which is unavailable: " + e.Message, expression, inner: e);
        }
        catch (JavaScriptRunnerException e)
        {
            throw new ExpressionException(e.Message, expression, inner: e);
        }

        var result = results[0];
        if (result.Error is { } error)
        {
            throw new ExpressionException(error.Message, expression) { Description = error.Description };
        }

        return result.Value;
    }
}
