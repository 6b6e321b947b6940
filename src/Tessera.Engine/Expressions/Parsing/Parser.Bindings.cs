namespace Tessera.Engine.Expressions.Parsing;

/// <summary>Arrow functions and binding patterns (parameters, declarations, destructuring).</summary>
internal sealed partial class Parser
{
    private bool IsArrowAhead()
    {
        if (_tok.Type == TokenType.Identifier)
        {
            var saveTok = _tok;
            var savePrev = _prev;
            var savePos = _lexer.Position;
            Advance();
            var arrow = _tok.Is("=>");
            _tok = saveTok;
            _prev = savePrev;
            _lexer.Position = savePos;
            return arrow;
        }

        if (!_tok.Is("("))
        {
            return false;
        }

        var t = _tok;
        var p = _prev;
        var position = _lexer.Position;
        try
        {
            var depth = 0;
            while (true)
            {
                if (_tok.Type == TokenType.Eof)
                {
                    return false;
                }

                if (_tok.Is("(") || _tok.Is("[") || _tok.Is("{"))
                {
                    depth++;
                }
                else if (_tok.Is(")") || _tok.Is("]") || _tok.Is("}"))
                {
                    depth--;
                    if (depth == 0)
                    {
                        Advance();
                        return _tok.Is("=>") && !_tok.NewlineBefore;
                    }
                }

                if (_tok.Type == TokenType.Template && !_tok.TemplateTail)
                {
                    return false; // Template substitutions inside parameter defaults: not worth the complexity.
                }

                Advance();
            }
        }
        catch (ExpressionException)
        {
            return false;
        }
        finally
        {
            _tok = t;
            _prev = p;
            _lexer.Position = position;
        }
    }

    private ArrowFunc ParseArrow()
    {
        var pos = _tok.Start;
        Pattern[] parameters;
        if (_tok.Type == TokenType.Identifier)
        {
            parameters = [new IdentPattern(_tok.Start, CheckBindingName(_tok.Value))];
            Advance();
        }
        else
        {
            Expect("(");
            var list = new List<Pattern>();
            while (!_tok.Is(")"))
            {
                if (_tok.Is("..."))
                {
                    var restPos = _tok.Start;
                    Advance();
                    list.Add(new RestPattern(restPos, ParseBindingTarget()));
                    break;
                }

                list.Add(ParseBindingElement());
                if (!_tok.Is(")"))
                {
                    Expect(",");
                }
            }

            Expect(")");
            parameters = [.. list];
        }

        Expect("=>");
        if (_tok.Is("{"))
        {
            var saveNoIn = _noIn;
            _noIn = false;
            var body = ParseBlock();
            _noIn = saveNoIn;
            return new ArrowFunc(pos, parameters, null, body.Body);
        }

        return new ArrowFunc(pos, parameters, ParseAssignment(), null);
    }

    private string CheckBindingName(string name)
    {
        if (name is "this" or "true" or "false" or "null" or "new" or "typeof" or "return" or "if" or "for" or "while")
        {
            throw _lexer.Error($"Unexpected token '{name}'", _tok.Start);
        }

        return name;
    }

    private Pattern ParseBindingElement()
    {
        var pos = _tok.Start;
        var target = ParseBindingTarget();
        return Eat("=") ? new DefaultPattern(pos, target, ParseAssignment()) : target;
    }

    private Pattern ParseBindingTarget()
    {
        var pos = _tok.Start;
        if (_tok.Type == TokenType.Identifier)
        {
            var name = CheckBindingName(_tok.Value);
            Advance();
            return new IdentPattern(pos, name);
        }

        if (Eat("["))
        {
            var elements = new List<Pattern?>();
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
                    var restPos = _tok.Start;
                    Advance();
                    elements.Add(new RestPattern(restPos, ParseBindingTarget()));
                    break;
                }

                elements.Add(ParseBindingElement());
                if (!_tok.Is("]"))
                {
                    Expect(",");
                }
            }

            Expect("]");
            return new ArrayPattern(pos, [.. elements]);
        }

        if (Eat("{"))
        {
            var props = new List<PatternProperty>();
            while (!_tok.Is("}"))
            {
                if (Eat("..."))
                {
                    props.Add(new PatternProperty(null, null, ParseBindingTarget(), true));
                    break;
                }

                var keyPos = _tok.Start;
                Expr? computed = null;
                string? key = null;
                if (Eat("["))
                {
                    computed = ParseAssignment();
                    Expect("]");
                }
                else
                {
                    key = ParsePropertyName();
                }

                Pattern value;
                if (Eat(":"))
                {
                    value = ParseBindingElement();
                }
                else
                {
                    if (key is null)
                    {
                        throw Unexpected();
                    }

                    value = new IdentPattern(keyPos, CheckBindingName(key));
                    if (Eat("="))
                    {
                        value = new DefaultPattern(keyPos, value, ParseAssignment());
                    }
                }

                props.Add(new PatternProperty(key, computed, value, false));
                if (!_tok.Is("}"))
                {
                    Expect(",");
                }
            }

            Expect("}");
            return new ObjectPattern(pos, [.. props]);
        }

        throw Unexpected();
    }

    private string ParsePropertyName()
    {
        var t = _tok;
        switch (t.Type)
        {
            case TokenType.Identifier:
            case TokenType.String:
                Advance();
                return t.Value;
            case TokenType.Number:
                Advance();
                return Data.JsNumber.ToString(t.Number);
            default:
                throw Unexpected();
        }
    }
}
