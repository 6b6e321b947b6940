using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.JmesPath;

/// <summary>
/// A node of a parsed JMESPath expression. The tree is built once per expression string and evaluated many times, so
/// nodes are immutable and evaluation keeps no state between calls.
/// </summary>
internal abstract class JmesNode(int position)
{
    /// <summary>Where the node starts in the expression (0-based), for error messages.</summary>
    public int Position { get; } = position;

    /// <summary>Evaluates the node against <paramref name="current"/> (the JMESPath current node <c>@</c>).</summary>
    public abstract JsValue Evaluate(JsValue current, JmesScope scope);
}

/// <summary>What evaluation needs besides the current value: the expression text for error messages.</summary>
internal sealed record JmesScope(string Expression);

internal sealed class CurrentNode(int position) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope) => current;
}

internal sealed class LiteralNode(int position, JsValue value) : JmesNode(position)
{
    public JsValue Value { get; } = value;

    public override JsValue Evaluate(JsValue current, JmesScope scope) => JmesPathValues.Fresh(Value);
}

internal sealed class FieldNode(int position, string name) : JmesNode(position)
{
    public string Name { get; } = name;

    public override JsValue Evaluate(JsValue current, JmesScope scope) =>
        current.IsObject && current.AsObject().TryGetValue(Name, out var value) && !value.IsUndefined ? value : JsValue.Null;
}

/// <summary>
/// <c>left.right</c>, and <c>left[index]</c>: the right side is evaluated against the left's result, even when that is
/// null (so <c>missing.abs(@)</c> is a type error, as in the npm package).
/// </summary>
internal sealed class SubexpressionNode(int position, JmesNode left, JmesNode right) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope) => right.Evaluate(left.Evaluate(current, scope), scope);
}

internal sealed class IndexNode(int position, int index) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        if (!current.IsArray)
        {
            return JsValue.Null;
        }

        var array = current.AsArray();
        var i = index < 0 ? array.Count + index : index;
        return i >= 0 && i < array.Count ? array[i] : JsValue.Null;
    }
}

internal sealed class SliceNode(int position, int? start, int? stop, int? step) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        if (!current.IsArray)
        {
            return JsValue.Null;
        }

        var array = current.AsArray();
        var by = step ?? 1;
        if (by == 0)
        {
            throw JmesPathErrors.Runtime(scope.Expression, Position, "a slice step cannot be 0", "Use a positive step, or a negative one to go backwards, e.g. [::-1].");
        }

        var count = array.Count;
        var from = start is { } s ? Clamp(s, count, by) : by < 0 ? count - 1 : 0;
        var to = stop is { } e ? Clamp(e, count, by) : by < 0 ? -1 : count;
        var result = new JsArray();
        for (var i = from; by > 0 ? i < to : i > to; i += by)
        {
            result.Add(array[i]);
        }

        return JsValue.FromArray(result);
    }

    // Python slice rules: negative positions count from the end; out-of-range positions stop at the nearest edge.
    private static int Clamp(int position, int count, int step)
    {
        if (position < 0)
        {
            position += count;
            return position < 0 ? (step < 0 ? -1 : 0) : position;
        }

        return position >= count ? (step < 0 ? count - 1 : count) : position;
    }
}

/// <summary><c>left[*].right</c> (and slices, <c>[]</c>): right is applied to each element; null results are dropped.</summary>
internal sealed class ListProjectionNode(int position, JmesNode left, JmesNode right) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        var value = left.Evaluate(current, scope);
        return value.IsArray ? Project(value.AsArray(), right, scope) : JsValue.Null;
    }

    internal static JsValue Project(IEnumerable<JsValue> elements, JmesNode right, JmesScope scope)
    {
        var result = new JsArray();
        foreach (var element in elements)
        {
            var projected = right.Evaluate(element, scope);
            if (!projected.IsNull)
            {
                result.Add(projected);
            }
        }

        return JsValue.FromArray(result);
    }
}

