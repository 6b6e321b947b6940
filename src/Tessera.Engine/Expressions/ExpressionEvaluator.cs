using System.Collections.Concurrent;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Compilation;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions;

/// <summary>
/// n8n's expression language, compiled by our own parser into closures once per distinct template and evaluated per item.
/// Thread-safe: one instance serves every execution.
/// </summary>
public sealed class ExpressionEvaluator : IExpressionEvaluator
{
    [ThreadStatic]
    private static EvalState? t_spare;

    private readonly ConcurrentDictionary<string, CompiledTemplate> _cache = new(StringComparer.Ordinal);
    private readonly ExpressionEvaluatorOptions _options;

    // Nodes evaluate the same parameter string objects for every item (Set: one per assignment, in turn): a reference
    // check against the last few skips hashing the template. Slots are replaced whole, so races only cost a lookup.
    private readonly LastTemplate?[] _recent = new LastTemplate?[8];
    private int _nextRecent;

    /// <summary>Creates an evaluator with default options and no JavaScript fallback.</summary>
    public ExpressionEvaluator() : this(new ExpressionEvaluatorOptions())
    {
    }

    /// <summary>Creates an evaluator with <paramref name="options"/>.</summary>
    public ExpressionEvaluator(ExpressionEvaluatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxSteps <= 0 || options.MaxArrayLength <= 0 || options.MaxStringLength <= 0 || options.CacheSize <= 0)
        {
            throw new ArgumentException("Expression limits and cache size must be positive.", nameof(options));
        }

        _options = options;
    }

    /// <inheritdoc />
    public JsValue Evaluate(string template, ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        if (template.Length == 0 || template[0] != '=')
        {
            return JsValue.FromString(template);
        }

        var compiled = GetOrCompile(template);
        if (compiled.JsonPath is not null && compiled.TryReadJsonPath(context, out var direct))
        {
            // {{ $json.a.b }} with every step an own property: the compiled code would return the same value.
            return direct;
        }

        var previous = EvalState.Enter(context, _options, ref t_spare);
        try
        {
            return compiled.Evaluate();
        }
        finally
        {
            var state = EvalState.Exit(previous);
            if (previous is null)
            {
                t_spare = state;
            }
        }
    }

    /// <summary>Compiles <paramref name="template"/> without evaluating it (warm-up, validation). Syntax errors surface on evaluation.</summary>
    public void Precompile(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.Length > 0 && template[0] == '=')
        {
            GetOrCompile(template);
        }
    }

    private CompiledTemplate GetOrCompile(string template)
    {
        foreach (var recent in _recent)
        {
            if (recent is not null && ReferenceEquals(recent.Template, template))
            {
                return recent.Compiled;
            }
        }

        if (_cache.TryGetValue(template, out var compiled))
        {
            var slot = _nextRecent;
            _recent[slot] = new LastTemplate(template, compiled);
            _nextRecent = (slot + 1) % _recent.Length;
            return compiled;
        }

        compiled = CompiledTemplate.Compile(template, _options);
        if (_cache.Count >= _options.CacheSize)
        {
            // Simple bound: templates are few per workflow, so a full reset is rare and cheap to recover from.
            _cache.Clear();
        }

        return _cache.GetOrAdd(template, compiled);
    }

    private sealed record LastTemplate(string Template, CompiledTemplate Compiled);
}
