using System.Globalization;
using System.Text;

namespace Tessera.Engine.Expressions.Parsing;

internal enum TokenType : byte
{
    Eof,
    Punct,
    Identifier,
    Number,
    /// <summary>A BigInt literal (<c>12n</c>); <see cref="Token.Value"/> holds its decimal digits.</summary>
    BigInt,
    String,
    Template,
    Regex,
}

/// <summary>One token; <see cref="Value"/> holds the punctuator, name, cooked string or regex pattern.</summary>
internal readonly record struct Token(TokenType Type, string Value, double Number, int Start, int End, bool NewlineBefore, string? Flags = null, bool TemplateTail = false)
{
    public bool Is(string punct) => Type == TokenType.Punct && Value == punct;

    public bool IsWord(string word) => Type == TokenType.Identifier && Value == word;
}

/// <summary>
/// On-demand ECMAScript tokenizer. It lexes one token at a time so the parser can switch it into template mode after a
/// <c>${ … }</c> substitution and back up for arrow-function look-ahead.
/// </summary>
internal sealed class Lexer(string source, int baseOffset)
{
    private static readonly string[] Puncts =
    [
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<", ">>",
        "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?", ":", "=", ".", "@", "#",
    ];

    private static readonly HashSet<string> RegexAfterWords =
        ["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"];

    private readonly string _src = source;

    public int Position { get; set; }

    public string Source => _src;

    public int BaseOffset => baseOffset;

    public ExpressionException Error(string message, int position) =>
        new($"Invalid syntax: {message}", _src, position + baseOffset)
        { Description = "Check the expression for a typo, a missing bracket or quote." };

    public Token Next(Token previous)
    {
        var newline = SkipTrivia();
        var start = Position;
        if (Position >= _src.Length)
        {
            return new Token(TokenType.Eof, "", 0, start, start, newline);
        }

        var c = _src[Position];
        if (c == '`')
        {
            Position++;
            return ReadTemplateChunk(start, newline);
        }

        if (IsIdStart(c))
        {
            var sb = new StringBuilder();
            while (Position < _src.Length && IsIdPart(_src[Position]))
            {
                sb.Append(_src[Position++]);
            }

            return new Token(TokenType.Identifier, sb.ToString(), 0, start, Position, newline);
        }

        if (char.IsAsciiDigit(c) || (c == '.' && Position + 1 < _src.Length && char.IsAsciiDigit(_src[Position + 1])))
        {
            return ReadNumber(start, newline);
        }

        if (c is '"' or '\'')
        {
            return ReadString(c, start, newline);
        }

        if (c == '/' && RegexAllowed(previous))
        {
            return ReadRegex(start, newline);
        }

        foreach (var p in Puncts)
        {
            if (string.CompareOrdinal(_src, Position, p, 0, p.Length) == 0)
            {
                // "?." followed by a digit is a conditional with a decimal (a?.5:1).
                if (p == "?." && Position + 2 < _src.Length && char.IsAsciiDigit(_src[Position + 2]))
                {
                    continue;
                }

                Position += p.Length;
                return new Token(TokenType.Punct, p, 0, start, Position, newline);
            }
        }

        throw Error($"Unexpected character '{c}'", start);
    }

    /// <summary>Reads template text after a substitution's closing brace (the parser consumed the <c>}</c>).</summary>
    public Token ContinueTemplate(int closeBraceEnd)
    {
        Position = closeBraceEnd;
        return ReadTemplateChunk(closeBraceEnd, false);
    }

    private static bool RegexAllowed(Token previous) => previous.Type switch
    {
        TokenType.Number or TokenType.BigInt or TokenType.String or TokenType.Regex => false,
        TokenType.Template => !previous.TemplateTail,
        TokenType.Identifier => RegexAfterWords.Contains(previous.Value),
        TokenType.Punct => previous.Value is not (")" or "]" or "}" or "++" or "--"),
        _ => true,
    };

