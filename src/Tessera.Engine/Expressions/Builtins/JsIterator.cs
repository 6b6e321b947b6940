using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>
/// A JavaScript iterator object (<c>[].entries()</c>, <c>map.keys()</c>, <c>str[Symbol.iterator]()</c>): <c>next()</c>
/// returns <c>{ value, done }</c>; spreading, <c>for…of</c> and <c>Array.from</c> consume what is left. Array iterators
/// read the array live, as JavaScript's do (elements pushed before the end are still visited).
/// </summary>
internal sealed class JsIterator : IJsHostObject, IJsIterable, IJsonConvertible
{
    private readonly Func<int, (bool Done, JsValue Value)> _at;
    private readonly string _tag;
    private int _index;
    private bool _finished;

    private JsIterator(string tag, Func<int, (bool Done, JsValue Value)> at)
    {
        _tag = tag;
        _at = at;
    }

    /// <summary>What an array iterator yields.</summary>
    public enum ArrayKind
    {
        /// <summary>Indexes.</summary>
        Keys,
        /// <summary>Elements.</summary>
        Values,
        /// <summary><c>[index, element]</c> pairs.</summary>
        Entries,
    }

    public static JsValue ForArray(JsArray array, ArrayKind kind) => JsValue.FromHost(new JsIterator("Array Iterator", i =>
        i >= array.Count ? (true, JsValue.Undefined) : kind switch
        {
            ArrayKind.Keys => (false, JsValue.FromNumber(i)),
            ArrayKind.Values => (false, array[i]),
            _ => (false, JsValue.FromArray(new JsArray { JsValue.FromNumber(i), array[i] })),
        }));

    /// <summary>An iterator over a snapshot (Set and Map iterators, string code points).</summary>
    public static JsValue ForList(string tag, IReadOnlyList<JsValue> items) =>
        JsValue.FromHost(new JsIterator(tag, i => i >= items.Count ? (true, JsValue.Undefined) : (false, items[i])));

    /// <summary>The iterator <c>value[Symbol.iterator]()</c> returns, or null when the value is not iterable.</summary>
    public static JsValue? Of(JsValue value) => value.Kind switch
    {
        JsKind.Array => ForArray((JsArray)value.Reference!, ArrayKind.Values),
        JsKind.String => ForList("String Iterator", Iteration.ToList(value)),
        JsKind.Host when value.Reference is JsIterator => value,
        JsKind.Host when value.Reference is JsSet or JsMap => ForList(value.Reference is JsSet ? "Set Iterator" : "Map Iterator", Iteration.ToList(value)),
        _ => (JsValue?)null,
    };

    public JsValue GetMember(string name) => name switch
    {
        "next" => JsValue.FromHost(new NativeFunction(name, (_, _) => Next())),
        "toString" => JsValue.FromHost(new NativeFunction(name, (_, _) => JsValue.FromString(ToString()))),
        _ => JsValue.Undefined,
    };

    public IEnumerable<JsValue> Iterate()
    {
        while (Step(out var value))
        {
            yield return value;
        }
    }

    /// <summary>An iterator has no own enumerable properties, so JSON.stringify writes <c>{}</c>.</summary>
    public JsValue ToJsonValue() => JsValue.FromObject(new JsObject());

    public override string ToString() => $"[object {_tag}]";

    private JsValue Next()
    {
        var done = !Step(out var value);
        return JsValue.FromObject(new JsObject { ["value"] = value, ["done"] = JsValue.FromBoolean(done) });
    }

    private bool Step(out JsValue value)
    {
        if (!_finished)
        {
            var (done, v) = _at(_index);
            if (!done)
            {
                _index++;
                value = v;
                return true;
            }

            _finished = true; // An exhausted iterator stays exhausted even if the array grows later.
        }

        value = JsValue.Undefined;
        return false;
    }
}
