using System.Collections;

namespace Tessera.Engine.Data;

/// <summary>A mutable JavaScript/JSON array of <see cref="JsValue"/>.</summary>
public sealed class JsArray : IList<JsValue>, IReadOnlyList<JsValue>
{
    private readonly List<JsValue> _items;

    /// <summary>Creates an empty array.</summary>
    public JsArray() => _items = [];

    /// <summary>Creates an empty array with room for <paramref name="capacity"/> elements.</summary>
    public JsArray(int capacity) => _items = new List<JsValue>(capacity);

    /// <summary>Creates an array holding <paramref name="items"/>.</summary>
    public JsArray(IEnumerable<JsValue> items) => _items = [.. items];

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public JsValue this[int index]
    {
        get => _items[index];
        set => _items[index] = value;
    }

    /// <summary>The element at <paramref name="index"/>, or undefined when out of range (JavaScript indexing).</summary>
    public JsValue ElementAtOrUndefined(int index) => (uint)index < (uint)_items.Count ? _items[index] : JsValue.Undefined;

    /// <summary>The underlying list, for in-place algorithms (sort, reverse, splice).</summary>
    public List<JsValue> Items => _items;

    /// <inheritdoc />
    public void Add(JsValue item) => _items.Add(item);

    /// <summary>Adds several elements.</summary>
    public void AddRange(IEnumerable<JsValue> items) => _items.AddRange(items);

    /// <inheritdoc />
    public void Clear() => _items.Clear();

    /// <inheritdoc />
    public bool Contains(JsValue item) => _items.Contains(item);

    /// <inheritdoc />
    public void CopyTo(JsValue[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    /// <inheritdoc />
    public int IndexOf(JsValue item) => _items.IndexOf(item);

    /// <inheritdoc />
    public void Insert(int index, JsValue item) => _items.Insert(index, item);

    /// <inheritdoc />
    public bool Remove(JsValue item) => _items.Remove(item);

    /// <inheritdoc />
    public void RemoveAt(int index) => _items.RemoveAt(index);

    /// <summary>A deep copy: nested objects and arrays are copied, host values are shared.</summary>
    public JsArray DeepClone()
    {
        var copy = new JsArray(_items.Count);
        foreach (var item in _items)
        {
            copy.Add(JsonCodec.DeepClone(item));
        }

        return copy;
    }

    /// <inheritdoc />
    public List<JsValue>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<JsValue> IEnumerable<JsValue>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>Compact JSON.</summary>
    public override string ToString() => JsonCodec.Serialize(this);
}