/// <summary><c>left.*.right</c>: right is applied to each value of an object.</summary>
internal sealed class ObjectProjectionNode(int position, JmesNode left, JmesNode right) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        var value = left.Evaluate(current, scope);
        if (!value.IsObject)
        {
            return JsValue.Null;
        }

        var values = value.AsObject().Select(p => p.Value).ToList();
        return ListProjectionNode.Project(values, right, scope);
    }
}

/// <summary><c>left[?condition].right</c>.</summary>
internal sealed class FilterProjectionNode(int position, JmesNode left, JmesNode condition, JmesNode right) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        var value = left.Evaluate(current, scope);
        if (!value.IsArray)
        {
            return JsValue.Null;
        }

        var kept = value.AsArray().Where(e => !JmesPathValues.IsFalse(condition.Evaluate(e, scope))).ToList();
        return ListProjectionNode.Project(kept, right, scope);
    }
}

/// <summary><c>left[]</c>'s first step: one level of nested arrays merged into one array.</summary>
internal sealed class FlattenNode(int position, JmesNode child) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        var value = child.Evaluate(current, scope);
        if (!value.IsArray)
        {
            return JsValue.Null;
        }

        var result = new JsArray();
        foreach (var element in value.AsArray())
        {
            if (element.IsArray)
            {
                result.AddRange(element.AsArray());
            }
            else
            {
                result.Add(element);
            }
        }

        return JsValue.FromArray(result);
    }
}

internal sealed class PipeNode(int position, JmesNode left, JmesNode right) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope) => right.Evaluate(left.Evaluate(current, scope), scope);
}

internal sealed class OrNode(int position, JmesNode left, JmesNode right) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        var value = left.Evaluate(current, scope);
        return JmesPathValues.IsFalse(value) ? right.Evaluate(current, scope) : value;
    }
}

internal sealed class AndNode(int position, JmesNode left, JmesNode right) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        var value = left.Evaluate(current, scope);
        return JmesPathValues.IsFalse(value) ? value : right.Evaluate(current, scope);
    }
}

internal sealed class NotNode(int position, JmesNode child) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope) => JsValue.FromBoolean(JmesPathValues.IsFalse(child.Evaluate(current, scope)));
}

internal sealed class ComparatorNode(int position, JmesTokenKind op, JmesNode left, JmesNode right) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope) =>
        JsValue.FromBoolean(JmesPathValues.Compare(op, left.Evaluate(current, scope), right.Evaluate(current, scope)));
}

internal sealed class MultiSelectListNode(int position, IReadOnlyList<JmesNode> items) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        if (current.IsNull)
        {
            return JsValue.Null;
        }

        var result = new JsArray(items.Count);
        foreach (var item in items)
        {
            result.Add(item.Evaluate(current, scope));
        }

        return JsValue.FromArray(result);
    }
}

internal sealed class MultiSelectHashNode(int position, IReadOnlyList<KeyValuePair<string, JmesNode>> entries) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        if (current.IsNull)
        {
            return JsValue.Null;
        }

        var result = new JsObject(entries.Count);
        foreach (var (key, node) in entries)
        {
            result.Set(key, node.Evaluate(current, scope));
        }

        return JsValue.FromObject(result);
    }
}

internal sealed class ExprefNode(int position, JmesNode child) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope) => JsValue.FromHost(new JmesExpref(child));
}

internal sealed class FunctionCallNode(int position, string name, JmesFunction? function, IReadOnlyList<JmesNode> arguments) : JmesNode(position)
{
    public override JsValue Evaluate(JsValue current, JmesScope scope)
    {
        if (function is null)
        {
            throw JmesPathErrors.Runtime(
                scope.Expression, Position, $"unknown function {name}()",
                "The JMESPath functions are: " + string.Join(", ", JmesPathFunctions.Names.Order(StringComparer.Ordinal)) + ".");
        }

        var values = new JsValue[arguments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = arguments[i].Evaluate(current, scope);
        }

        return function.Invoke(values, new JmesCall(scope, Position));
    }
}
