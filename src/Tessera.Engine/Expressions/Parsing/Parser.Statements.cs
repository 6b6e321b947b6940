namespace Tessera.Engine.Expressions.Parsing;

/// <summary>Statements of arrow-function block bodies (with automatic semicolon insertion).</summary>
internal sealed partial class Parser
{
    private BlockStmt ParseBlock()
    {
        var pos = _tok.Start;
        Expect("{");
        var body = new List<Stmt>();
        while (!_tok.Is("}"))
        {
            if (_tok.Type == TokenType.Eof)
            {
                throw _lexer.Error("Missing '}'", _tok.Start);
            }

            body.Add(ParseStatement());
        }

        Advance();
        return new BlockStmt(pos, [.. body]);
    }

    private Stmt ParseStatement()
    {
        Enter();
        try
        {
            return ParseStatementCore();
        }
        finally
        {
            _depth--;
        }
    }

    private Stmt ParseStatementCore()
    {
        var pos = _tok.Start;
        if (_tok.Is("{"))
        {
            return ParseBlock();
        }

        if (_tok.Is(";"))
        {
            Advance();
            return new EmptyStmt(pos);
        }

        if (_tok.Type == TokenType.Identifier)
        {
            switch (_tok.Value)
            {
                case "const" or "let" or "var":
                {
                    var decl = ParseVarDecl();
                    ConsumeSemicolon();
                    return decl;
                }

                case "return":
                {
                    Advance();
                    Expr? value = null;
                    if (!_tok.Is(";") && !_tok.Is("}") && _tok.Type != TokenType.Eof && !_tok.NewlineBefore)
                    {
                        value = ParseSequence();
                    }

                    ConsumeSemicolon();
                    return new ReturnStmt(pos, value);
                }

                case "if":
                {
                    Advance();
                    Expect("(");
                    var test = ParseSequence();
                    Expect(")");
                    var then = ParseStatement();
                    Stmt? otherwise = null;
                    if (_tok.IsWord("else"))
                    {
                        Advance();
                        otherwise = ParseStatement();
                    }

                    return new IfStmt(pos, test, then, otherwise);
                }

                case "for":
                    return ParseFor();
                case "while":
                {
                    Advance();
                    Expect("(");
                    var test = ParseSequence();
                    Expect(")");
                    return new WhileStmt(pos, test, ParseStatement(), false);
                }

                case "do":
                {
                    Advance();
                    var body = ParseStatement();
                    if (!_tok.IsWord("while"))
                    {
                        throw Unexpected();
                    }

                    Advance();
                    Expect("(");
                    var test = ParseSequence();
                    Expect(")");
                    Eat(";");
                    return new WhileStmt(pos, test, body, true);
                }

                case "break" or "continue":
                {
                    var isBreak = _tok.Value == "break";
                    Advance();
                    if (_tok.Type == TokenType.Identifier && !_tok.NewlineBefore)
                    {
                        throw new UnsupportedSyntaxException("Labels", _tok.Start);
                    }

                    ConsumeSemicolon();
                    return isBreak ? new BreakStmt(pos) : new ContinueStmt(pos);
                }

                case "throw":
                {
                    Advance();
                    var value = ParseSequence();
                    ConsumeSemicolon();
                    return new ThrowStmt(pos, value);
                }

                case "try":
                    return ParseTry();
            }
        }

        var expr = ParseSequence();
        ConsumeSemicolon();
        return new ExprStmt(pos, expr);
    }

    private TryStmt ParseTry()
    {
        var pos = _tok.Start;
        Advance();
        var block = ParseBlock();
        Pattern? param = null;
        BlockStmt? handler = null;
        BlockStmt? finalizer = null;
        if (_tok.IsWord("catch"))
        {
            Advance();
            if (Eat("("))
            {
                param = ParseBindingTarget();
                Expect(")");
            }

            handler = ParseBlock();
        }

        if (_tok.IsWord("finally"))
        {
            Advance();
            finalizer = ParseBlock();
        }

        if (handler is null && finalizer is null)
        {
            throw _lexer.Error("Missing catch or finally after try", _tok.Start);
        }

        return new TryStmt(pos, block, param, handler, finalizer);
    }

    private VarDecl ParseVarDecl()
    {
        var pos = _tok.Start;
        var kind = _tok.Value;
        Advance();
        var list = new List<(Pattern, Expr?)>();
        do
        {
            var target = ParseBindingTarget();
            Expr? init = null;
            if (Eat("="))
            {
                init = ParseAssignment();
            }
            else if (kind == "const" && !(_tok.IsWord("of") || _tok.IsWord("in")))
            {
                throw _lexer.Error("Missing initializer in const declaration", _tok.Start);
            }

            list.Add((target, init));
        }
        while (Eat(","));
        return new VarDecl(pos, kind, [.. list]);
    }

    private Stmt ParseFor()
    {
        var pos = _tok.Start;
        Advance();
        if (_tok.IsWord("await"))
        {
            throw new UnsupportedSyntaxException("'for await'", _tok.Start);
        }

        Expect("(");
        Stmt? init = null;
        _noIn = true;
        if (_tok.Type == TokenType.Identifier && _tok.Value is "const" or "let" or "var")
        {
            var kind = _tok.Value;
            var save = (_tok, _prev, _lexer.Position);
            Advance();
            var target = ParseBindingTarget();
            if (_tok.IsWord("of") || _tok.IsWord("in"))
            {
                var isIn = _tok.Value == "in";
                Advance();
                _noIn = false;
                var iterable = isIn ? ParseSequence() : ParseAssignment();
                Expect(")");
                return new ForOfStmt(pos, kind, target, iterable, ParseStatement(), isIn);
            }

            (_tok, _prev, _lexer.Position) = save;
            init = ParseVarDecl();
        }
        else if (!_tok.Is(";"))
        {
            var initPos = _tok.Start;
            var expr = ParseSequence();
            if ((_tok.IsWord("of") || _tok.IsWord("in")) && expr is Ident id)
            {
                var isIn = _tok.Value == "in";
                Advance();
                _noIn = false;
                var iterable = ParseSequence();
                Expect(")");
                return new ForOfStmt(pos, null, new IdentPattern(id.Pos, id.Name), iterable, ParseStatement(), isIn);
            }

            init = new ExprStmt(initPos, expr);
        }

        _noIn = false;
        Expect(";");
        var test = _tok.Is(";") ? null : ParseSequence();
        Expect(";");
        var update = _tok.Is(")") ? null : ParseSequence();
        Expect(")");
        return new ForStmt(pos, init, test, update, ParseStatement());
    }

    private void ConsumeSemicolon()
    {
        if (Eat(";") || _tok.Is("}") || _tok.Type == TokenType.Eof || _tok.NewlineBefore)
        {
            return;
        }

        throw Unexpected();
    }
}
