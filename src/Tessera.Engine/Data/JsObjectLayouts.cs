namespace Tessera.Engine.Data;

/// <summary>
/// Lets objects built the same way share one key array (their "layout"): a node that emits thousands of items with the same
/// field names passes each output object to <see cref="Share"/>, and objects whose keys equal a recent layout drop their own
/// key array for the shared one. Sharing is copy-on-write (see <see cref="JsObject"/>), so it changes no behaviour; it saves
/// one array per object, which matters because a run keeps every output item alive until it ends.
/// </summary>
/// <remarks>Not thread-safe: one instance per node run (or per plan used by a single thread).</remarks>
public sealed class JsObjectLayouts
{
    // Items of one run usually have one or a few layouts; a small ring keeps the lookup a few comparisons and bounds
    // memory for inputs whose keys never repeat.
    private const int Capacity = 4;

    // Nested objects (e.g. the object a dotted field name creates) are shared too, down to this depth.
    private const int MaxDepth = 3;

    private readonly Layout[] _layouts = new Layout[Capacity];
    private int _used;
    private int _next;

    /// <summary>Makes <paramref name="value"/> (when an object, and its nested objects) share key arrays with earlier objects of the same keys.</summary>
    public void Share(JsObject value) => Share(value, 0);

    /// <summary>
    /// A deep copy of <paramref name="source"/> with room for <paramref name="extraCapacity"/> more properties, like
    /// <see cref="JsObject.DeepClone(int)"/>; when a recent layout starts with the source's keys (the output of the
    /// previous item that was extended the same way), the copy uses that layout's key array, so adding the same keys in
    /// the same order allocates no key array at all.
    /// </summary>
    public JsObject CloneToExtend(JsObject source, int extraCapacity)
    {
        ArgumentNullException.ThrowIfNull(source);
        var keys = source.KeySpan;
        if (source.Index is null)
        {
            for (var i = 0; i < _used; i++)
            {
                var layout = _layouts[i];
                if (layout.Count > keys.Length && layout.Index is null && Equal(layout.Keys.AsSpan(0, keys.Length), keys))
                {
                    return source.DeepCloneOnto(layout.Keys, extraCapacity);
                }
            }
        }

        return source.DeepClone(extraCapacity);
    }

    private void Share(JsObject value, int depth)
    {
        var keys = value.KeySpan;
        if (keys.Length == 0)
        {
            return;
        }

        Adopt(value, keys);
        if (depth >= MaxDepth)
        {
            return;
        }

        for (var i = 0; i < keys.Length; i++)
        {
            if (value.ValueAt(i).TryGetObject() is { } nested)
            {
                Share(nested, depth + 1);
            }
        }
    }

    private void Adopt(JsObject value, ReadOnlySpan<string> keys)
    {
        for (var i = 0; i < _used; i++)
        {
            var layout = _layouts[i];
            if (layout.Count != keys.Length)
            {
                continue;
            }

            if (layout.Keys == value.RawKeys || Equal(layout.Keys.AsSpan(0, layout.Count), keys))
            {
                value.AdoptKeys(layout.Keys, layout.Index);
                return;
            }
        }

        // A new layout: the object's own key array (and index) become the shared ones; from now on it copies them before
        // changing its keys, like every other object using them.
        var shared = value.ShareKeys();
        _layouts[_next] = new Layout(shared, keys.Length, value.Index);
        _next = (_next + 1) % Capacity;
        _used = Math.Min(_used + 1, Capacity);
    }

    private static bool Equal(ReadOnlySpan<string> a, ReadOnlySpan<string> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (!ReferenceEquals(a[i], b[i]) && !string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Layout(string[] Keys, int Count, Dictionary<string, int>? Index);
}
