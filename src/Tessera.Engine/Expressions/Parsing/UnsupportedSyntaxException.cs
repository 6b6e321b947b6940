namespace Tessera.Engine.Expressions.Parsing;

/// <summary>The parser met valid JavaScript outside the subset the evaluator runs (functions, classes, generators…).</summary>
internal sealed class UnsupportedSyntaxException(string what, int position) : Exception($"{what} is not supported by the built-in evaluator")
{
    public string What { get; } = what;

    public int Position { get; } = position;
}
