namespace Tessera.Engine.Expressions.Parsing;

/// <summary>
/// Recursive-descent parser for ES2020 expressions plus the statements arrow-function bodies use.
/// Throws <see cref="ExpressionException"/> for syntax errors and <see cref="UnsupportedSyntaxException"/> for valid
/// JavaScript it leaves to the JavaScript runner.
/// </summary>
internal sealed partial class Parser
{
    private const int MaxDepth = 200;
    private static readonly Dictionary<string, int> Precedence = new()
    {
        ["??"] = 1, ["||"] = 1, ["&&"] = 2, ["|"] = 3, ["^"] = 4, ["&"] = 5,
        ["=="] = 6, ["!="] = 6, ["==="] = 6, ["!=="] = 6,
        ["<"] = 7, [">"] = 7, ["<="] = 7, [">="] = 7, ["instanceof"] = 7, ["in"] = 7,
        ["<<"] = 8, [">>"] = 8, [">>>"] = 8, ["+"] = 9, ["-"] = 9, ["*"] = 10, ["/"] = 10, ["%"] = 10, ["**"] = 11,
    };

    private static readonly HashSet<string> AssignOps = ["=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "??="];

    private static readonly HashSet<string> Unsupported = ["function", "class", "async", "await", "yield", "super", "import", "with", "debugger", "switch", "label"];

    private readonly Lexer _lexer;
    private Token _tok;
    private Token _prev;
    private int _depth;
    private bool _noIn;

    private Parser(string source, int baseOffset)
    {
        _lexer = new Lexer(source, baseOffset);
        _prev = new Token(TokenType.Punct, "(", 0, 0, 0, false);
        _tok = _lexer.Next(_prev);
    }

    /// <summary>Parses a complete expression (the text inside <c>{{ }}</c>).</summary>
    public static Expr ParseExpression(string source, int baseOffset = 0)
    {
        var parser = new Parser(source, baseOffset);
        if (parser._tok.Type == TokenType.Eof)
        {
            return new Ident(0, "undefined");
        }

        var expr = parser.ParseSequence();
        // A trailing semicolon is common in hand-written expressions and harmless.
        while (parser._tok.Is(";"))
        {
            parser.Advance();
        }

        if (parser._tok.Type != TokenType.Eof)
        {
            throw parser.Unexpected();
        }

        return expr;
    }

    private void Advance()
    {
        _prev = _tok;
        _tok = _lexer.Next(_prev);
    }

    private ExpressionException Unexpected() => _tok.Type == TokenType.Eof
        ? _lexer.Error("Unexpected end of expression", _tok.Start)
        : _lexer.Error($"Unexpected token '{_lexer.Source[_tok.Start.._tok.End]}'", _tok.Start);

    private void Expect(string punct)
    {
        if (!_tok.Is(punct))
        {
            throw _tok.Type == TokenType.Eof
                ? _lexer.Error($"Missing '{punct}'", _tok.Start)
                : _lexer.Error($"Expected '{punct}' but found '{_lexer.Source[_tok.Start.._tok.End]}'", _tok.Start);
        }

        Advance();
    }

    private bool Eat(string punct)
    {
        if (_tok.Is(punct))
        {
            Advance();
            return true;
        }

        return false;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw _lexer.Error("The expression is nested too deeply", _tok.Start);
        }
    }

    private Expr ParseSequence()
    {
        var pos = _tok.Start;
        var first = ParseAssignment();
        if (!_tok.Is(","))
        {
            return first;
        }

        var items = new List<Expr> { first };
        while (Eat(","))
        {
            items.Add(ParseAssignment());
        }

        return new SequenceExpr(pos, [.. items]);
    }

