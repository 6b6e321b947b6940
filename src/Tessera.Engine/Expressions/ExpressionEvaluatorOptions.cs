namespace Tessera.Engine.Expressions;

/// <summary>Options of <see cref="ExpressionEvaluator"/>.</summary>
public sealed class ExpressionEvaluatorOptions
{
    internal static readonly ExpressionEvaluatorOptions Default = new();

    /// <summary>Evaluates expressions the evaluator cannot compile (the JavaScript runner); null makes them fail with a clear message.</summary>
    public IExpressionFallback? Fallback { get; init; }

    /// <summary>Loop iterations and function calls one evaluation may take. Default 5,000,000.</summary>
    public long MaxSteps { get; init; } = 5_000_000;

    /// <summary>Longest array an expression may create. Default 1,000,000.</summary>
    public int MaxArrayLength { get; init; } = 1_000_000;

    /// <summary>Longest string an expression may create. Default 10,000,000 characters.</summary>
    public int MaxStringLength { get; init; } = 10_000_000;

    /// <summary>Distinct templates kept compiled. Default 10,000.</summary>
    public int CacheSize { get; init; } = 10_000;

    /// <summary>Time a regular expression may take on one match. Default 1 second.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
