using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Tessera.Engine.Data;

/// <summary>
/// A mutable JavaScript/JSON object: string keys in insertion order, each mapped to a <see cref="JsValue"/>.
/// Small objects (the common case for items) use linear search over two arrays; larger ones add a hash index.
/// </summary>
/// <remarks>
/// Objects built the same way (e.g. one node's output items) can share one key array and index through
/// <see cref="JsObjectLayouts"/>: the shared array is never written; the first change of keys (add, remove, clear) gives
/// the object its own copy, so sharing is invisible to callers.
/// </remarks>
public sealed class JsObject : IEnumerable<KeyValuePair<string, JsValue>>
{
    // Items rarely have more than a dozen fields; below this, a linear scan beats hashing and saves a dictionary per item.
    private const int IndexThreshold = 16;
    private string[] _keys;
    private JsValue[] _values;
    private int _count;
    private Dictionary<string, int>? _index;

    // True while _keys (and _index) are shared with other objects and must be copied before a key is added or removed.
    // Shared arrays may be longer than _values; owned ones are always the same length.
    private bool _sharedKeys;

    /// <summary>Creates an empty object.</summary>
    public JsObject() : this(4)
    {
    }

    /// <summary>Creates an empty object with room for <paramref name="capacity"/> properties.</summary>
    public JsObject(int capacity)
    {
        capacity = Math.Max(capacity, 1);
        _keys = new string[capacity];
        _values = new JsValue[capacity];
    }

    // An object over a shared key array (filled by the caller).
    private JsObject(string[] sharedKeys, JsValue[] values, Dictionary<string, int>? sharedIndex)
    {
        _keys = sharedKeys;
        _values = values;
        _index = sharedIndex;
        _sharedKeys = true;
    }

    /// <summary>The number of properties.</summary>
    public int Count => _count;

