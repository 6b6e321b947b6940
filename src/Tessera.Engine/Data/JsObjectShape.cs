namespace Tessera.Engine.Data;

/// <summary>
/// A fixed list of keys that objects can be built on in one step: a node that writes the same fields item after item
/// works out once where each value goes, then creates each object from a filled value array (one allocation, no key
/// lookups, no growth). The objects share the key array copy-on-write, exactly like <see cref="JsObjectLayouts"/>.
/// </summary>
/// <remarks>
/// Only key lists an object could hold in that order are accepted (unique keys, no array-index keys, which JavaScript
/// would move to the front), so an object created here is indistinguishable from one built by adding the keys one by one.
/// </remarks>
internal sealed class JsObjectShape
{
    private readonly string[] _keys;
    private readonly Dictionary<string, int>? _index;

    private JsObjectShape(string[] keys, Dictionary<string, int>? index)
    {
        _keys = keys;
        _index = index;
    }

    /// <summary>The number of keys.</summary>
    public int Count => _keys.Length;

    /// <summary>A shape over <paramref name="keys"/> (copied), or null when they repeat or one is an array index.</summary>
    public static JsObjectShape? TryCreate(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var copy = new string[keys.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < copy.Length; i++)
        {
            var key = keys[i];
            if (key is null || !seen.Add(key) || JsObject.IsArrayIndex(key))
            {
                return null;
            }

            copy[i] = key;
        }

        return new JsObjectShape(copy, JsObject.SharedIndexFor(copy));
    }

    /// <summary>True when <paramref name="value"/> has exactly these keys, in this order.</summary>
    public bool Matches(JsObject value)
    {
        var keys = value.KeySpan;
        if (keys.Length != _keys.Length)
        {
            return false;
        }

        if (ReferenceEquals(value.RawKeys, _keys))
        {
            return true;
        }

        for (var i = 0; i < keys.Length; i++)
        {
            if (!ReferenceEquals(keys[i], _keys[i]) && !string.Equals(keys[i], _keys[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An object with these keys and <paramref name="values"/> (one per key, in key order); the object owns the array
    /// from now on, so the caller must not keep or reuse it.
    /// </summary>
    public JsObject Create(JsValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != _keys.Length)
        {
            throw new ArgumentException($"Expected {_keys.Length} values, got {values.Length}.", nameof(values));
        }

        return JsObject.OverSharedKeys(_keys, _index, values);
    }
}
