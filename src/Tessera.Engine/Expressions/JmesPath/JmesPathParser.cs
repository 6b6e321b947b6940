namespace Tessera.Engine.Expressions.JmesPath;

/// <summary>
/// A top-down operator-precedence (Pratt) parser for the JMESPath grammar (jmespath.org/specification). Binding powers
/// give the specification's precedence: pipe &lt; or &lt; and &lt; comparators &lt; flatten &lt; star &lt; filter &lt; dot
/// &lt; not &lt; { &lt; [ &lt; (.
/// </summary>
internal sealed class JmesPathParser
{
    private const int MaxDepth = 256;

    // Chains such as a.b.c… build left-nested trees that evaluate recursively; bound their length as well as nesting.
    private const int MaxTokens = 4000;
    private const int ProjectionStop = 10;

    private readonly string _expression;
    private readonly List<JmesToken> _tokens;
    private int _index;
    private int _depth;

    private JmesPathParser(string expression)
    {
        _expression = expression;
        _tokens = JmesPathLexer.Tokenize(expression);
        if (_tokens.Count > MaxTokens)
        {
            throw JmesPathErrors.Syntax(expression, _tokens[MaxTokens].Position, $"the expression has more than {MaxTokens} tokens");
        }
    }

    public static JmesNode Parse(string expression)
    {
        var parser = new JmesPathParser(expression);
        var root = parser.Expression(0);
        if (parser.Peek.Kind != JmesTokenKind.End)
        {
            throw parser.Unexpected(parser.Peek, "the end of the expression");
        }

        return root;
    }

    private JmesToken Peek => _tokens[_index];

    private JmesToken PeekAt(int offset) => _tokens[Math.Min(_index + offset, _tokens.Count - 1)];

    private JmesToken Advance() => _tokens[_index < _tokens.Count - 1 ? _index++ : _index];

    private static int BindingPower(JmesTokenKind kind) => kind switch
    {
        JmesTokenKind.Pipe => 1,
        JmesTokenKind.Or => 2,
        JmesTokenKind.And => 3,
        JmesTokenKind.Equal or JmesTokenKind.NotEqual or JmesTokenKind.LessThan or JmesTokenKind.LessOrEqual
            or JmesTokenKind.GreaterThan or JmesTokenKind.GreaterOrEqual => 5,
        JmesTokenKind.Flatten => 9,
        JmesTokenKind.Star => 20,
        JmesTokenKind.Filter => 21,
        JmesTokenKind.Dot => 40,
        JmesTokenKind.Not => 45,
        JmesTokenKind.LeftBrace => 50,
        JmesTokenKind.LeftBracket => 55,
        JmesTokenKind.LeftParen => 60,
        _ => 0,
    };

    private JmesNode Expression(int rightBindingPower)
    {
        if (++_depth > MaxDepth)
        {
            throw JmesPathErrors.Syntax(_expression, Peek.Position, $"the expression nests more than {MaxDepth} levels deep");
        }

        var left = Prefix(Advance());
        while (rightBindingPower < BindingPower(Peek.Kind))
        {
            left = Infix(Advance(), left);
        }

        _depth--;
        return left;
    }

    private JmesNode Prefix(JmesToken token)
    {
        var at = token.Position;
        switch (token.Kind)
        {
            case JmesTokenKind.Literal:
                return new LiteralNode(at, token.Value);
            case JmesTokenKind.UnquotedIdentifier:
                return new FieldNode(at, token.Value.AsString());
            case JmesTokenKind.QuotedIdentifier:
                if (Peek.Kind == JmesTokenKind.LeftParen)
                {
                    throw JmesPathErrors.Syntax(_expression, at, "a function name cannot be quoted");
                }

                return new FieldNode(at, token.Value.AsString());
            case JmesTokenKind.Current:
                return new CurrentNode(at);
            case JmesTokenKind.Star:
                return new ObjectProjectionNode(at, new CurrentNode(at), ProjectionRight(BindingPower(JmesTokenKind.Star)));
            case JmesTokenKind.Filter:
                return Filter(new CurrentNode(at), at);
            case JmesTokenKind.Flatten:
                return new ListProjectionNode(at, new FlattenNode(at, new CurrentNode(at)), ProjectionRight(BindingPower(JmesTokenKind.Flatten)));
            case JmesTokenKind.LeftBrace:
                return MultiSelectHash(at);
            case JmesTokenKind.LeftBracket:
                if (Peek.Kind is JmesTokenKind.Number or JmesTokenKind.Colon)
                {
                    return IndexOrSlice(new CurrentNode(at), at);
                }

                if (Peek.Kind == JmesTokenKind.Star && PeekAt(1).Kind == JmesTokenKind.RightBracket)
                {
                    Advance();
                    Advance();
                    return new ListProjectionNode(at, new CurrentNode(at), ProjectionRight(BindingPower(JmesTokenKind.Star)));
                }

                return MultiSelectList(at);
            case JmesTokenKind.Not:
                return new NotNode(at, Expression(BindingPower(JmesTokenKind.Not)));
            case JmesTokenKind.Expref:
                return new ExprefNode(at, Expression(0));
            case JmesTokenKind.LeftParen:
                // As in the npm package, the parentheses hold a list read like function arguments (without commas),
                // and the group's value is the first; so "(@ > `1`)" is an error there, and here too.
                var group = ArgumentList(allowCommas: false);
                return group.Count > 0 ? group[0] : throw JmesPathErrors.Syntax(_expression, at, "empty parentheses '()'");
            default:
                throw Unexpected(token, "an expression");
        }
    }

