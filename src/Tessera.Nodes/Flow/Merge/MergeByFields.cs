using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Nodes.Flow.Merge;

/// <summary>Settings of "combine by matching fields".</summary>
/// <param name="Fields">Pairs of field paths (input 1, input 2).</param>
/// <param name="JoinMode">keepMatches, keepNonMatches, keepEverything, enrichInput1 or enrichInput2.</param>
/// <param name="OutputDataFrom">both, input1 or input2 (for keepMatches / keepNonMatches).</param>
/// <param name="Clash">Clash handling.</param>
/// <param name="Fuzzy">Compare values loosely ("1" equals 1).</param>
/// <param name="DotNotation">Read field names as dotted paths.</param>
/// <param name="FirstMatchOnly">Use only the first match of an input 1 item.</param>
/// <param name="LegacyEmptyInput">v2.0: when one input is empty, output the other one.</param>
internal sealed record MergeByFieldsOptions(
    IReadOnlyList<(string Field1, string Field2)> Fields,
    string JoinMode,
    string OutputDataFrom,
    MergeClash Clash,
    bool Fuzzy,
    bool DotNotation,
    bool FirstMatchOnly,
    bool LegacyEmptyInput);

/// <summary>Joins two inputs on equal field values, like a SQL join with n8n's output choices.</summary>
internal static class MergeByFields
{
    /// <summary>The joined items; null when n8n returns no output at all.</summary>
    public static List<Item>? Run(IReadOnlyList<Item> input1, IReadOnlyList<Item> input2, MergeByFieldsOptions options)
    {
        if (input1.Count == 0 || input2.Count == 0)
        {
            return EmptyInput(input1, input2, options);
        }

        var matches = new List<(int I1, int I2)>();
        var matched1 = new bool[input1.Count];
        var matched2 = new bool[input2.Count];
        for (var i = 0; i < input1.Count; i++)
        {
            for (var j = 0; j < input2.Count; j++)
            {
                if (!Matches(input1[i].Json, input2[j].Json, options))
                {
                    continue;
                }

                matches.Add((i, j));
                matched1[i] = true;
                matched2[j] = true;
                if (options.FirstMatchOnly)
                {
                    break;
                }
            }
        }

        var result = new List<Item>();
        switch (options.JoinMode)
        {
            case "keepNonMatches":
                if (options.OutputDataFrom is "both" or "input1")
                {
                    AddUnmatched(result, input1, matched1, 0, options.OutputDataFrom == "both" ? "input1" : null);
                }

                if (options.OutputDataFrom is "both" or "input2")
                {
                    AddUnmatched(result, input2, matched2, 1, options.OutputDataFrom == "both" ? "input2" : null);
                }

                return result;
            case "keepEverything":
                AddMerged(result, input1, input2, matches, options.Clash);
                AddUnmatched(result, input1, matched1, 0, null);
                AddUnmatched(result, input2, matched2, 1, null);
                return result;
            case "enrichInput1":
                AddMerged(result, input1, input2, matches, options.Clash);
                AddUnmatched(result, input1, matched1, 0, null);
                return result;
            case "enrichInput2":
                AddMerged(result, input1, input2, matches, options.Clash);
                AddUnmatched(result, input2, matched2, 1, null);
                return result;
            default:
                switch (options.OutputDataFrom)
                {
                    case "input1":
                        AddMatched(result, input1, matched1, 0);
                        break;
                    case "input2":
                        AddMatched(result, input2, matched2, 1);
                        break;
                    default:
                        AddMerged(result, input1, input2, matches, options.Clash);
                        break;
                }

                return result;
        }
    }

    private static List<Item>? EmptyInput(IReadOnlyList<Item> input1, IReadOnlyList<Item> input2, MergeByFieldsOptions options)
    {
        if (options.LegacyEmptyInput)
        {
            return [.. FlowItems.RoutedAll(input1.Count > 0 ? input1 : input2, input1.Count > 0 ? 0 : 1)];
        }

        // n8n short-cuts a join with an empty side: no _source field for non-matches, nothing at all for matches.
        var (items, input) = input1.Count > 0 ? (input1, 0) : (input2, 1);
        switch (options.JoinMode)
        {
            case "keepMatches":
                return null;
            case "keepNonMatches":
                var wanted = options.OutputDataFrom switch { "input1" => 0, "input2" => 1, _ => input };
                return wanted == input ? [.. FlowItems.RoutedAll(items, input)] : [];
            case "enrichInput1" when input != 0:
            case "enrichInput2" when input != 1:
                return [];
            default:
                var result = new List<Item>(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    var item = FlowItems.Routed(items[i], i, input);
                    if (options.Clash.AddsSuffix)
                    {
                        // Quirk: the suffixed copies are added next to the original fields.
                        var json = items[i].Json.DeepClone();
                        foreach (var (key, value) in items[i].Json)
                        {
                            json[$"{key}_{input + 1}"] = JsonCodec.DeepClone(value);
                        }

                        item.Json = json;
                    }

                    result.Add(item);
                }

                return result;
        }
    }

    private static void AddMerged(List<Item> result, IReadOnlyList<Item> input1, IReadOnlyList<Item> input2, List<(int I1, int I2)> matches, MergeClash clash)
    {
        foreach (var (i1, i2) in matches)
        {
            result.Add(clash.Combine([(input1[i1], i1), (input2[i2], i2)]));
        }
    }

    private static void AddMatched(List<Item> result, IReadOnlyList<Item> items, bool[] matched, int input)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (matched[i])
            {
                result.Add(FlowItems.Routed(items[i], i, input));
            }
        }
    }

    private static void AddUnmatched(List<Item> result, IReadOnlyList<Item> items, bool[] matched, int input, string? source)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (matched[i])
            {
                continue;
            }

            var item = FlowItems.Routed(items[i], i, input);
            if (source is not null)
            {
                var json = items[i].Json.DeepClone();
                json["_source"] = source;
                item.Json = json;
            }

            result.Add(item);
        }
    }

    private static bool Matches(JsObject a, JsObject b, MergeByFieldsOptions options)
    {
        if (options.Fields.Count == 0)
        {
            return false;
        }

        foreach (var (field1, field2) in options.Fields)
        {
            var v1 = Read(a, field1, options.DotNotation);
            var v2 = Read(b, field2, options.DotNotation);
            if (v1.IsUndefined || v2.IsUndefined)
            {
                return false;
            }

            if (!(options.Fuzzy ? FuzzyEquals(v1, v2) : JsonEquality.DeepEquals(v1, v2)))
            {
                return false;
            }
        }

        return true;
    }

    private static JsValue Read(JsObject json, string field, bool dotNotation) =>
        dotNotation ? json.GetPath(field) : json[field];

    private static bool FuzzyEquals(JsValue a, JsValue b)
    {
        if (JsonEquality.DeepEquals(a, b))
        {
            return true;
        }

        if (a.IsNullish || b.IsNullish)
        {
            return a.IsNullish && b.IsNullish;
        }

        static string Text(JsValue v) => v.Kind is JsKind.Object or JsKind.Array ? JsonCodec.Serialize(v) : JsConvert.ToString(v);
        return string.Equals(Text(a).Trim(), Text(b).Trim(), StringComparison.Ordinal);
    }
}
