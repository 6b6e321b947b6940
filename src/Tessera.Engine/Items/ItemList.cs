using System.Collections;

namespace Tessera.Engine.Items;

/// <summary>
/// An append-only list of items stored in chunks of at most 8,192 references (64 KB), for node outputs that may be large.
/// </summary>
/// <remarks>
/// A <see cref="List{T}"/> of 100,000 items is one 800 KB array on the large object heap, and allocations there are what
/// start full (gen 2) collections — every few such lists, a blocking collection of the whole heap, which for a large run
/// holds every item of every node. Chunks stay below the 85,000-byte threshold, so building outputs this way never
/// triggers one. The first chunk grows like a list's array, so a one-item output stays small; later ones are allocated whole.
/// </remarks>
public sealed class ItemList : IReadOnlyList<Item>
{
    private const int ChunkBits = 13;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private readonly int _capacity;
    private Item[]?[] _chunks;
    private int _count;

    /// <summary>Creates an empty list.</summary>
    public ItemList() : this(0)
    {
    }

    /// <summary>Creates an empty list expecting about <paramref name="capacity"/> items.</summary>
    public ItemList(int capacity)
    {
        _capacity = Math.Max(capacity, 0);
        _chunks = new Item[]?[Math.Max(1, (_capacity + ChunkMask) >> ChunkBits)];
    }

    /// <summary>The number of items.</summary>
    public int Count => _count;

    /// <summary>The item at <paramref name="index"/>.</summary>
    public Item this[int index] =>
        (uint)index < (uint)_count ? _chunks[index >> ChunkBits]![index & ChunkMask] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Appends an item.</summary>
    public void Add(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var c = _count >> ChunkBits;
        var offset = _count & ChunkMask;
        if (c == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
        }

        var chunk = _chunks[c];
        if (chunk is null)
        {
            // Sized for what the capacity says remains (a chunk at most). Without a capacity only the first chunk
            // starts small; a list that filled one chunk is large, so the next ones are whole from the start.
            var remaining = _capacity - (c << ChunkBits);
            chunk = new Item[remaining > 0 ? Math.Clamp(remaining, 4, ChunkSize) : c == 0 ? 4 : ChunkSize];
            _chunks[c] = chunk;
        }
        else if (offset == chunk.Length)
        {
            Array.Resize(ref chunk, Math.Min(ChunkSize, chunk.Length * 2));
            _chunks[c] = chunk;
        }

        chunk[offset] = item;
        _count++;
    }

    /// <inheritdoc />
    public IEnumerator<Item> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _chunks[i >> ChunkBits]![i & ChunkMask];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
