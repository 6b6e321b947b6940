using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Summarize;

/// <summary>One aggregation of a field.</summary>
/// <param name="Aggregation">append, average, concatenate, count, countUnique, max, min or sum.</param>
/// <param name="Field">The field to read.</param>
/// <param name="Separator">For concatenate.</param>
/// <param name="IncludeEmpty">Count and collect null, undefined and empty-string values too.</param>
internal sealed record SummarizeField(string Aggregation, string Field, string Separator, bool IncludeEmpty);

/// <summary>What happens when a field to summarize is in no item.</summary>
internal enum MissingFieldMode
{
    /// <summary>Summarize anyway (counts of 0, empty lists).</summary>
    Continue,

    /// <summary>Fail the node.</summary>
    Fail,

    /// <summary>Item Lists ≤ 2: return the input unchanged.</summary>
    PassThrough,
}

/// <summary>How to summarize.</summary>
internal sealed record SummarizeSettings
{
    public IReadOnlyList<SummarizeField> Fields { get; init; } = [];

    public IReadOnlyList<string> SplitBy { get; init; } = [];

    public bool DotNotation { get; init; } = true;

    public MissingFieldMode Missing { get; init; } = MissingFieldMode.Continue;

    /// <summary>separateItems or singleItem.</summary>
    public string OutputFormat { get; init; } = "separateItems";

    public bool SkipEmptySplitFields { get; init; }

    /// <summary>Summarize v1 writes split values as text ("0", "null"); v1.1 keeps their type.</summary>
    public bool StringifySplitValues { get; init; }
}

/// <summary>Aggregates fields (count, sum, append…) over items, optionally per group of split-by values.</summary>
internal static class SummarizeOperation
{
    public static NodeOutput Execute(NodeExecutionContext context, SummarizeSettings s)
    {
        var items = context.InputItems;
        if (s.Fields.Count == 0)
        {
            throw new NodeOperationException("No fields to summarize were given", description: "Add at least one entry to 'Fields to Summarize'.");
        }

        foreach (var f in s.Fields)
        {
            if (items.Any(it => FieldPath.Has(it.Json, f.Field, s.DotNotation)))
            {
                continue;
            }

            if (s.Missing == MissingFieldMode.PassThrough)
            {
                return NodeOutput.Single(items);
            }

            if (s.Missing == MissingFieldMode.Fail)
            {
                throw new NodeOperationException(
                    $"The field '{f.Field}' does not exist in any items",
                    description: "Check the field name, or enable 'Continue if Field Not Found' in the options.");
            }
        }

        var root = new Group(JsValue.Undefined);
        for (var i = 0; i < items.Count; i++)
        {
            var values = s.SplitBy.Select(f => FieldPath.Get(items[i].Json, f, s.DotNotation)).ToList();
            if (s.SkipEmptySplitFields && values.Any(JsonValues.IsBlank))
            {
                continue;
            }

            var group = root;
            foreach (var value in values)
            {
                var key = value.IsObject || value.IsArray ? JsonCodec.Serialize(JsonValues.ToData(value)) : JsConvert.ToString(value);
                group = group.Children.GetOrAdd(key, () => new Group(value));
            }

            group.Indices.Add(i);
        }

        var output = new List<Item>();
        if (s.OutputFormat == "singleItem" && s.SplitBy.Count > 0)
        {
            var json = SingleItem(root, items, s);
            output.Add(new Item(json) { Paired = ItemHelpers.PairedWithAll(items.Count) });
        }
        else
        {
            SeparateItems(root, [], items, s, output);
        }

        return NodeOutput.Single(output);
    }

    private sealed class Group(JsValue value)
    {
        public JsValue Value { get; } = value;

        public GroupMap<Group> Children { get; } = new();

        public List<int> Indices { get; } = [];
    }