    private bool SkipTrivia()
    {
        var newline = false;
        while (Position < _src.Length)
        {
            var c = _src[Position];
            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                newline = true;
                Position++;
            }
            else if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                Position++;
            }
            else if (c == '/' && Position + 1 < _src.Length && _src[Position + 1] == '/')
            {
                while (Position < _src.Length && _src[Position] != '\n')
                {
                    Position++;
                }
            }
            else if (c == '/' && Position + 1 < _src.Length && _src[Position + 1] == '*')
            {
                var end = _src.IndexOf("*/", Position + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error("Unterminated comment", Position);
                }

                newline |= _src.AsSpan(Position, end - Position).ContainsAny('\n', '\r');
                Position = end + 2;
            }
            else
            {
                break;
            }
        }

        return newline;
    }

    private static bool IsIdStart(char c) => char.IsLetter(c) || c is '$' or '_';

    private static bool IsIdPart(char c) => char.IsLetterOrDigit(c) || c is '$' or '_' or '\u200C' or '\u200D';

    // The literal's digits were read as a number; BigInt literals allow no fraction, exponent or legacy leading zero.
    private Token ReadBigIntSuffix(int start, bool newline)
    {
        var digits = _src[start..Position].Replace("_", "", StringComparison.Ordinal);
        Position++;
        if (Position < _src.Length && IsIdStart(_src[Position]))
        {
            throw Error("Invalid or unexpected token", Position);
        }

        System.Numerics.BigInteger? value = digits.Length > 2 && digits[0] == '0' && char.IsAsciiLetter(digits[1])
            ? Builtins.JsBigInt.ParseRadix(digits.AsSpan(2), char.ToLowerInvariant(digits[1]) switch { 'x' => 16, 'o' => 8, _ => 2 })
            : digits.All(char.IsAsciiDigit) && (digits.Length == 1 || digits[0] != '0')
                ? System.Numerics.BigInteger.Parse(digits, CultureInfo.InvariantCulture)
                : null;
        if (value is null)
        {
            throw Error("Invalid or unexpected token", start);
        }

        return new Token(TokenType.BigInt, value.Value.ToString(CultureInfo.InvariantCulture), double.NaN, start, Position, newline);
    }

    private Token ReadNumber(int start, bool newline)
    {
        double value;
        if (_src[Position] == '0' && Position + 1 < _src.Length && "xXoObB".Contains(_src[Position + 1], StringComparison.Ordinal))
        {
            var radix = char.ToLowerInvariant(_src[Position + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            Position += 2;
            value = 0;
            var digits = 0;
            while (Position < _src.Length)
            {
                var ch = _src[Position];
                if (ch == '_')
                {
                    Position++;
                    continue;
                }

                var d = char.IsAsciiDigit(ch) ? ch - '0' : char.IsAsciiLetter(ch) ? char.ToLowerInvariant(ch) - 'a' + 10 : 99;
                if (d >= radix)
                {
                    break;
                }

                value = (value * radix) + d;
                digits++;
                Position++;
            }

            if (digits == 0)
            {
                throw Error("Invalid number", start);
            }
        }
        else
        {
            var sb = new StringBuilder();
            while (Position < _src.Length && (char.IsAsciiDigit(_src[Position]) || _src[Position] == '_'))
            {
                if (_src[Position] != '_')
                {
                    sb.Append(_src[Position]);
                }

                Position++;
            }

            if (Position < _src.Length && _src[Position] == '.')
            {
                sb.Append('.');
                Position++;
                while (Position < _src.Length && (char.IsAsciiDigit(_src[Position]) || _src[Position] == '_'))
                {
                    if (_src[Position] != '_')
                    {
                        sb.Append(_src[Position]);
                    }

                    Position++;
                }
            }

            if (Position < _src.Length && _src[Position] is 'e' or 'E')
            {
                var save = Position;
                var exp = new StringBuilder("e");
                Position++;
                if (Position < _src.Length && _src[Position] is '+' or '-')
                {
                    exp.Append(_src[Position++]);
                }

                if (Position < _src.Length && char.IsAsciiDigit(_src[Position]))
                {
                    while (Position < _src.Length && char.IsAsciiDigit(_src[Position]))
                    {
                        exp.Append(_src[Position++]);
                    }

                    sb.Append(exp);
                }
                else
                {
                    Position = save;
                }
            }

            var text = sb.ToString();
            if (text.StartsWith('.'))
            {
                text = "0" + text;
            }

            value = double.Parse(text.EndsWith('.') ? text + "0" : text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (Position < _src.Length && _src[Position] == 'n')
        {
            return ReadBigIntSuffix(start, newline);
        }

        if (Position < _src.Length && IsIdStart(_src[Position]))
        {
            throw Error("Invalid or unexpected token", Position);
        }

        return new Token(TokenType.Number, _src[start..Position], value, start, Position, newline);
    }

    private Token ReadString(char quote, int start, bool newline)
    {
        Position++;
        var sb = new StringBuilder();
        while (true)
        {
            if (Position >= _src.Length || _src[Position] is '\n' or '\r')
            {
                throw Error("Unterminated string", start);
            }

            var c = _src[Position++];
            if (c == quote)
            {
                break;
            }

            if (c == '\\')
            {
                ReadEscape(sb, start);
            }
            else
            {
                sb.Append(c);
            }
        }

        return new Token(TokenType.String, sb.ToString(), 0, start, Position, newline);
    }

    private void ReadEscape(StringBuilder sb, int start)
    {
        if (Position >= _src.Length)
        {
            throw Error("Unterminated string", start);
        }

        var e = _src[Position++];
        switch (e)
        {
            case 'n': sb.Append('\n'); break;
            case 't': sb.Append('\t'); break;
            case 'r': sb.Append('\r'); break;
            case 'b': sb.Append('\b'); break;
            case 'f': sb.Append('\f'); break;
            case 'v': sb.Append('\v'); break;
            case '0' when Position >= _src.Length || !char.IsAsciiDigit(_src[Position]): sb.Append('\0'); break;
            case '\r':
                if (Position < _src.Length && _src[Position] == '\n')
                {
                    Position++;
                }

                break;
            case '\n' or '\u2028' or '\u2029': break;
            case 'x':
                sb.Append((char)ReadHex(2, start));
                break;
            case 'u':
                if (Position < _src.Length && _src[Position] == '{')
                {
                    var close = _src.IndexOf('}', Position);
                    if (close < 0 || !int.TryParse(_src.AsSpan(Position + 1, close - Position - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp) || cp > 0x10FFFF)
                    {
                        throw Error("Invalid Unicode escape sequence", Position);
                    }

                    sb.Append(char.ConvertFromUtf32(cp));
                    Position = close + 1;
                }
                else
                {
                    sb.Append((char)ReadHex(4, start));
                }

                break;
            default: sb.Append(e); break;
        }
    }

    private int ReadHex(int length, int start)
    {
        if (Position + length > _src.Length
            || !int.TryParse(_src.AsSpan(Position, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
        {
            throw Error("Invalid hexadecimal escape sequence", start);
        }

        Position += length;
        return v;
    }

    private Token ReadTemplateChunk(int start, bool newline)
    {
        var sb = new StringBuilder();
        while (true)
        {
            if (Position >= _src.Length)
            {
                throw Error("Unterminated template literal", start);
            }

            var c = _src[Position++];
            if (c == '`')
            {
                return new Token(TokenType.Template, sb.ToString(), 0, start, Position, newline, TemplateTail: true);
            }

            if (c == '$' && Position < _src.Length && _src[Position] == '{')
            {
                Position++;
                return new Token(TokenType.Template, sb.ToString(), 0, start, Position, newline, TemplateTail: false);
            }

            if (c == '\\')
            {
                ReadEscape(sb, start);
            }
            else if (c == '\r')
            {
                sb.Append('\n');
                if (Position < _src.Length && _src[Position] == '\n')
                {
                    Position++;
                }
            }
            else
            {
                sb.Append(c);
            }
        }
    }

    private Token ReadRegex(int start, bool newline)
    {
        Position++;
        var sb = new StringBuilder();
        var inClass = false;
        while (true)
        {
            if (Position >= _src.Length || _src[Position] is '\n' or '\r')
            {
                throw Error("Invalid regular expression: missing /", start);
            }

            var c = _src[Position++];
            if (c == '\\')
            {
                sb.Append(c);
                if (Position < _src.Length)
                {
                    sb.Append(_src[Position++]);
                }

                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }
            else if (c == '/' && !inClass)
            {
                break;
            }

            sb.Append(c);
        }

        var flagsStart = Position;
        while (Position < _src.Length && IsIdPart(_src[Position]))
        {
            Position++;
        }

        var flags = _src[flagsStart..Position];
        foreach (var f in flags)
        {
            if (!"dgimsuy".Contains(f, StringComparison.Ordinal) || flags.Count(x => x == f) > 1)
            {
                throw Error($"Invalid regular expression flags '{flags}'", flagsStart);
            }
        }

        return new Token(TokenType.Regex, sb.ToString(), 0, start, Position, newline, flags);
    }
}
