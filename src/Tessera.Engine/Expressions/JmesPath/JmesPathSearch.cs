using System.Collections.Concurrent;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Variables;

namespace Tessera.Engine.Expressions.JmesPath;

/// <summary>
/// Our JMESPath implementation behind <c>$jmespath(data, expression)</c>: each expression string is parsed once and its
/// tree cached; results match the jmespath npm package (0.16) that n8n uses.
/// </summary>
public sealed class JmesPathSearch : IJmesPath
{
    private const int CacheLimit = 1024;

    private readonly ConcurrentDictionary<string, JmesNode> _cache = new(StringComparer.Ordinal);

    /// <summary>The shared instance.</summary>
    public static JmesPathSearch Instance { get; } = new();

    /// <inheritdoc />
    public JsValue Search(JsValue data, string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Compile(expression).Evaluate(data, new JmesScope(expression));
    }

    private JmesNode Compile(string expression)
    {
        if (_cache.TryGetValue(expression, out var cached))
        {
            return cached;
        }

        var node = JmesPathParser.Parse(expression);
        if (_cache.Count >= CacheLimit)
        {
            // Workflows use a handful of distinct queries; starting over is simpler than LRU and bounds memory.
            _cache.Clear();
        }

        _cache[expression] = node;
        return node;
    }
}