    private static void SeparateItems(Group group, List<JsValue> path, IReadOnlyList<Item> items, SummarizeSettings s, List<Item> output)
    {
        if (path.Count == s.SplitBy.Count)
        {
            var json = new JsObject();
            for (var k = 0; k < path.Count; k++)
            {
                var value = path[k];
                json[s.SplitBy[k]] = s.StringifySplitValues ? JsValue.FromString(JsonValues.ToText(value)) : value.IsUndefined ? JsValue.Undefined : JsonCodec.DeepClone(value);
            }

            Aggregate(json, group.Indices, items, s);
            output.Add(new Item(json) { Paired = ItemHelpers.PairedWith(group.Indices) });
            return;
        }

        foreach (var (_, child) in group.Children.InJsOrder())
        {
            path.Add(child.Value);
            SeparateItems(child, path, items, s, output);
            path.RemoveAt(path.Count - 1);
        }
    }

    private static JsObject SingleItem(Group group, IReadOnlyList<Item> items, SummarizeSettings s)
    {
        var json = new JsObject();
        if (group.Children.Count == 0)
        {
            Aggregate(json, group.Indices, items, s);
            return json;
        }

        foreach (var (key, child) in group.Children.InJsOrder())
        {
            json[key] = SingleItem(child, items, s);
        }

        return json;
    }

    private static void Aggregate(JsObject json, List<int> indices, IReadOnlyList<Item> items, SummarizeSettings s)
    {
        foreach (var f in s.Fields)
        {
            var values = new List<JsValue>();
            foreach (var i in indices)
            {
                var value = FieldPath.Get(items[i].Json, f.Field, s.DotNotation);
                if (f.IncludeEmpty || !JsonValues.IsBlank(value))
                {
                    values.Add(value);
                }
            }

            json[OutputKey(f)] = Compute(f, values);
        }
    }

    private static string OutputKey(SummarizeField f)
    {
        var prefix = f.Aggregation switch
        {
            "append" => "appended",
            "concatenate" => "concatenated",
            "countUnique" => "unique_count",
            _ => f.Aggregation,
        };
        return prefix + "_" + f.Field.Replace('.', '_');
    }

    private static JsValue Compute(SummarizeField f, List<JsValue> values)
    {
        switch (f.Aggregation)
        {
            case "count":
                return values.Count;
            case "countUnique":
                return values.Select(JsonValues.IdentityKey).Distinct(StringComparer.Ordinal).Count();
            case "append":
                return new JsArray(values.Select(v => v.IsUndefined ? JsValue.Null : JsonCodec.DeepClone(v)));
            case "concatenate":
                return string.Join(f.Separator, values.Select(v => v.IsNullish ? string.Empty : JsonValues.ToText(v)));
            case "sum" or "average":
                var numbers = Numbers(f, values);
                var sum = numbers.Sum();
                if (f.Aggregation == "sum")
                {
                    return sum;
                }

                return numbers.Count == 0 ? JsValue.Null : sum / numbers.Count;
            case "min" or "max":
                JsValue best = JsValue.Undefined;
                foreach (var v in values.Where(v => !v.IsNullish))
                {
                    if (best.IsUndefined || (f.Aggregation == "min" ? JsonValues.LessThan(v, best) : JsonValues.LessThan(best, v)))
                    {
                        best = v;
                    }
                }

                return best.IsUndefined ? JsValue.Null : JsonCodec.DeepClone(best);
            default:
                throw new NodeOperationException($"The aggregation '{f.Aggregation}' is not supported", description: "Choose append, average, concatenate, count, countUnique, max, min or sum.");
        }
    }

    private static List<double> Numbers(SummarizeField f, List<JsValue> values)
    {
        var numbers = new List<double>(values.Count);
        foreach (var v in values)
        {
            if (v.IsNullish)
            {
                continue;
            }

            var n = v.IsNumber ? v.AsNumber() : v.IsString ? JsConvert.StringToNumber(v.AsString()) : double.NaN;
            if (double.IsNaN(n) || (v.IsString && v.AsString().Trim().Length == 0))
            {
                throw new NodeOperationException(
                    $"The field '{f.Field}' contains a value that is not a number: {JsonValues.ToText(v)}",
                    description: $"'{f.Aggregation}' works on numbers only; convert the field first or choose another aggregation.");
            }

            numbers.Add(n);
        }

        return numbers;
    }
}
