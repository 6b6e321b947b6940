using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.JmesPath;

/// <summary>The kinds of token in a JMESPath expression.</summary>
internal enum JmesTokenKind
{
    End,
    UnquotedIdentifier,
    QuotedIdentifier,
    Number,
    Literal,
    Dot,
    Star,
    Flatten,
    Filter,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    LeftParen,
    RightParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Current,
    Expref,
    Equal,
    NotEqual,
    LessThan,
    LessOrEqual,
    GreaterThan,
    GreaterOrEqual,
}

/// <summary>One token: its kind, source text, value (identifier name, number or literal) and 0-based position.</summary>
internal readonly record struct JmesToken(JmesTokenKind Kind, string Text, JsValue Value, int Position)
{
    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind == JmesTokenKind.End ? "the end of the expression" : $"'{Text}'";
}