    private Expr ParseAssignment()
    {
        Enter();
        try
        {
            var pos = _tok.Start;
            if (_tok.Type == TokenType.Identifier && Unsupported.Contains(_tok.Value))
            {
                throw new UnsupportedSyntaxException($"'{_tok.Value}'", pos);
            }

            if (IsArrowAhead())
            {
                return ParseArrow();
            }

            var left = ParseConditional();
            if (_tok.Type == TokenType.Punct && AssignOps.Contains(_tok.Value))
            {
                var op = _tok.Value;
                if (left is not (Ident or MemberExpr or IndexExpr))
                {
                    if (op == "=" && left is ArrayLit or ObjectLit)
                    {
                        throw new UnsupportedSyntaxException("Destructuring assignment", pos);
                    }

                    throw _lexer.Error("Invalid left-hand side in assignment", pos);
                }

                Advance();
                var value = ParseAssignment();
                return new AssignExpr(pos, op, left, value);
            }

            return left;
        }
        finally
        {
            _depth--;
        }
    }

    private Expr ParseConditional()
    {
        var pos = _tok.Start;
        var test = ParseBinary(0);
        if (!Eat("?"))
        {
            return test;
        }

        var saveNoIn = _noIn;
        _noIn = false;
        var then = ParseAssignment();
        _noIn = saveNoIn;
        Expect(":");
        var otherwise = ParseAssignment();
        return new ConditionalExpr(pos, test, then, otherwise);
    }

    private Expr ParseBinary(int minPrecedence)
    {
        var pos = _tok.Start;
        var left = ParseUnary();
        while (true)
        {
            var op = _tok.Type switch
            {
                TokenType.Punct => _tok.Value,
                TokenType.Identifier when _tok.Value is "instanceof" || (_tok.Value == "in" && !_noIn) => _tok.Value,
                _ => null,
            };
            if (op is null || !Precedence.TryGetValue(op, out var prec) || prec <= minPrecedence)
            {
                return left;
            }

            Advance();
            // '**' is right-associative: its right side may hold another '**'.
            var right = op == "**" ? ParseBinary(prec - 1) : ParseBinary(prec);
            left = op is "&&" or "||" or "??" ? new LogicalExpr(pos, op, left, right) : new BinaryExpr(pos, op, left, right);
        }
    }

    private Expr ParseUnary()
    {
        Enter();
        try
        {
            var pos = _tok.Start;
            if (_tok.Type == TokenType.Punct && _tok.Value is "!" or "-" or "+" or "~")
            {
                var op = _tok.Value;
                Advance();
                return new UnaryExpr(pos, op, ParseUnary());
            }

            if (_tok.Type == TokenType.Identifier && _tok.Value is "typeof" or "void" or "delete")
            {
                var op = _tok.Value;
                Advance();
                return new UnaryExpr(pos, op, ParseUnary());
            }

            if (_tok.Type == TokenType.Identifier && _tok.Value == "await")
            {
                throw new UnsupportedSyntaxException("'await'", pos);
            }

            if (_tok.Is("++") || _tok.Is("--"))
            {
                var op = _tok.Value;
                Advance();
                var target = ParseUnary();
                CheckUpdateTarget(target);
                return new UpdateExpr(pos, op, true, target);
            }

            var expr = ParseLeftHandSide();
            if ((_tok.Is("++") || _tok.Is("--")) && !_tok.NewlineBefore)
            {
                CheckUpdateTarget(expr);
                var op = _tok.Value;
                Advance();
                return new UpdateExpr(pos, op, false, expr);
            }

            return expr;
        }
        finally
        {
            _depth--;
        }
    }

    private void CheckUpdateTarget(Expr target)
    {
        if (target is not (Ident or MemberExpr or IndexExpr))
        {
            throw _lexer.Error("Invalid left-hand side expression in prefix/postfix operation", target.Pos);
        }
    }

    private Expr ParseLeftHandSide()
    {
        var pos = _tok.Start;
        Expr expr;
        if (_tok.IsWord("new"))
        {
            Advance();
            if (Eat("."))
            {
                throw new UnsupportedSyntaxException("'new.target'", pos);
            }

            var callee = ParseMemberOnly();
            var args = _tok.Is("(") ? ParseArguments() : [];
            expr = new NewExpr(pos, callee, args);
        }
        else
        {
            expr = ParsePrimary();
        }

        return ParseChain(expr, pos, allowCalls: true);
    }

