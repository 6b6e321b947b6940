namespace Tessera.Engine.Expressions;

/// <summary>An expression could not be compiled or raised an error n8n reports (not a JavaScript runtime error, which yields undefined).</summary>
public sealed class ExpressionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExpressionException(string message, string? expression = null, int? position = null, Exception? inner = null)
        : base(message, inner)
    {
        Expression = expression;
        Position = position;
    }

    /// <summary>The expression text.</summary>
    public string? Expression { get; }

    /// <summary>0-based character offset inside <see cref="Expression"/>, when known.</summary>
    public int? Position { get; }

    /// <summary>The node being executed, set by the engine.</summary>
    public string? NodeName { get; set; }

    /// <summary>The parameter being resolved, set by the engine.</summary>
    public string? ParameterName { get; set; }

    /// <summary>A hint on how to fix it.</summary>
    public string? Description { get; init; }
}
