using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Builtins;
using Tessera.Engine.Expressions.Parsing;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Compilation;

/// <summary>A template compiled once: literal text and compiled expressions, evaluated per item without re-parsing.</summary>
internal sealed class CompiledTemplate
{
    private readonly string?[] _texts;
    private readonly Code?[] _codes;
    private readonly Code? _single;

    private CompiledTemplate(string?[] texts, Code?[] codes, string[]? jsonPath = null)
    {
        _texts = texts;
        _codes = codes;
        if (codes.Length == 1 && codes[0] is not null)
        {
            _single = codes[0];
            JsonPath = jsonPath;
        }
    }

    /// <summary>
    /// The property names when the template is exactly one plain read of the item, <c>{{ $json.a.b }}</c> or
    /// <c>{{ $json["a b"] }}</c>; null otherwise. <see cref="TryReadJsonPath"/> reads such a template directly.
    /// </summary>
    public string[]? JsonPath { get; }

    public static CompiledTemplate Compile(string template, ExpressionEvaluatorOptions options)
    {
        var segments = TemplateParser.Split(template, 1);
        var texts = new string?[segments.Count];
        var codes = new Code?[segments.Count];
        Expr? ast = null;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (!segment.IsExpression)
            {
                texts[i] = segment.Text;
                continue;
            }

            codes[i] = CompileExpression(segment.Text, options, out ast);
        }

        if (segments.Count == 0)
        {
            return new CompiledTemplate([""], [null]);
        }

        return new CompiledTemplate(texts, codes, ast is null ? null : JsonPathOf(ast));
    }

    /// <summary>
    /// Reads a <see cref="JsonPath"/> template for the context's current item when every step is an own property of an
    /// object — exactly the case where the compiled member reads return that property. Anything else (no item, a missing
    /// property, which may be a prototype method, a string or array on the way) returns false: evaluate normally.
    /// </summary>
    public bool TryReadJsonPath(ExpressionContext context, out JsValue value)
    {
        value = default;
        var path = JsonPath;
        if (path is null || context.CurrentItem is not { } item)
        {
            return false;
        }

        var current = item.Json;
        for (var i = 0; ; i++)
        {
            if (!current.TryGetValue(path[i], out value))
            {
                return false;
            }

            if (i == path.Length - 1)
            {
                return true;
            }

            if (value.Kind != JsKind.Object)
            {
                return false;
            }

            current = value.AsObject();
        }
    }

    // $json followed only by non-optional reads of fixed names ($json.a, $json["a b"].c), none of them blocked.
    private static string[]? JsonPathOf(Expr ast)
    {
        var names = new List<string>();
        var node = ast;
        while (true)
        {
            switch (node)
            {
                case MemberExpr { Optional: false } member when !Security.IsBlocked(member.Name):
                    names.Add(member.Name);
                    node = member.Object;
                    continue;
                case IndexExpr { Optional: false, Index: StringLit key } index when !Security.IsBlocked(key.Value):
                    names.Add(key.Value);
                    node = index.Object;
                    continue;
                case Ident { Name: "$json" } when names.Count > 0:
                    names.Reverse();
                    return [.. names];
                default:
                    return null;
            }
        }
    }

    private static Code CompileExpression(string source, ExpressionEvaluatorOptions options, out Expr? ast)
    {
        ast = null;
        try
        {
            var parsed = Parser.ParseExpression(source);
            var code = Compiler.Compile(parsed, source);
            ast = parsed;
            return code;
        }
        catch (UnsupportedSyntaxException e)
        {
            var fallback = options.Fallback;
            var what = e.What;
            var position = e.Position;
            return _ => fallback is not null
                ? fallback.Evaluate(source, EvalState.Current.Context)
                : throw new ExpressionException(
                    $"This expression needs the JavaScript runner (Node.js): {what} is not supported by the built-in evaluator", source, position)
                {
                    Description = "Simplify the expression (arrow functions, ?. and ?? are supported), or move the logic into a Code node.",
                };
        }
        catch (ExpressionException e)
        {
            // Cache the failure; throw a fresh exception per evaluation because the engine annotates it.
            var message = e.Message;
            var position = e.Position;
            var description = e.Description;
            return _ => throw new ExpressionException(message, source, position) { Description = description };
        }
    }

    public JsValue Evaluate()
    {
        if (_single is not null)
        {
            return Run(_single);
        }

        var sb = new StringBuilder();
        for (var i = 0; i < _texts.Length; i++)
        {
            if (_texts[i] is { } text)
            {
                sb.Append(text);
            }
            else
            {
                AppendValue(sb, Run(_codes[i]!));
            }
        }

        return JsValue.FromString(sb.ToString());
    }

    private static JsValue Run(Code code)
    {
        try
        {
            return code(Env.Empty);
        }
        catch (Exception e) when (e is JsThrow or Dates.JsHostException)
        {
            // n8n: a JavaScript error inside an expression makes its value undefined rather than failing the node.
            return JsValue.Undefined;
        }
    }

    /// <summary>n8n's join rules: null, undefined, NaN and '' print empty; objects [object Object]; arrays a,b.</summary>
    private static void AppendValue(StringBuilder sb, JsValue value)
    {
        switch (value.Kind)
        {
            case JsKind.Undefined or JsKind.Null:
                return;
            case JsKind.Number when double.IsNaN(value.AsNumber()):
                return;
            case JsKind.String:
                sb.Append(value.AsString());
                return;
            case JsKind.Array:
                sb.Append(ArrayPrototype.Join(value.AsArray(), ","));
                return;
            default:
                sb.Append(Ops.Str(Ops.ToPrimitive(value, preferString: true)));
                return;
        }
    }
}