    private Expr ParseMemberOnly()
    {
        var pos = _tok.Start;
        if (_tok.IsWord("new"))
        {
            return ParseLeftHandSide();
        }

        return ParseChain(ParsePrimary(), pos, allowCalls: false);
    }

    private Expr ParseChain(Expr expr, int pos, bool allowCalls)
    {
        var optional = false;
        while (true)
        {
            if (_tok.Is("."))
            {
                Advance();
                expr = new MemberExpr(pos, expr, ParseMemberName(), false);
            }
            else if (_tok.Is("?.") && allowCalls)
            {
                optional = true;
                Advance();
                if (Eat("["))
                {
                    var index = ParseSequence();
                    Expect("]");
                    expr = new IndexExpr(pos, expr, index, true);
                }
                else if (_tok.Is("("))
                {
                    expr = new CallExpr(pos, expr, ParseArguments(), true);
                }
                else
                {
                    expr = new MemberExpr(pos, expr, ParseMemberName(), true);
                }
            }
            else if (_tok.Is("["))
            {
                Advance();
                var saveNoIn = _noIn;
                _noIn = false;
                var index = ParseSequence();
                _noIn = saveNoIn;
                Expect("]");
                expr = new IndexExpr(pos, expr, index, false);
            }
            else if (_tok.Is("(") && allowCalls)
            {
                expr = new CallExpr(pos, expr, ParseArguments(), false);
            }
            else if (_tok.Type == TokenType.Template)
            {
                if (optional)
                {
                    throw _lexer.Error("Invalid tagged template on optional chain", _tok.Start);
                }

                expr = new TaggedTemplate(pos, expr, ParseTemplate());
            }
            else
            {
                return optional ? new OptionalChain(pos, expr) : expr;
            }
        }
    }

    private string ParseMemberName()
    {
        if (_tok.Type != TokenType.Identifier)
        {
            if (_tok.Is("#"))
            {
                throw new UnsupportedSyntaxException("Private fields", _tok.Start);
            }

            throw Unexpected();
        }

        var name = _tok.Value;
        Advance();
        return name;
    }

    private Expr[] ParseArguments()
    {
        Expect("(");
        var saveNoIn = _noIn;
        _noIn = false;
        var args = new List<Expr>();
        while (!_tok.Is(")"))
        {
            if (_tok.Is("..."))
            {
                var pos = _tok.Start;
                Advance();
                args.Add(new SpreadExpr(pos, ParseAssignment()));
            }
            else
            {
                args.Add(ParseAssignment());
            }

            if (!_tok.Is(")"))
            {
                Expect(",");
            }
        }

        Expect(")");
        _noIn = saveNoIn;
        return [.. args];
    }

    private Expr ParsePrimary()
    {
        var t = _tok;
        var pos = t.Start;
        switch (t.Type)
        {
            case TokenType.Number:
                Advance();
                return new NumberLit(pos, t.Number);
            case TokenType.BigInt:
                Advance();
                return new BigIntLit(pos, System.Numerics.BigInteger.Parse(t.Value, System.Globalization.CultureInfo.InvariantCulture));
            case TokenType.String:
                Advance();
                return new StringLit(pos, t.Value);
            case TokenType.Template:
                return ParseTemplate();
            case TokenType.Regex:
                Advance();
                return new RegexLit(pos, t.Value, t.Flags ?? "");
            case TokenType.Identifier:
                if (Unsupported.Contains(t.Value))
                {
                    throw new UnsupportedSyntaxException($"'{t.Value}'", pos);
                }

                Advance();
                return t.Value switch
                {
                    "true" => new BoolLit(pos, true),
                    "false" => new BoolLit(pos, false),
                    "null" => new NullLit(pos),
                    "this" => new ThisExpr(pos),
                    "if" or "for" or "while" or "return" or "const" or "let" or "var" or "do" or "else" or "throw" or "try"
                        or "catch" or "finally" or "break" or "continue" or "case" or "default" or "in" or "of" or "instanceof"
                        => throw _lexer.Error($"Unexpected token '{t.Value}'", pos),
                    _ => new Ident(pos, t.Value),
                };
            case TokenType.Punct when t.Value == "(":
            {
                Advance();
                var saveNoIn = _noIn;
                _noIn = false;
                var inner = ParseSequence();
                _noIn = saveNoIn;
                Expect(")");
                return inner;
            }

            case TokenType.Punct when t.Value == "[":
                return ParseArrayLiteral();
            case TokenType.Punct when t.Value == "{":
                return ParseObjectLiteral();
            default:
                throw Unexpected();
        }
    }

