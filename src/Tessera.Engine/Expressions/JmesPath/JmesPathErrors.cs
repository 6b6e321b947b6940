namespace Tessera.Engine.Expressions.JmesPath;

/// <summary>Builds the <see cref="ExpressionException"/>s JMESPath raises: where (position), what, and how to fix it.</summary>
internal static class JmesPathErrors
{
    private const string SyntaxHint = "Check the JMESPath syntax at that position (see jmespath.org/specification); remember that $jmespath takes the data first and the query second: $jmespath($json, 'a.b').";

    public static ExpressionException Syntax(string expression, int position, string what) =>
        new($"Invalid JMESPath expression at position {position} of '{expression}': {what}", expression, position)
        {
            Description = SyntaxHint,
        };

    public static ExpressionException Runtime(string expression, int position, string what, string? hint = null) =>
        new($"JMESPath error at position {position} of '{expression}': {what}", expression, position)
        {
            Description = hint,
        };
}
