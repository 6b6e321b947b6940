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

    private CompiledTemplate(string?[] texts, Code?[] codes)
    {
        _texts = texts;
        _codes = codes;
        if (codes.Length == 1 && codes[0] is not null)
        {
            _single = codes[0];
        }
    }

    public static CompiledTemplate Compile(string template, ExpressionEvaluatorOptions options)
    {
        var segments = TemplateParser.Split(template, 1);
        var texts = new string?[segments.Count];
        var codes = new Code?[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (!segment.IsExpression)
            {
                texts[i] = segment.Text;
                continue;
            }

            codes[i] = CompileExpression(segment.Text, options);
        }

        if (segments.Count == 0)
        {
            return new CompiledTemplate([""], [null]);
        }

        return new CompiledTemplate(texts, codes);
    }

    private static Code CompileExpression(string source, ExpressionEvaluatorOptions options)
    {
        try
        {
            var ast = Parser.ParseExpression(source);
            return Compiler.Compile(ast, source);
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
