using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Flow.Merge;

/// <summary>Merge v1's modes: append, keepKeyMatches, removeKeyMatches, mergeByIndex, mergeByKey, multiplex, passThrough, wait.</summary>
internal static class MergeLegacyModes
{
    public static NodeOutput Run(NodeExecutionContext context, IReadOnlyList<Item> input1, IReadOnlyList<Item> input2)
    {
        var mode = context.GetString("mode", 0, "append");
        switch (mode)
        {
            case "append":
                return NodeOutput.Single([.. FlowItems.RoutedAll(input1), .. FlowItems.RoutedAll(input2, 1)]);
            case "passThrough":
                var output = context.GetString("output", 0, "input1");
                return NodeOutput.Single(output == "input2" ? FlowItems.RoutedAll(input2, 1) : FlowItems.RoutedAll(input1));
            case "wait":
                return NodeOutput.Single([Item.Empty()]);
            case "multiplex":
                var product = new List<Item>();
                for (var i = 0; i < input1.Count; i++)
                {
                    for (var j = 0; j < input2.Count; j++)
                    {
                        product.Add(Assign(input1[i], i, input2[j], j));
                    }
                }

                return NodeOutput.Single(product);
            case "mergeByIndex":
                return NodeOutput.Single(ByIndex(context.GetString("join", 0, "left"), input1, input2));
            case "keepKeyMatches" or "removeKeyMatches":
                return NodeOutput.Single(KeyFilter(context, input1, input2, keep: mode == "keepKeyMatches"));
            case "mergeByKey":
                return NodeOutput.Single(ByKey(context, input1, input2));
            default:
                throw new NodeOperationException($"The merge mode '{mode}' is not known", description: "Pick one of the modes Merge v1 offers.");
        }
    }

    private static Item Assign(Item a, int ia, Item? b, int ib)
    {
        var json = a.Json.DeepClone();
        if (b is not null)
        {
            foreach (var (key, value) in b.Json)
            {
                json[key] = JsonCodec.DeepClone(value);
            }
        }

        return new Item(json)
        {
            Binary = a.Binary,
            Paired = b is null ? [new PairedItem(ia)] : [new PairedItem(ia), new PairedItem(ib, 1)],
        };
    }

    private static List<Item> ByIndex(string join, IReadOnlyList<Item> input1, IReadOnlyList<Item> input2)
    {
        var count = join switch
        {
            "inner" => Math.Min(input1.Count, input2.Count),
            "outer" => Math.Max(input1.Count, input2.Count),
            _ => input1.Count,
        };
        var result = new List<Item>(count);
        for (var i = 0; i < count; i++)
        {
            var a = i < input1.Count ? input1[i] : null;
            var b = i < input2.Count ? input2[i] : null;
            result.Add(a is null ? FlowItems.Routed(b!, i, 1) : Assign(a, i, b, i));
        }

        return result;
    }

    private static string? KeyOf(JsObject json, string path) =>
        json.GetPath(path) is { IsUndefined: false } v ? (v.Kind is JsKind.Object or JsKind.Array ? JsonCodec.Serialize(v) : JsConvert.ToString(v)) : null;

    private static List<Item> KeyFilter(NodeExecutionContext context, IReadOnlyList<Item> input1, IReadOnlyList<Item> input2, bool keep)
    {
        var p1 = context.GetString("propertyName1");
        var p2 = context.GetString("propertyName2");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in input2)
        {
            if (KeyOf(item.Json, p2) is { } k)
            {
                keys.Add(k);
            }
        }

        var result = new List<Item>();
        for (var i = 0; i < input1.Count; i++)
        {
            var key = KeyOf(input1[i].Json, p1);
            if ((key is not null && keys.Contains(key)) == keep)
            {
                result.Add(FlowItems.Routed(input1[i], i));
            }
        }

        return result;
    }

    private static List<Item> ByKey(NodeExecutionContext context, IReadOnlyList<Item> input1, IReadOnlyList<Item> input2)
    {
        var p1 = context.GetString("propertyName1");
        var p2 = context.GetString("propertyName2");
        var overwrite = context.GetString("overwrite", 0, "always");
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < input2.Count; j++)
        {
            if (KeyOf(input2[j].Json, p2) is { } k)
            {
                byKey.TryAdd(k, j);
            }
        }

        var result = new List<Item>(input1.Count);
        for (var i = 0; i < input1.Count; i++)
        {
            var key = KeyOf(input1[i].Json, p1);
            if (key is null || !byKey.TryGetValue(key, out var j))
            {
                result.Add(FlowItems.Routed(input1[i], i));
                continue;
            }

            var json = input1[i].Json.DeepClone();
            foreach (var (name, value) in input2[j].Json)
            {
                var existing = json[name];
                var write = overwrite switch
                {
                    "undefined" => existing.IsUndefined,
                    "blank" => existing.IsNullish || (existing.IsString && existing.AsString().Length == 0),
                    _ => true,
                };
                if (write)
                {
                    json[name] = JsonCodec.DeepClone(value);
                }
            }

            result.Add(new Item(json) { Binary = input1[i].Binary, Paired = [new PairedItem(i), new PairedItem(j, 1)] });
        }

        return result;
    }
}
