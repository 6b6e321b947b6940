using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.SplitOut;

/// <summary>How to split one item (read per item, since parameters may hold expressions).</summary>
/// <param name="Fields">Fields whose lists become separate items (several fields split side by side).</param>
/// <param name="Include">noOtherFields, allOtherFields or selectedOtherFields.</param>
/// <param name="FieldsToInclude">For selectedOtherFields.</param>
/// <param name="Destinations">Output field names, by position of <paramref name="Fields"/>; empty keeps the field name.</param>
/// <param name="DotNotation">Whether <c>a.b</c> means a nested field.</param>
/// <param name="IncludeBinary">Copy the item's binary data to every new item.</param>
/// <param name="MissingKeepsItem">Item Lists ≤ 2: an item without the field passes through unchanged.</param>
internal sealed record SplitOutSettings(
    IReadOnlyList<string> Fields,
    string Include,
    IReadOnlyList<string> FieldsToInclude,
    IReadOnlyList<string> Destinations,
    bool DotNotation,
    bool IncludeBinary,
    bool MissingKeepsItem);

/// <summary>Turns a list (or an object's values) inside each item into separate items.</summary>
internal static class SplitOutOperation
{
    public static NodeOutput Execute(NodeExecutionContext context, Func<int, SplitOutSettings> settingsFor)
    {
        var items = context.InputItems;
        var output = new List<Item>();
        for (var i = 0; i < items.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var index = i;
            ItemErrors.Run(context, index, output, () =>
            {
                var settings = settingsFor(index);
                if (settings.Fields.Count == 0)
                {
                    throw new NodeOperationException("No field to split out was given", index, "Enter a field name in 'Fields To Split Out'.");
                }

                SplitItem(items[index], index, settings, output);
            });
        }

        return NodeOutput.Single(output);
    }

    private static void SplitItem(Item item, int index, SplitOutSettings s, List<Item> output)
    {
        var lists = new List<IReadOnlyList<JsValue>>(s.Fields.Count);
        var anyFound = false;
        foreach (var field in s.Fields)
        {
            var value = FieldPath.Get(item.Json, field, s.DotNotation);
            // Item Lists up to v2 treated null like a missing field.
            anyFound |= s.MissingKeepsItem ? !value.IsNullish : !value.IsUndefined;
            lists.Add(ToList(value));
        }

        if (!anyFound && s.MissingKeepsItem)
        {
            output.Add(new Item(item.Json.DeepClone()) { Binary = ItemHelpers.CopyBinary(item), Paired = [new PairedItem(index)] });
            return;
        }

        var count = lists.Max(l => l.Count);
        for (var k = 0; k < count; k++)
        {
            var json = BaseFor(item.Json, s);
            for (var f = 0; f < s.Fields.Count; f++)
            {
                if (k >= lists[f].Count)
                {
                    continue;
                }

                var element = JsonCodec.DeepClone(lists[f][k]);
                var destination = f < s.Destinations.Count && s.Destinations[f].Length > 0 ? s.Destinations[f] : null;
                if (destination is null && s.Fields.Count == 1 && s.Include == "noOtherFields" && element.TryGetObject() is { } spread)
                {
                    foreach (var (key, v) in spread)
                    {
                        json[key] = v;
                    }

                    continue;
                }

                destination ??= s.Fields[f];
                if (FieldPath.IsUnsafe(destination, s.DotNotation))
                {
                    destination = s.Fields[f];
                }

                if (!FieldPath.Set(json, destination, element, s.DotNotation))
                {
                    json[s.Fields[f]] = element;
                }
            }

            output.Add(new Item(json)
            {
                Binary = s.IncludeBinary ? ItemHelpers.CopyBinary(item) : null,
                Paired = [new PairedItem(index)],
            });
        }
    }

    private static JsObject BaseFor(JsObject source, SplitOutSettings s)
    {
        switch (s.Include)
        {
            case "allOtherFields":
                var all = source.DeepClone();
                foreach (var field in s.Fields)
                {
                    FieldPath.Unset(all, field, s.DotNotation);
                }

                return all;
            case "selectedOtherFields":
                var selected = new JsObject();
                foreach (var field in s.FieldsToInclude)
                {
                    var value = FieldPath.Get(source, field, s.DotNotation);
                    if (!value.IsUndefined)
                    {
                        FieldPath.Set(selected, field, JsonCodec.DeepClone(value), s.DotNotation);
                    }
                }

                return selected;
            default:
                return new JsObject();
        }
    }

    private static IReadOnlyList<JsValue> ToList(JsValue value) => value.Kind switch
    {
        JsKind.Undefined => [],
        JsKind.Array => value.AsArray(),
        JsKind.Object => [.. value.AsObject().Select(kv => kv.Value)],
        _ => [value],
    };
}
