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

    private static PairedItem[][] s_single = new PairedItem[1024][];

    /// <summary>The pairing array <c>[{ item: index }]</c>; shared for indices below <see cref="Limit"/>.</summary>
    public static PairedItem[] Single(int index)
    {
        var cache = s_single;
        if ((uint)index < (uint)cache.Length && cache[index] is { } cached)
        {
            return cached;
        }

        return (uint)index < Limit ? Add(index) : [new PairedItem(index)];
    }

    // Races are harmless: two threads may each build the array for an index or grow the table; either copy is equal.
    private static PairedItem[] Add(int index)
    {
        var cache = s_single;
        if (index >= cache.Length)
        {
            var grown = new PairedItem[Math.Min(Limit, Math.Max(cache.Length * 2, index + 1))][];
            Array.Copy(cache, grown, cache.Length);
            s_single = cache = grown;
        }

        return cache[index] ??= [new PairedItem(index)];
    }
}
