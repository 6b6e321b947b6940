using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Aggregate;

/// <summary>One field to collect into a list.</summary>
/// <param name="Input">The field to read.</param>
/// <param name="Output">The output field name.</param>
internal sealed record AggregateField(string Input, string Output);

/// <summary>What to aggregate and how.</summary>
internal sealed record AggregateSettings
{
    /// <summary>aggregateIndividualFields or aggregateAllItemData.</summary>
    public string Mode { get; init; } = "aggregateIndividualFields";

    public IReadOnlyList<AggregateField> Fields { get; init; } = [];

    public string Destination { get; init; } = "data";

    /// <summary>allFields, specifiedFields or allFieldsExcept.</summary>
    public string Include { get; init; } = "allFields";

    public IReadOnlyList<string> IncludeFields { get; init; } = [];

    public IReadOnlyList<string> ExcludeFields { get; init; } = [];

    public IReadOnlyList<string> GroupBy { get; init; } = [];

    public bool DotNotation { get; init; } = true;

    public bool MergeLists { get; init; }

    public bool KeepMissing { get; init; }

    public bool IncludeBinaries { get; init; }

    public bool KeepOnlyUniqueBinaries { get; init; }

    /// <summary>Item Lists ≤ 2: when no item has any of the fields, the input passes through unchanged.</summary>
    public bool MissingPassesThrough { get; init; }
}

/// <summary>Combines items into one (per group): lists of individual fields, or a list of whole items.</summary>
internal static class AggregateOperation
{
    public static NodeOutput Execute(NodeExecutionContext context, AggregateSettings s)
    {
        var items = context.InputItems;
        if (s.Mode == "aggregateIndividualFields")
        {
            Validate(s);
            if (s.MissingPassesThrough && !s.Fields.Any(f => items.Any(it => FieldPath.Has(it.Json, f.Input, s.DotNotation))))
            {
                return NodeOutput.Single(items);
            }
        }

        var groups = new GroupMap<List<int>>();
        for (var i = 0; i < items.Count; i++)
        {
            var key = string.Join("\u0001", s.GroupBy.Select(g => JsonValues.IdentityKey(FieldPath.Get(items[i].Json, g, s.DotNotation))));
            groups.GetOrAdd(key, () => []).Add(i);
        }

        if (groups.Count == 0)
        {
            groups.GetOrAdd(string.Empty, () => []);
        }

        var output = new List<Item>();
        foreach (var (_, indices) in groups.InInsertionOrder())
        {
            var json = new JsObject();
            if (indices.Count > 0)
            {
                foreach (var g in s.GroupBy)
                {
                    var value = FieldPath.Get(items[indices[0]].Json, g, s.DotNotation);
                    if (!value.IsUndefined)
                    {
                        FieldPath.Set(json, g, JsonCodec.DeepClone(value), s.DotNotation);
                    }
                }
            }

            if (s.Mode == "aggregateAllItemData")
            {
                json[s.Destination] = AllItemData(items, indices, s);
            }
            else
            {
                foreach (var field in s.Fields)
                {
                    json[field.Output] = Collect(items, indices, field.Input, s);
                }
            }

            output.Add(new Item(json)
            {
                Binary = s.IncludeBinaries ? MergeBinaries(items, indices, s.KeepOnlyUniqueBinaries) : null,
                Paired = ItemHelpers.PairedWith(indices),
            });
        }

        return NodeOutput.Single(output);
    }

    /// <summary>The output name n8n uses for an individual field: the renamed name, else the last segment of a dotted path.</summary>
    public static string OutputName(string input, bool rename, string? renamed, bool dotNotation)
    {
        if (rename && !string.IsNullOrEmpty(renamed))
        {
            return renamed;
        }

        return dotNotation && input.Contains('.', StringComparison.Ordinal) ? input[(input.LastIndexOf('.') + 1)..] : input;
    }

    private static void Validate(AggregateSettings s)
    {
        if (s.Fields.Count == 0)
        {
            throw new NodeOperationException("No fields specified", description: "Add at least one field in 'Fields To Aggregate'.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in s.Fields)
        {
            if (f.Input.Length == 0)
            {
                throw new NodeOperationException("A field to aggregate is empty", description: "Enter the name of each field to aggregate.");
            }

            if (!seen.Add(f.Output))
            {
                throw new NodeOperationException(
                    $"The '{f.Output}' output field is used more than once",
                    description: "Please make sure each output field name is unique");
            }
        }
    }

    private static JsArray Collect(IReadOnlyList<Item> items, List<int> indices, string field, AggregateSettings s)
    {
        var list = new JsArray();
        foreach (var i in indices)
        {
            var value = FieldPath.Get(items[i].Json, field, s.DotNotation);
            if (value.IsNullish)
            {
                if (s.KeepMissing)
                {
                    list.Add(JsValue.Null);
                }

                continue;
            }

            if (s.MergeLists && value.TryGetArray() is { } arr)
            {
                list.AddRange(arr.Select(JsonCodec.DeepClone));
            }
            else
            {
                list.Add(JsonCodec.DeepClone(value));
            }
        }

        return list;
    }

    private static JsArray AllItemData(IReadOnlyList<Item> items, List<int> indices, AggregateSettings s)
    {
        var list = new JsArray(indices.Count);
        foreach (var i in indices)
        {
            var source = items[i].Json;
            switch (s.Include)
            {
                case "specifiedFields":
                    var picked = new JsObject();
                    foreach (var f in s.IncludeFields)
                    {
                        var value = FieldPath.Get(source, f, s.DotNotation);
                        if (!value.IsUndefined)
                        {
                            FieldPath.Set(picked, f, JsonCodec.DeepClone(value), s.DotNotation);
                        }
                    }

                    list.Add(picked);
                    break;
                case "allFieldsExcept":
                    var rest = source.DeepClone();
                    foreach (var f in s.ExcludeFields)
                    {
                        FieldPath.Unset(rest, f, s.DotNotation);
                    }

                    list.Add(rest);
                    break;
                default:
                    list.Add(source.DeepClone());
                    break;
            }
        }

        return list;
    }

    private static Dictionary<string, BinaryData>? MergeBinaries(IReadOnlyList<Item> items, List<int> indices, bool uniqueOnly)
    {
        var merged = new Dictionary<string, BinaryData>(StringComparer.Ordinal);
        foreach (var i in indices)
        {
            if (items[i].Binary is not { } binary)
            {
                continue;
            }

            foreach (var (key, data) in binary)
            {
                if (uniqueOnly && merged.Values.Any(existing => ReferenceEquals(existing, data) || Equals(existing, data)))
                {
                    continue;
                }

                var name = key;
                for (var n = 1; merged.ContainsKey(name); n++)
                {
                    name = $"{key}_{n}";
                }

                merged[name] = data;
            }
        }

        return merged.Count > 0 ? merged : null;
    }
}
