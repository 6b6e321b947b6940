using System.Globalization;
using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.JmesPath;

/// <summary>Splits a JMESPath expression into tokens.</summary>
/// <remarks>
/// Literal and raw-string rules follow the jmespath npm package n8n uses (0.16): a backtick literal that does not look
/// like JSON is read as a string, a raw string only unescapes <c>\'</c>, and an unterminated raw string runs to the end.
/// </remarks>
internal static class JmesPathLexer
{
    public static List<JmesToken> Tokenize(string expression)
    {
        var tokens = new List<JmesToken>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            var start = i;
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                i++;
                continue;
            }

            if (IsIdentifierStart(c))
            {
                i++;
                while (i < expression.Length && IsIdentifierPart(expression[i]))
                {
                    i++;
                }

                var name = expression[start..i];
                tokens.Add(new JmesToken(JmesTokenKind.UnquotedIdentifier, name, JsValue.FromString(name), start));
                continue;
            }

            if (c == '-' || char.IsAsciiDigit(c))
            {
                i++;
                while (i < expression.Length && char.IsAsciiDigit(expression[i]))
                {
                    i++;
                }

                var text = expression[start..i];
                if (text == "-")
                {
                    throw JmesPathErrors.Syntax(expression, start, "'-' must be followed by digits (a negative index such as [-1])");
                }

                var number = double.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                tokens.Add(new JmesToken(JmesTokenKind.Number, text, JsValue.FromNumber(number), start));
                continue;
            }

            switch (c)
            {
                case '"':
                    i = ReadQuotedIdentifier(expression, start, tokens);
                    continue;
                case '\'':
                    i = ReadRawString(expression, start, tokens);
                    continue;
                case '`':
                    i = ReadLiteral(expression, start, tokens);
                    continue;
                case '[':
                    i = ReadBracket(expression, start, tokens);
                    continue;
            }

            var (kind, length) = c switch
            {
                '.' => (JmesTokenKind.Dot, 1),
                '*' => (JmesTokenKind.Star, 1),
                ']' => (JmesTokenKind.RightBracket, 1),
                '{' => (JmesTokenKind.LeftBrace, 1),
                '}' => (JmesTokenKind.RightBrace, 1),
                '(' => (JmesTokenKind.LeftParen, 1),
                ')' => (JmesTokenKind.RightParen, 1),
                ',' => (JmesTokenKind.Comma, 1),
                ':' => (JmesTokenKind.Colon, 1),
                '@' => (JmesTokenKind.Current, 1),
                '|' => Next(expression, i) == '|' ? (JmesTokenKind.Or, 2) : (JmesTokenKind.Pipe, 1),
                '&' => Next(expression, i) == '&' ? (JmesTokenKind.And, 2) : (JmesTokenKind.Expref, 1),
                '!' => Next(expression, i) == '=' ? (JmesTokenKind.NotEqual, 2) : (JmesTokenKind.Not, 1),
                '<' => Next(expression, i) == '=' ? (JmesTokenKind.LessOrEqual, 2) : (JmesTokenKind.LessThan, 1),
                '>' => Next(expression, i) == '=' ? (JmesTokenKind.GreaterOrEqual, 2) : (JmesTokenKind.GreaterThan, 1),
                '=' when Next(expression, i) == '=' => (JmesTokenKind.Equal, 2),
                '=' => throw JmesPathErrors.Syntax(expression, start, "'=' is not an operator; compare with '=='"),
                _ => throw JmesPathErrors.Syntax(expression, start, $"unexpected character '{c}'"),
            };
            tokens.Add(new JmesToken(kind, expression.Substring(start, length), JsValue.Undefined, start));
            i += length;
        }

        tokens.Add(new JmesToken(JmesTokenKind.End, string.Empty, JsValue.Undefined, expression.Length));
        return tokens;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static char Next(string expression, int i) => i + 1 < expression.Length ? expression[i + 1] : '\0';

    private static int ReadBracket(string expression, int start, List<JmesToken> tokens)
    {
        var next = Next(expression, start);
        var (kind, length) = next switch
        {
            ']' => (JmesTokenKind.Flatten, 2),
            '?' => (JmesTokenKind.Filter, 2),
            _ => (JmesTokenKind.LeftBracket, 1),
        };
        tokens.Add(new JmesToken(kind, expression.Substring(start, length), JsValue.Undefined, start));
        return start + length;
    }

    // Scans to the closing delimiter; a backslash escapes the character after it (so '\\' before the delimiter does not
    // hide it). Returns the index of the closing delimiter, or -1 when there is none.
    private static int FindClosing(string expression, int start, char delimiter)
    {
        var i = start + 1;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c == delimiter)
            {
                return i;
            }

            i += c == '\\' && i + 1 < expression.Length ? 2 : 1;
        }

        return -1;
    }

    private static int ReadQuotedIdentifier(string expression, int start, List<JmesToken> tokens)
    {
        var end = FindClosing(expression, start, '"');
        if (end < 0)
        {
            throw JmesPathErrors.Syntax(expression, start, "the quoted identifier is missing its closing '\"'");
        }

        var text = expression[start..(end + 1)];
        JsValue name;
        try
        {
            name = JsonCodec.Parse(text);
        }
        catch (JsonFormatException e)
        {
            throw JmesPathErrors.Syntax(expression, start, $"the quoted identifier {text} is not a valid JSON string ({e.Message})");
        }

        tokens.Add(new JmesToken(JmesTokenKind.QuotedIdentifier, text, name, start));
        return end + 1;
    }

    private static int ReadRawString(string expression, int start, List<JmesToken> tokens)
    {
        var end = FindClosing(expression, start, '\'');
        var stop = end < 0 ? expression.Length : end;
        var text = expression[(start + 1)..stop].Replace("\\'", "'", StringComparison.Ordinal);
        tokens.Add(new JmesToken(JmesTokenKind.Literal, expression[start..Math.Min(stop + 1, expression.Length)], JsValue.FromString(text), start));
        return stop + 1;
    }

    private static int ReadLiteral(string expression, int start, List<JmesToken> tokens)
    {
        var end = FindClosing(expression, start, '`');
        if (end < 0)
        {
            throw JmesPathErrors.Syntax(expression, start, "the literal is missing its closing '`'");
        }

        var content = expression[(start + 1)..end].Replace("\\`", "`", StringComparison.Ordinal).TrimStart(' ', '\t', '\n', '\r');
        JsValue value;
        try
        {
            value = LooksLikeJson(content) ? JsonCodec.Parse(content) : JsonCodec.Parse("\"" + content + "\"");
        }
        catch (JsonFormatException e)
        {
            throw JmesPathErrors.Syntax(expression, start, $"the literal `{content}` is not valid JSON ({e.Message})");
        }

        tokens.Add(new JmesToken(JmesTokenKind.Literal, expression[start..(end + 1)], value, start));
        return end + 1;
    }

    // Arrays, objects, strings and the three keywords are JSON; text starting like a number is JSON only if it parses.
    private static bool LooksLikeJson(string content)
    {
        if (content.Length == 0)
        {
            return false;
        }

        if (content[0] is '[' or '{' or '"' || content is "true" or "false" or "null")
        {
            return true;
        }

        if (content[0] == '-' || char.IsAsciiDigit(content[0]))
        {
            try
            {
                return JsonCodec.Parse(content).IsNumber;
            }
            catch (JsonFormatException)
            {
                return false;
            }
        }

        return false;
    }
}
