using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.JmesPath;

/// <summary>JMESPath's view of our data model: truthiness, type names, equality and ordering.</summary>
internal static class JmesPathValues
{
    /// <summary>
    /// JMESPath false values: null, false, "", [] and {} (unlike JavaScript, 0 is true). Undefined, which only
    /// max_by/min_by produce (or undefined data), counts as true, as it does in the npm package.
    /// </summary>
    public static bool IsFalse(JsValue value) => value.Kind switch
    {
        JsKind.Null => true,
        JsKind.Boolean => !value.AsBoolean(),
        JsKind.String => value.AsString().Length == 0,
        JsKind.Array => value.AsArray().Count == 0,
        JsKind.Object => value.AsObject().Count == 0,
        _ => false,
    };

    /// <summary>The JMESPath type name used by <c>type()</c> and in type errors.</summary>
    public static string TypeName(JsValue value) => value.Kind switch
    {
        JsKind.Undefined => "undefined",
        JsKind.Null => "null",
        JsKind.Boolean => "boolean",
        JsKind.Number => "number",
        JsKind.String => "string",
        JsKind.Array => "array",
        JsKind.Host when value.Reference is JmesExpref => "expref",
        _ => "object",
    };

    /// <summary>Deep equality for <c>==</c>: JSON structure, object key order ignored, numbers by value.</summary>
    public static bool DeepEquals(JsValue a, JsValue b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        switch (a.Kind)
        {
            case JsKind.Array:
                var x = a.AsArray();
                var y = b.AsArray();
                if (ReferenceEquals(x, y))
                {
                    return true;
                }

                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!DeepEquals(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsKind.Object:
                var p = a.AsObject();
                var q = b.AsObject();
                if (ReferenceEquals(p, q))
                {
                    return true;
                }

                if (p.Count != q.Count)
                {
                    return false;
                }

                foreach (var (key, value) in p)
                {
                    if (!q.TryGetValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return JsonEquality.StrictEquals(a, b);
        }
    }

    /// <summary>
    /// <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> as n8n's JMESPath library evaluates them: JavaScript's relational
    /// comparison (strings compare as strings, anything else as numbers), not the specification's null for non-numbers.
    /// </summary>
    public static bool Compare(JmesTokenKind op, JsValue a, JsValue b) => op switch
    {
        JmesTokenKind.LessThan => Ops.LessThan(a, b) == true,
        JmesTokenKind.GreaterThan => Ops.LessThan(b, a) == true,
        JmesTokenKind.LessOrEqual => Ops.LessThan(b, a) == false,
        JmesTokenKind.GreaterOrEqual => Ops.LessThan(a, b) == false,
        JmesTokenKind.Equal => DeepEquals(a, b),
        JmesTokenKind.NotEqual => !DeepEquals(a, b),
        _ => throw new InvalidOperationException("Not a comparator: " + op),
    };

    /// <summary>A copy of a literal, so callers that change the result in place cannot change the cached expression.</summary>
    public static JsValue Fresh(JsValue value) => value.Kind is JsKind.Array or JsKind.Object ? JsonCodec.DeepClone(value) : value;
}

/// <summary>An expression reference (<c>&amp;expr</c>): a value that functions such as <c>sort_by</c> evaluate per element.</summary>
internal sealed class JmesExpref(JmesNode node)
{
    public JmesNode Node { get; } = node;

    public override string ToString() => "&expression";
}
