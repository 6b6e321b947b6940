using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Storage.Durable;

/// <summary>Item JSON as the journal stores it (the same shapes the engine writes).</summary>
internal static class JournalItems
{
    /// <summary>A list of items as an n8n item JSON array.</summary>
    public static string Items(IReadOnlyList<Item> items)
    {
        var array = new JsArray(items.Count);
        foreach (var item in items)
        {
            array.Add(item.ToJson());
        }

        return JsonCodec.Serialize(array);
    }

    /// <summary>Outputs (one list per output) as an array of item arrays.</summary>
    public static string Outputs(params IReadOnlyList<Item>[] outputs)
    {
        var array = new JsArray(outputs.Length);
        foreach (var output in outputs)
        {
            array.Add(JsonCodec.Parse(Items(output)));
        }

        return JsonCodec.Serialize(array);
    }

    /// <summary>Reads an item JSON array (null or empty text gives null).</summary>
    public static IReadOnlyList<Item>? ParseItems(string? json) =>
        string.IsNullOrEmpty(json) ? null : [.. JsonCodec.Parse(json).AsArray().Select(Item.FromJson)];
}