    /// <summary>The keys, in insertion order.</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                yield return _keys[i];
            }
        }
    }

    /// <summary>Gets a property (undefined when absent) or sets one (adding it at the end when new).</summary>
    public JsValue this[string key]
    {
        get => TryGetValue(key, out var value) ? value : JsValue.Undefined;
        set => Set(key, value);
    }

    /// <summary>The key at a position.</summary>
    public string KeyAt(int index) => (uint)index < (uint)_count ? _keys[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The value at a position.</summary>
    public JsValue ValueAt(int index) => (uint)index < (uint)_count ? _values[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>True when the object has the key.</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Reads a property.</summary>
    public bool TryGetValue(string key, out JsValue value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = default;
            return false;
        }

        value = _values[i];
        return true;
    }

    /// <summary>Sets a property, keeping its position when it exists.</summary>
    public void Set(string key, JsValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var i = IndexOf(key);
        if (i >= 0)
        {
            _values[i] = value;
            return;
        }

        if (_sharedKeys && TryAppendShared(key, value))
        {
            return;
        }

        OwnKeys();
        if (_count == _keys.Length)
        {
            var size = _keys.Length * 2;
            Array.Resize(ref _keys, size);
            Array.Resize(ref _values, size);
        }

        // JavaScript orders array-index keys ("0", "1", …) first, ascending, then the rest in insertion order.
        var at = ArrayIndex(key) is { } number ? IndexKeyPosition(number) : _count;
        if (at < _count)
        {
            Array.Copy(_keys, at, _keys, at + 1, _count - at);
            Array.Copy(_values, at, _values, at + 1, _count - at);
        }

        _keys[at] = key;
        _values[at] = value;
        _count++;
        if (_index is not null)
        {
            if (at == _count - 1)
            {
                _index.Add(key, at);
            }
            else
            {
                BuildIndex();
            }
        }
        if (_index is null && _count > IndexThreshold)
        {
            BuildIndex();
        }
    }

    /// <summary>Removes a property; returns whether it existed.</summary>
    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        OwnKeys();
        _count--;
        Array.Copy(_keys, i + 1, _keys, i, _count - i);
        Array.Copy(_values, i + 1, _values, i, _count - i);
        _keys[_count] = null!;
        _values[_count] = default;
        if (_index is not null)
        {
            BuildIndex();
        }

        return true;
    }

    /// <summary>Removes every property.</summary>
    public void Clear()
    {
        if (_sharedKeys)
        {
            _keys = new string[_values.Length];
            _sharedKeys = false;
        }

        Array.Clear(_keys, 0, _count);
        Array.Clear(_values, 0, _count);
        _count = 0;
        _index = null;
    }

    /// <summary>A deep copy: nested objects and arrays are copied, host values are shared.</summary>
    public JsObject DeepClone() => DeepClone(0);

    /// <summary>A deep copy with room for <paramref name="extraCapacity"/> more properties (callers about to add fields).</summary>
    public JsObject DeepClone(int extraCapacity)
    {
        // Keys are already unique and in JavaScript order, so the copy takes them as they are; a shared key array stays
        // shared when the caller does not plan to add keys.
        extraCapacity = Math.Max(extraCapacity, 0);
        JsObject copy;
        if (_sharedKeys && extraCapacity == 0)
        {
            copy = new JsObject(_keys, new JsValue[Math.Max(_count, 1)], _index);
        }
        else
        {
            copy = new JsObject(_count + extraCapacity);
            Array.Copy(_keys, copy._keys, _count);
            if (_index is not null)
            {
                copy._index = new Dictionary<string, int>(_index, StringComparer.Ordinal);
            }
        }

        for (var i = 0; i < _count; i++)
        {
            copy._values[i] = JsonCodec.DeepClone(_values[i]);
        }

        copy._count = _count;
        return copy;
    }

    /// <summary>Reads a nested value by a dotted path (<c>a.b.c</c>); undefined when any step is missing.</summary>
    /// <remarks>Called for every parameter read of every item, so it walks the path without splitting it.</remarks>
    public JsValue GetPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.IndexOf('.', StringComparison.Ordinal) < 0)
        {
            return this[path];
        }

        JsValue current = this;
        var start = 0;
        while (start <= path.Length)
        {
            var dot = path.IndexOf('.', start);
            var end = dot < 0 ? path.Length : dot;
            var part = path.AsSpan(start, end - start);
            current = current.Kind switch
            {
                JsKind.Object => current.AsObject().GetSpan(part),
                JsKind.Array when int.TryParse(part, out var index) => current.AsArray().ElementAtOrUndefined(index),
                _ => JsValue.Undefined,
            };
            if (current.IsUndefined || dot < 0)
            {
                break;
            }

            start = dot + 1;
        }

        return current;
    }

    private JsValue GetSpan(ReadOnlySpan<char> key)
    {
        if (_index is not null)
        {
            return _index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var i) ? _values[i] : JsValue.Undefined;
        }

        for (var i = 0; i < _count; i++)
        {
            if (key.SequenceEqual(_keys[i]))
            {
                return _values[i];
            }
        }

        return JsValue.Undefined;
    }

    /// <summary>Parses JSON text into an object; throws <see cref="JsonFormatException"/> when it is not an object.</summary>
    public static JsObject Parse(string json)
    {
        var value = JsonCodec.Parse(json);
        return value.TryGetObject() ?? throw new JsonFormatException("Expected a JSON object.", 1, 1);
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JsValue>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds a property (collection-initialiser support).</summary>
    public void Add(string key, JsValue value) => Set(key, value);

    /// <summary>Compact JSON.</summary>
    public override string ToString() => JsonCodec.Serialize(this);

    // The keys in order (the array may be longer than Count); for JsObjectLayouts.
    internal ReadOnlySpan<string> KeySpan => _keys.AsSpan(0, _count);

    internal Dictionary<string, int>? Index => _index;

    internal string[] RawKeys => _keys;

    // An object over keys a JsObjectShape validated (unique, no array-index keys) and its values, one per key.
    internal static JsObject OverSharedKeys(string[] keys, Dictionary<string, int>? index, JsValue[] values)
    {
        if (values.Length == 0)
        {
            return new JsObject();
        }

        return new JsObject(keys, values, index) { _count = values.Length };
    }

    // The index objects over these keys share, when they are many enough to need one (as Set would have built it).
    internal static Dictionary<string, int>? SharedIndexFor(string[] keys)
    {
        if (keys.Length <= IndexThreshold)
        {
            return null;
        }

        var index = new Dictionary<string, int>(keys.Length * 2, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            index[keys[i]] = i;
        }

        return index;
    }

    internal static bool IsArrayIndex(string key) => ArrayIndex(key) is not null;

    // Makes this object use a shared key array holding exactly its keys (JsObjectLayouts checked they are equal).
    internal void AdoptKeys(string[] keys, Dictionary<string, int>? index)
    {
        _keys = keys;
        _index = index;
        _sharedKeys = true;
    }

    // A shared key array may hold more keys than this object uses (a layout another object extended the same way): when
    // the next one is the key being added, the object takes it without copying. The shared array is never written.
    private bool TryAppendShared(string key, JsValue value)
    {
        if (_index is not null || _count >= IndexThreshold || _count >= _keys.Length
            || !string.Equals(_keys[_count], key, StringComparison.Ordinal) || ArrayIndex(key) is not null)
        {
            return false;
        }

        if (_count == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[_count] = value;
        _count++;
        return true;
    }

    // A deep copy that uses a shared key array starting with this object's keys (JsObjectLayouts checked the prefix), with
    // room for extraCapacity more values: adding the array's next keys then copies nothing.
    internal JsObject DeepCloneOnto(string[] sharedKeys, int extraCapacity)
    {
        var copy = new JsObject(sharedKeys, new JsValue[Math.Max(_count + Math.Max(extraCapacity, 0), 1)], null);
        for (var i = 0; i < _count; i++)
        {
            copy._values[i] = JsonCodec.DeepClone(_values[i]);
        }

        copy._count = _count;
        return copy;
    }

    // Marks the key array (and index) shared and returns it (the array may be longer than Count).
    internal string[] ShareKeys()
    {
        _sharedKeys = true;
        return _keys;
    }

    // Copy-on-write: the first change of keys after sharing takes a private copy of the key array and index.
    private void OwnKeys()
    {
        if (!_sharedKeys)
        {
            return;
        }

        var keys = new string[_values.Length];
        Array.Copy(_keys, keys, _count);
        _keys = keys;
        _index = _index is null ? null : new Dictionary<string, int>(_index, StringComparer.Ordinal);
        _sharedKeys = false;
    }

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var i) ? i : -1;
        }

        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    // Where a new array-index key goes: after the index keys that are smaller (they all sit at the front).
    private int IndexKeyPosition(uint number)
    {
        var i = 0;
        while (i < _count && ArrayIndex(_keys[i]) is { } existing && existing < number)
        {
            i++;
        }

        return i;
    }

    // The key's value when it is a canonical array index (0 … 2^32 − 2, no leading zeros), else null.
    private static uint? ArrayIndex(string key)
    {
        if (key.Length is 0 or > 10 || !char.IsAsciiDigit(key[0]) || (key[0] == '0' && key.Length > 1))
        {
            return null;
        }

        ulong value = 0;
        foreach (var c in key)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }

            value = (value * 10) + (uint)(c - '0');
        }

        return value < uint.MaxValue ? (uint)value : null;
    }

    [MemberNotNull(nameof(_index))]
    private void BuildIndex()
    {
        _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
        {
            _index[_keys[i]] = i;
        }
    }
}
