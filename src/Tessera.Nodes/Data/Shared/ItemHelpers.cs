using Tessera.Engine.Items;

namespace Tessera.Nodes.Data.Shared;

/// <summary>Small helpers for building output items.</summary>
internal static class ItemHelpers
{
    /// <summary>Pairing with every index in <paramref name="indices"/>.</summary>
    public static PairedItem[] PairedWith(IEnumerable<int> indices) => [.. indices.Select(i => new PairedItem(i))];

    /// <summary>Pairing with input items 0..count-1.</summary>
    public static PairedItem[] PairedWithAll(int count) => PairedWith(Enumerable.Range(0, count));

    /// <summary>A copy of the binary attachments, or null.</summary>
    public static Dictionary<string, BinaryData>? CopyBinary(Item item) =>
        item.Binary is { Count: > 0 } b ? new Dictionary<string, BinaryData>(b) : null;
}
