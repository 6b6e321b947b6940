using Tessera.Engine.Data;

namespace Tessera.Engine.Items;

/// <summary>Links an output item to the input item it came from (n8n's <c>pairedItem</c>).</summary>
/// <param name="Item">The index of the input item.</param>
/// <param name="Input">The input index of the node (0 for nodes with one input).</param>
public readonly record struct PairedItem(int Item, int Input = 0);

/// <summary>
/// The unit of data between nodes: a JSON object plus optional binary attachments and item linking.
/// </summary>
public sealed class Item
{
    /// <summary>Creates an item around <paramref name="json"/>.</summary>
    public Item(JsObject json) => Json = json ?? throw new ArgumentNullException(nameof(json));

    /// <summary>Creates an item around <paramref name="json"/> paired with input item <paramref name="pairedItem"/>.</summary>
    public Item(JsObject json, int pairedItem) : this(json) => Paired = PairedItems.Single(pairedItem);

    /// <summary>The item's JSON data.</summary>
    public JsObject Json { get; set; }

    /// <summary>Binary attachments by property name (usually <c>data</c>).</summary>
    public Dictionary<string, BinaryData>? Binary { get; set; }

    /// <summary>The input items this item was made from; null when unknown.</summary>
    public PairedItem[]? Paired { get; set; }

    /// <summary>An error attached to the item (error output, continue-on-fail).</summary>
    public NodeError? Error { get; set; }

    /// <summary>A new item with a copy of this item's data, paired with the same items.</summary>
    public Item DeepClone() => new(Json.DeepClone())
    {
        Binary = Binary is null ? null : new Dictionary<string, BinaryData>(Binary),
        Paired = Paired,
        Error = Error,
    };

    /// <summary>Creates an item with an empty JSON object.</summary>
    public static Item Empty() => new(new JsObject());

    /// <summary>n8n's item JSON: <c>{ json, binary?, pairedItem? }</c>.</summary>
    public JsObject ToJson()
    {
        var obj = new JsObject(3) { ["json"] = Json };
        if (Binary is { Count: > 0 })
        {
            var binary = new JsObject(Binary.Count);
            foreach (var (key, data) in Binary)
            {
                binary[key] = data.ToJson();
            }

            obj["binary"] = binary;
        }

        if (Paired is { Length: > 0 })
        {
            obj["pairedItem"] = Paired.Length == 1
                ? PairedToJson(Paired[0])
                : new JsArray(Paired.Select(PairedToJson));
        }

        return obj;
    }

    /// <summary>Reads n8n's item JSON; a bare object (no <c>json</c> key) is taken as the item's JSON.</summary>
    public static Item FromJson(JsValue value)
    {
        if (value.TryGetObject() is not { } obj)
        {
            return new Item(new JsObject { ["data"] = value });
        }

        if (!obj["json"].IsObject)
        {
            return new Item(obj);
        }

        var item = new Item(obj["json"].AsObject());
        if (obj["binary"].TryGetObject() is { Count: > 0 } binary)
        {
            item.Binary = [];
            foreach (var (key, data) in binary)
            {
                if (data.TryGetObject() is { } d)
                {
                    item.Binary[key] = BinaryData.FromJson(d);
                }
            }
        }

        item.Paired = ReadPaired(obj["pairedItem"]);
        return item;
    }

    private static JsValue PairedToJson(PairedItem p) =>
        p.Input == 0 ? new JsObject { ["item"] = p.Item } : new JsObject { ["item"] = p.Item, ["input"] = p.Input };

    private static PairedItem[]? ReadPaired(JsValue value) => value.Kind switch
    {
        JsKind.Number => [new PairedItem((int)value.AsNumber())],
        JsKind.Object => [ReadOne(value.AsObject())],
        JsKind.Array => [.. value.AsArray().Where(v => v.IsObject || v.IsNumber).Select(v => v.IsNumber ? new PairedItem((int)v.AsNumber()) : ReadOne(v.AsObject()))],
        _ => null,
    };

    private static PairedItem ReadOne(JsObject obj) =>
        new(obj["item"].IsNumber ? (int)obj["item"].AsNumber() : 0, obj["input"].IsNumber ? (int)obj["input"].AsNumber() : 0);
}