    private JmesNode Infix(JmesToken token, JmesNode left)
    {
        var at = token.Position;
        switch (token.Kind)
        {
            case JmesTokenKind.Dot:
                if (Peek.Kind == JmesTokenKind.Star)
                {
                    Advance();
                    return new ObjectProjectionNode(at, left, ProjectionRight(BindingPower(JmesTokenKind.Dot)));
                }

                return new SubexpressionNode(at, left, DotRight(BindingPower(JmesTokenKind.Dot)));
            case JmesTokenKind.Pipe:
                return new PipeNode(at, left, Expression(BindingPower(JmesTokenKind.Pipe)));
            case JmesTokenKind.Or:
                return new OrNode(at, left, Expression(BindingPower(JmesTokenKind.Or)));
            case JmesTokenKind.And:
                return new AndNode(at, left, Expression(BindingPower(JmesTokenKind.And)));
            case JmesTokenKind.LeftParen:
                return FunctionCall(left, at);
            case JmesTokenKind.Filter:
                return Filter(left, at);
            case JmesTokenKind.Flatten:
                return new ListProjectionNode(at, new FlattenNode(at, left), ProjectionRight(BindingPower(JmesTokenKind.Flatten)));
            case JmesTokenKind.LeftBracket:
                if (Peek.Kind is JmesTokenKind.Number or JmesTokenKind.Colon)
                {
                    return IndexOrSlice(left, at);
                }

                Expect(JmesTokenKind.Star, "'*', a number or ':' (an index, slice or [*] projection)");
                Expect(JmesTokenKind.RightBracket, "']'");
                return new ListProjectionNode(at, left, ProjectionRight(BindingPower(JmesTokenKind.Star)));
            case JmesTokenKind.Equal or JmesTokenKind.NotEqual or JmesTokenKind.LessThan or JmesTokenKind.LessOrEqual
                or JmesTokenKind.GreaterThan or JmesTokenKind.GreaterOrEqual:
                return new ComparatorNode(at, token.Kind, left, Expression(BindingPower(token.Kind)));
            default:
                throw Unexpected(token, "an operator");
        }
    }

    private JmesNode FunctionCall(JmesNode left, int at)
    {
        if (left is not FieldNode field)
        {
            throw JmesPathErrors.Syntax(_expression, at, "only a function name can be called with '(…)'");
        }

        // An unknown name fails when the call is evaluated, as in the npm package ("a || nope(@)" is a when a is true).
        JmesPathFunctions.TryGet(field.Name, out var function);
        return new FunctionCallNode(field.Position, field.Name, function, ArgumentList(allowCommas: true));
    }

    // Function arguments as the npm package reads them: '@' starts an argument on its own (so "length(@.a)" is a
    // syntax error there), a comma after an argument is optional and may trail. Consumes the closing ')'.
    private List<JmesNode> ArgumentList(bool allowCommas)
    {
        var arguments = new List<JmesNode>();
        while (Peek.Kind != JmesTokenKind.RightParen)
        {
            if (Peek.Kind == JmesTokenKind.Current)
            {
                arguments.Add(new CurrentNode(Advance().Position));
            }
            else
            {
                arguments.Add(Expression(0));
            }

            if (allowCommas && Peek.Kind == JmesTokenKind.Comma)
            {
                Advance();
            }
        }

        Advance();
        return arguments;
    }

