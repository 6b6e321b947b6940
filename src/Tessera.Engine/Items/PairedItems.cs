namespace Tessera.Engine.Items;

/// <summary>
/// Shared one-element <see cref="Item.Paired"/> arrays for "made from input item i of input 0", the pairing almost every
/// node writes for every item. A 100,000-item run otherwise allocates (and keeps alive in its run data) one 32-byte array
/// per item per node; the shared ones are allocated once per process.
/// </summary>
/// <remarks>
/// Callers never change a pairing array in place (nodes build new ones), which is what makes sharing safe. The cache
/// covers the first <see cref="Limit"/> indices (at most ~10 MB); later indices get a fresh array.
/// </remarks>
internal static class PairedItems
{
    /// <summary>How many indices are cached.</summary>
    internal const int Limit = 1 << 18;

    // Two levels of small arrays rather than one table of Limit entries: a table grown by doubling would allocate up to
    // 2 MB of large-object-heap arrays on the way, and large-object allocations are what trigger full collections.
    private const int ChunkBits = 12;
    private const int ChunkMask = (1 << ChunkBits) - 1;
    private static readonly PairedItem[]?[]?[] s_chunks = new PairedItem[]?[]?[Limit >> ChunkBits];

    /// <summary>The pairing array <c>[{ item: index }]</c>; shared for indices below <see cref="Limit"/>.</summary>
    public static PairedItem[] Single(int index)
    {
        if ((uint)index >= Limit)
        {
            return [new PairedItem(index)];
        }

        return s_chunks[index >> ChunkBits]?[index & ChunkMask] ?? Add(index);
    }

    // Races are harmless: two threads may each build the array for an index or a chunk; either copy is equal.
    private static PairedItem[] Add(int index)
    {
        var chunk = s_chunks[index >> ChunkBits] ??= new PairedItem[1 << ChunkBits][];
        return chunk[index & ChunkMask] ??= [new PairedItem(index)];
    }
}
