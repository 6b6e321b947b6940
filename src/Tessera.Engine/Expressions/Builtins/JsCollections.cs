using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>Key equality for Set and Map (SameValueZero).</summary>
internal sealed class SameValueZeroComparer : IEqualityComparer<JsValue>
{
    public static readonly SameValueZeroComparer Instance = new();

    public bool Equals(JsValue x, JsValue y) => Ops.SameValueZero(x, y);

    public int GetHashCode(JsValue obj) => obj.Kind == JsKind.Number && double.IsNaN(obj.AsNumber()) ? 0 : obj.GetHashCode();
}

/// <summary>JavaScript <c>Set</c> (insertion-ordered).</summary>
internal sealed class JsSet : IJsHostObject, IJsIterable
{
    private readonly List<JsValue> _order = [];
    private readonly HashSet<JsValue> _set = new(SameValueZeroComparer.Instance);

    public static readonly NativeFunction Constructor = new("Set", (_, _) => throw JsThrow.TypeError("Constructor Set requires 'new'"), (_, a) =>
    {
        var set = new JsSet();
        if (!Args.At(a, 0).IsNullish)
        {
            foreach (var v in Iteration.ToList(a[0]))
            {
                set.Add(v);
            }
        }

        return JsValue.FromHost(set);
    });

    public void Add(JsValue v)
    {
        if (_set.Add(v))
        {
            EvalState.CheckArrayLength(_order.Count + 1);
            _order.Add(v);
        }
    }

    public IEnumerable<JsValue> Iterate() => _order.ToArray();

    public JsValue GetMember(string name) => name switch
    {
        "size" => JsValue.FromNumber(_order.Count),
        "add" => Fn(name, (t, a) =>
        {
            Add(Args.At(a, 0));
            return JsValue.FromHost(this);
        }),
        "has" => Fn(name, (_, a) => JsValue.FromBoolean(_set.Contains(Args.At(a, 0)))),
        "delete" => Fn(name, (_, a) =>
        {
            var key = Args.At(a, 0);
            var removed = _set.Remove(key);
            if (removed)
            {
                _order.RemoveAll(x => Ops.SameValueZero(x, key));
            }

            return JsValue.FromBoolean(removed);
        }),
        "clear" => Fn(name, (_, _) =>
        {
            _set.Clear();
            _order.Clear();
            return JsValue.Undefined;
        }),
        "values" or "keys" => Fn(name, (_, _) => JsIterator.ForList("Set Iterator", _order.ToArray())),
        "entries" => Fn(name, (_, _) => JsIterator.ForList("Set Iterator", [.. _order.Select(v => JsValue.FromArray(new JsArray { v, v }))])),
        "forEach" => Fn(name, (_, a) =>
        {
            var fn = Args.Callable(a, 0, "forEach");
            foreach (var v in _order.ToArray())
            {
                Callbacks.Invoke(fn, v, v, JsValue.FromHost(this));
            }

            return JsValue.Undefined;
        }),
        _ => JsValue.Undefined,
    };

    private static JsValue Fn(string name, NativeMethod m) => JsValue.FromHost(new NativeFunction(name, m));

    public override string ToString() => "[object Set]";
}

/// <summary>JavaScript <c>Map</c> (insertion-ordered).</summary>
internal sealed class JsMap : IJsHostObject, IJsIterable
{
    private readonly List<JsValue> _keys = [];
    private readonly Dictionary<JsValue, JsValue> _map = new(SameValueZeroComparer.Instance);

    public static readonly NativeFunction Constructor = new("Map", (_, _) => throw JsThrow.TypeError("Constructor Map requires 'new'"), (_, a) =>
    {
        var map = new JsMap();
        if (!Args.At(a, 0).IsNullish)
        {
            foreach (var entry in Iteration.ToList(a[0]))
            {
                var pair = Iteration.ToList(entry);
                map.Set(pair.Count > 0 ? pair[0] : JsValue.Undefined, pair.Count > 1 ? pair[1] : JsValue.Undefined);
            }
        }

        return JsValue.FromHost(map);
    });

    public void Set(JsValue key, JsValue value)
    {
        if (!_map.ContainsKey(key))
        {
            EvalState.CheckArrayLength(_keys.Count + 1);
            _keys.Add(key);
        }

        _map[key] = value;
    }

    public IEnumerable<JsValue> Iterate() => _keys.Select(k => JsValue.FromArray(new JsArray { k, _map[k] })).ToArray();

    public JsValue GetMember(string name) => name switch
    {
        "size" => JsValue.FromNumber(_keys.Count),
        "get" => Fn(name, (_, a) => _map.TryGetValue(Args.At(a, 0), out var v) ? v : JsValue.Undefined),
        "set" => Fn(name, (_, a) =>
        {
            Set(Args.At(a, 0), Args.At(a, 1));
            return JsValue.FromHost(this);
        }),
        "has" => Fn(name, (_, a) => JsValue.FromBoolean(_map.ContainsKey(Args.At(a, 0)))),
        "delete" => Fn(name, (_, a) =>
        {
            var key = Args.At(a, 0);
            var removed = _map.Remove(key);
            if (removed)
            {
                _keys.RemoveAll(x => Ops.SameValueZero(x, key));
            }

            return JsValue.FromBoolean(removed);
        }),
        "clear" => Fn(name, (_, _) =>
        {
            _map.Clear();
            _keys.Clear();
            return JsValue.Undefined;
        }),
        "keys" => Fn(name, (_, _) => JsIterator.ForList("Map Iterator", _keys.ToArray())),
        "values" => Fn(name, (_, _) => JsIterator.ForList("Map Iterator", [.. _keys.Select(k => _map[k])])),
        "entries" => Fn(name, (_, _) => JsIterator.ForList("Map Iterator", [.. Iterate()])),
        "forEach" => Fn(name, (_, a) =>
        {
            var fn = Args.Callable(a, 0, "forEach");
            foreach (var k in _keys.ToArray())
            {
                Callbacks.Invoke(fn, _map[k], k, JsValue.FromHost(this));
            }

            return JsValue.Undefined;
        }),
        _ => JsValue.Undefined,
    };

    private static JsValue Fn(string name, NativeMethod m) => JsValue.FromHost(new NativeFunction(name, m));

    public override string ToString() => "[object Map]";
}
