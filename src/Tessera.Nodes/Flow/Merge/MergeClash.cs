using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Nodes.Flow.Merge;

/// <summary>How to resolve fields present in several inputs (n8n's <c>options.clashHandling.values</c>).</summary>
/// <param name="Resolve">preferInput1, preferInput2, preferLast or addSuffix.</param>
/// <param name="DeepMerge">Merge nested objects (lodash-style <c>merge</c>) rather than replacing them.</param>
/// <param name="OverrideEmpty">Let the other input fill fields the preferred input leaves empty.</param>
internal sealed record MergeClash(string Resolve, bool DeepMerge, bool OverrideEmpty)
{
    /// <summary>Reads <c>options.clashHandling.values</c>; later inputs win by default.</summary>
    public static MergeClash From(JsObject options)
    {
        var values = options["clashHandling"].TryGetObject()?["values"].TryGetObject() ?? new JsObject();
        return new MergeClash(
            values["resolveClash"].TryGetString() ?? "preferLast",
            values["mergeMode"].TryGetString() != "shallowMerge",
            values["overrideEmpty"] is { IsBoolean: true } o && o.AsBoolean());
    }

    /// <summary>True for the suffix strategy.</summary>
    public bool AddsSuffix => Resolve == "addSuffix";

    /// <summary>Combines one item per input (null where an input has none) into one item paired with its sources.</summary>
    public Item Combine(IReadOnlyList<(Item? Item, int Index)> entries)
    {
        var json = new JsObject();
        var paired = new List<PairedItem>();
        if (AddsSuffix)
        {
            for (var input = 0; input < entries.Count; input++)
            {
                if (entries[input].Item is not { } item)
                {
                    continue;
                }

                foreach (var (key, value) in item.Json)
                {
                    json[$"{key}_{input + 1}"] = JsonCodec.DeepClone(value);
                }
            }
        }
        else
        {
            var preferred = Resolve switch
            {
                "preferInput1" => 0,
                "preferInput2" => Math.Min(1, entries.Count - 1),
                _ => entries.Count - 1,
            };

            // The preferred input is applied last so its values win.
            for (var input = 0; input < entries.Count; input++)
            {
                if (input != preferred && entries[input].Item is { } item)
                {
                    Apply(json, item.Json, fill: false);
                }
            }

            if (entries[preferred].Item is { } winner)
            {
                Apply(json, winner.Json, fill: OverrideEmpty);
            }
        }

        for (var input = 0; input < entries.Count; input++)
        {
            if (entries[input].Item is not null)
            {
                paired.Add(new PairedItem(entries[input].Index, input));
            }
        }

        return new Item(json) { Paired = [.. paired], Binary = MergeBinary(entries) };
    }

    private void Apply(JsObject target, JsObject source, bool fill)
    {
        foreach (var (key, value) in source)
        {
            if (value.IsUndefined)
            {
                continue;
            }

            var existing = target[key];
            if (fill && IsEmpty(value) && !existing.IsUndefined && !IsEmpty(existing))
            {
                continue;
            }

            if (DeepMerge)
            {
                target[key] = DeepMergeValue(existing, value);
            }
            else
            {
                target[key] = JsonCodec.DeepClone(value);
            }
        }
    }

    private static bool IsEmpty(JsValue value) => value.Kind switch
    {
        JsKind.Undefined or JsKind.Null => true,
        JsKind.String => value.AsString().Length == 0,
        JsKind.Array => value.AsArray().Count == 0,
        JsKind.Object => value.AsObject().Count == 0,
        _ => false,
    };

    // lodash merge: plain objects merge key by key, arrays element by element; anything else replaces.
    private static JsValue DeepMergeValue(JsValue existing, JsValue incoming)
    {
        if (existing.IsObject && incoming.IsObject)
        {
            var result = existing.AsObject().DeepClone();
            foreach (var (key, value) in incoming.AsObject())
            {
                if (!value.IsUndefined)
                {
                    result[key] = DeepMergeValue(result[key], value);
                }
            }

            return result;
        }

        if (existing.IsArray && incoming.IsArray)
        {
            var result = existing.AsArray().DeepClone();
            var source = incoming.AsArray();
            for (var i = 0; i < source.Count; i++)
            {
                if (i < result.Count)
                {
                    result[i] = DeepMergeValue(result[i], source[i]);
                }
                else
                {
                    result.Add(JsonCodec.DeepClone(source[i]));
                }
            }

            return result;
        }

        return JsonCodec.DeepClone(incoming);
    }

    private static Dictionary<string, BinaryData>? MergeBinary(IReadOnlyList<(Item? Item, int Index)> entries)
    {
        Dictionary<string, BinaryData>? binary = null;
        foreach (var (item, _) in entries)
        {
            if (item?.Binary is { Count: > 0 } b)
            {
                binary ??= [];
                foreach (var (key, data) in b)
                {
                    binary[key] = data;
                }
            }
        }

        return binary;
    }
}
