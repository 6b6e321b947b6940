using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.CompareDatasets;

/// <summary>
/// n8n's Compare Datasets node: matches items of input A and B by key fields and sends them to
/// "In A only", "Same", "Different" and "In B only".
/// </summary>
internal sealed class CompareDatasetsNode : INodeType
{
    private static readonly double[] V2Plus = [2, 2.1, 2.2, 2.3];

    /// <inheritdoc />
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.compareDatasets",
        DisplayName = "Compare Datasets",
        SideEffectFree = true,
        Description = "Compare two inputs for changes",
        Versions = [1, 2, 2.1, 2.2, 2.3],
        Category = "Data transformation",
        Inputs = static _ => 2,
        Outputs = static _ => 4,
        OutputNames = static _ => ["In A only", "Same", "Different", "In B only"],
        CanEndLoop = true,
        Parameters =
        [
            Params.Fixed("mergeByFields", null, Params.Str("field1", "", "Input A Field"), Params.Str("field2", "", "Input B Field")),
            Params.Options("resolve", "preferInput2", [1], "preferInput1", "preferInput2", "mix", "includeBoth"),
            Params.Options("resolve", "includeBoth", V2Plus, "preferInput1", "preferInput2", "mix", "includeBoth"),
            Params.Bool("fuzzyCompare", false, "Fuzzy Compare", V2Plus),
            Params.Options("preferWhenMix", "input1", null, "input1", "input2"),
            Params.List("exceptWhenMix", "For Everything Except"),
            Params.Collection(
                "options",
                null,
                Params.Str("skipFields", "", "Fields to Skip Comparing"),
                Params.Bool("fuzzyCompare", false, "Fuzzy Compare"),
                Params.Bool("disableDotNotation", false, "Disable Dot Notation"),
                Params.Options("multipleMatches", "first", null, "first", "all")),
        ],
    };

    /// <inheritdoc />
    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var s = Read(context);
        var a = context.Inputs.Count > 0 ? context.Inputs[0] : [];
        var b = context.Inputs.Count > 1 ? context.Inputs[1] : [];
        var onlyA = new List<Item>();
        var same = new List<Item>();
        var different = new List<Item>();
        var onlyB = new List<Item>();
        var matchedB = new bool[b.Count];
        var keysB = b.Select(it => KeysOf(it.Json, s, useField2: true)).ToArray();

        for (var ia = 0; ia < a.Count; ia++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var keysA = KeysOf(a[ia].Json, s, useField2: false);
            var matches = keysA is null ? [] : FindMatches(keysA, keysB, s);
            if (matches.Count == 0)
            {
                onlyA.Add(new Item(a[ia].Json) { Binary = a[ia].Binary, Paired = [new PairedItem(ia)] });
                continue;
            }

            foreach (var ib in matches)
            {
                matchedB[ib] = true;
                var paired = new[] { new PairedItem(ia), new PairedItem(ib, 1) };
                var comparison = new ItemComparison(a[ia].Json, b[ib].Json, s);
                if (comparison.AreSame)
                {
                    var kept = s.Resolve == "preferInput2" || (s.Resolve == "mix" && s.PreferWhenMix == "input2") ? b[ib] : a[ia];
                    same.Add(new Item(kept.Json) { Binary = kept.Binary, Paired = paired });
                }
                else
                {
                    different.Add(new Item(Resolve(a[ia].Json, b[ib].Json, comparison, s)) { Paired = paired });
                }
            }
        }

        for (var ib = 0; ib < b.Count; ib++)
        {
            if (!matchedB[ib])
            {
                onlyB.Add(new Item(b[ib].Json) { Binary = b[ib].Binary, Paired = [new PairedItem(ib, 1)] });
            }
        }

        return ValueTask.FromResult(NodeOutput.Multiple(onlyA, same, different, onlyB));
    }

    private static CompareSettings Read(NodeExecutionContext context)
    {
        var version = context.Node.TypeVersion;
        var fields = new List<(string, string)>();
        if (context.GetParameter("mergeByFields.values").TryGetArray() is { } list)
        {
            foreach (var entry in list)
            {
                var f1 = entry["field1"].IsString ? entry["field1"].AsString().Trim() : string.Empty;
                var f2 = entry["field2"].IsString ? entry["field2"].AsString().Trim() : string.Empty;
                if (f1.Length == 0 || f2.Length == 0)
                {
                    throw new NodeOperationException("You need to define both fields in 'Fields to Match'", description: "Enter a field of input A and of input B for every pair.");
                }

                fields.Add((f1, f2));
            }
        }

        if (fields.Count == 0)
        {
            throw new NodeOperationException("You need to define at least one pair of fields in 'Fields to Match' to match on", description: "Add the fields whose values identify the same record in both inputs.");
        }

        var fuzzy = version >= 2 ? context.GetBoolean("fuzzyCompare") || context.GetBoolean("options.fuzzyCompare") : context.GetBoolean("options.fuzzyCompare");
        return new CompareSettings(
            version,
            fields,
            context.GetString("resolve", 0, version >= 2 ? "includeBoth" : "preferInput2"),
            context.GetString("preferWhenMix", 0, "input1"),
            FieldList.Parse(context.GetParameter("exceptWhenMix")),
            version >= 2.1 ? FieldList.Parse(context.GetParameter("options.skipFields")) : [],
            fuzzy,
            !context.GetBoolean("options.disableDotNotation"),
            context.GetString("options.multipleMatches", 0, "first") == "all");
    }

    private static JsValue[]? KeysOf(JsObject json, CompareSettings s, bool useField2)
    {
        var keys = new JsValue[s.Fields.Count];
        for (var k = 0; k < keys.Length; k++)
        {
            var field = useField2 ? s.Fields[k].Field2 : s.Fields[k].Field1;
            keys[k] = FieldPath.Get(json, field, s.DotNotation);
            if (keys[k].IsUndefined)
            {
                return null;
            }
        }

        return keys;
    }

    private static List<int> FindMatches(JsValue[] keysA, JsValue[]?[] keysB, CompareSettings s)
    {
        var matches = new List<int>();
        for (var ib = 0; ib < keysB.Length; ib++)
        {
            if (keysB[ib] is not { } kb)
            {
                continue;
            }

            var equal = true;
            for (var k = 0; k < kb.Length && equal; k++)
            {
                equal = s.Fuzzy ? FuzzyEquality.AreEqual(keysA[k], kb[k]) : JsonEquality.DeepEquals(keysA[k], kb[k]);
            }

            if (equal)
            {
                matches.Add(ib);
                if (!s.AllMatches)
                {
                    break;
                }
            }
        }

        return matches;
    }

    private static JsObject Resolve(JsObject a, JsObject b, ItemComparison comparison, CompareSettings s)
    {
        switch (s.Resolve)
        {
            case "preferInput1":
                return a;
            case "preferInput2":
                return b;
            case "mix":
                var preferB = s.PreferWhenMix == "input2";
                var merged = (preferB ? b : a).DeepClone();
                var other = preferB ? a : b;
                foreach (var field in s.ExceptWhenMix)
                {
                    var value = FieldPath.Get(other, field, s.DotNotation);
                    // Before v2.3 falsy values (0, "", false) of the other input were ignored.
                    if (value.IsUndefined || (s.Version < 2.3 && !JsConvert.ToBoolean(value)))
                    {
                        continue;
                    }

                    FieldPath.Set(merged, field, JsonCodec.DeepClone(value), s.DotNotation);
                }

                return merged;
            default:
                return comparison.Describe();
        }
    }
}
