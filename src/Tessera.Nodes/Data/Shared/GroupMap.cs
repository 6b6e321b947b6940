using System.Globalization;

namespace Tessera.Nodes.Data.Shared;

/// <summary>
/// Groups keyed by text, enumerated in JavaScript's object-key order: keys that are array indices ("0", "12") first in
/// ascending order, then the others in insertion order. n8n groups through plain objects, so its output follows that order.
/// </summary>
internal sealed class GroupMap<T>
{
    private readonly Dictionary<string, T> _byKey = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>The group for <paramref name="key"/>, created by <paramref name="create"/> when new.</summary>
    public T GetOrAdd(string key, Func<T> create)
    {
        if (!_byKey.TryGetValue(key, out var group))
        {
            group = create();
            _byKey[key] = group;
            _order.Add(key);
        }

        return group;
    }

    /// <summary>The number of groups.</summary>
    public int Count => _order.Count;

    /// <summary>The groups in JavaScript object-key order.</summary>
    public IEnumerable<KeyValuePair<string, T>> InJsOrder()
    {
        var indices = new List<(uint Index, string Key)>();
        var others = new List<string>();
        foreach (var key in _order)
        {
            if (IsArrayIndex(key, out var ix))
            {
                indices.Add((ix, key));
            }
            else
            {
                others.Add(key);
            }
        }

        indices.Sort((a, b) => a.Index.CompareTo(b.Index));
        foreach (var (_, key) in indices)
        {
            yield return new(key, _byKey[key]);
        }

        foreach (var key in others)
        {
            yield return new(key, _byKey[key]);
        }
    }

    /// <summary>The groups in the order they were first seen.</summary>
    public IEnumerable<KeyValuePair<string, T>> InInsertionOrder() => _order.Select(k => new KeyValuePair<string, T>(k, _byKey[k]));

    private static bool IsArrayIndex(string key, out uint index) =>
        uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out index)
        && index != uint.MaxValue
        && index.ToString(CultureInfo.InvariantCulture) == key;
}