    private TemplateLit ParseTemplate()
    {
        var pos = _tok.Start;
        var quasis = new List<string>();
        var exprs = new List<Expr>();
        while (true)
        {
            var chunk = _tok;
            quasis.Add(chunk.Value);
            if (chunk.TemplateTail)
            {
                Advance();
                break;
            }

            Advance();
            exprs.Add(ParseSequence());
            if (!_tok.Is("}"))
            {
                throw _lexer.Error("Missing '}' in template literal", _tok.Start);
            }

            _prev = _tok;
            _tok = _lexer.ContinueTemplate(_tok.End);
        }

        return new TemplateLit(pos, [.. quasis], [.. exprs]);
    }

    private ArrayLit ParseArrayLiteral()
    {
        var pos = _tok.Start;
        Expect("[");
        var saveNoIn = _noIn;
        _noIn = false;
        var elements = new List<Expr?>();
        while (!_tok.Is("]"))
        {
            if (_tok.Is(","))
            {
                Advance();
                elements.Add(null);
                continue;
            }

            if (_tok.Is("..."))
            {
                var spreadPos = _tok.Start;
                Advance();
                elements.Add(new SpreadExpr(spreadPos, ParseAssignment()));
            }
            else
            {
                elements.Add(ParseAssignment());
            }

            if (!_tok.Is("]"))
            {
                Expect(",");
            }
        }

        Expect("]");
        _noIn = saveNoIn;
        return new ArrayLit(pos, [.. elements]);
    }

    private ObjectLit ParseObjectLiteral()
    {
        var pos = _tok.Start;
        Expect("{");
        var saveNoIn = _noIn;
        _noIn = false;
        var props = new List<Property>();
        while (!_tok.Is("}"))
        {
            if (_tok.Is("..."))
            {
                var spreadPos = _tok.Start;
                Advance();
                props.Add(new Property(null, null, ParseAssignment(), true));
            }
            else if (Eat("["))
            {
                var key = ParseAssignment();
                Expect("]");
                Expect(":");
                props.Add(new Property(key, null, ParseAssignment(), false));
            }
            else
            {
                var keyTok = _tok;
                var key = ParsePropertyName();
                if (Eat(":"))
                {
                    props.Add(new Property(null, key, ParseAssignment(), false));
                }
                else if (_tok.Is("(") || (keyTok.Type == TokenType.Identifier && key is "get" or "set" or "async" && _tok.Type == TokenType.Identifier))
                {
                    throw new UnsupportedSyntaxException("Object methods and accessors", keyTok.Start);
                }
                else if (keyTok.Type == TokenType.Identifier)
                {
                    props.Add(new Property(null, key, new Ident(keyTok.Start, key), false));
                }
                else
                {
                    throw Unexpected();
                }
            }

            if (!_tok.Is("}"))
            {
                Expect(",");
            }
        }

        Expect("}");
        _noIn = saveNoIn;
        return new ObjectLit(pos, [.. props]);
    }
}