    private JmesNode Filter(JmesNode left, int at)
    {
        var condition = Expression(0);
        Expect(JmesTokenKind.RightBracket, "']' to close the filter '[?'");
        return new FilterProjectionNode(at, left, condition, ProjectionRight(BindingPower(JmesTokenKind.Filter)));
    }

    private JmesNode IndexOrSlice(JmesNode left, int at)
    {
        var parts = new int?[3];
        var part = 0;
        while (Peek.Kind != JmesTokenKind.RightBracket)
        {
            var token = Advance();
            if (token.Kind == JmesTokenKind.Colon && part < 2)
            {
                part++;
            }
            else if (token.Kind == JmesTokenKind.Number && parts[part] is null)
            {
                parts[part] = (int)Math.Clamp(token.Value.AsNumber(), int.MinValue + 1, int.MaxValue);
            }
            else
            {
                throw Unexpected(token, "a number, ':' or ']' in an index or slice");
            }
        }

        Advance();
        if (part == 0)
        {
            return new SubexpressionNode(at, left, new IndexNode(at, parts[0]!.Value));
        }

        var slice = new SubexpressionNode(at, left, new SliceNode(at, parts[0], parts[1], parts[2]));
        return new ListProjectionNode(at, slice, ProjectionRight(BindingPower(JmesTokenKind.Star)));
    }

    // What follows a projection: nothing (a low-binding token ends it), '[…]', '[?…]' or '.…'.
    private JmesNode ProjectionRight(int bindingPower)
    {
        var next = Peek;
        if (BindingPower(next.Kind) < ProjectionStop)
        {
            return new CurrentNode(next.Position);
        }

        switch (next.Kind)
        {
            case JmesTokenKind.LeftBracket or JmesTokenKind.Filter:
                return Expression(bindingPower);
            case JmesTokenKind.Dot:
                Advance();
                return DotRight(bindingPower);
            default:
                throw Unexpected(next, "'.', '[' or the end of the projection");
        }
    }

    // After '.': an identifier (or function call), '*', a multi-select list '[…]' or hash '{…}'.
    private JmesNode DotRight(int bindingPower)
    {
        var next = Peek;
        switch (next.Kind)
        {
            case JmesTokenKind.UnquotedIdentifier or JmesTokenKind.QuotedIdentifier or JmesTokenKind.Star:
                return Expression(bindingPower);
            case JmesTokenKind.LeftBracket:
                Advance();
                return MultiSelectList(next.Position);
            case JmesTokenKind.LeftBrace:
                Advance();
                return MultiSelectHash(next.Position);
            default:
                throw Unexpected(next, "an identifier, '*', '[' or '{' after '.'");
        }
    }

    private JmesNode MultiSelectList(int at)
    {
        var items = new List<JmesNode>();
        while (true)
        {
            items.Add(Expression(0));
            var token = Advance();
            if (token.Kind == JmesTokenKind.RightBracket)
            {
                return new MultiSelectListNode(at, items);
            }

            if (token.Kind != JmesTokenKind.Comma)
            {
                throw Unexpected(token, "',' or ']' in a multi-select list");
            }
        }
    }

    private JmesNode MultiSelectHash(int at)
    {
        var entries = new List<KeyValuePair<string, JmesNode>>();
        while (true)
        {
            var key = Advance();
            if (key.Kind is not (JmesTokenKind.UnquotedIdentifier or JmesTokenKind.QuotedIdentifier))
            {
                throw Unexpected(key, "a key name in a multi-select hash {key: expression}");
            }

            Expect(JmesTokenKind.Colon, "':' after the key");
            entries.Add(new(key.Value.AsString(), Expression(0)));
            var token = Advance();
            if (token.Kind == JmesTokenKind.RightBrace)
            {
                return new MultiSelectHashNode(at, entries);
            }

            if (token.Kind != JmesTokenKind.Comma)
            {
                throw Unexpected(token, "',' or '}' in a multi-select hash");
            }
        }
    }

    private void Expect(JmesTokenKind kind, string what)
    {
        var token = Advance();
        if (token.Kind != kind)
        {
            throw Unexpected(token, what);
        }
    }

    private ExpressionException Unexpected(JmesToken token, string expected) =>
        JmesPathErrors.Syntax(_expression, token.Position, $"expected {expected} but found {token.Describe()}");
}
