using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Flow.Merge;

/// <summary>
/// <c>n8n-nodes-base.merge</c>: joins the data of its inputs. v1 has the legacy modes; v2/v2.1 append, combine
/// (by fields, by position, multiplex) and choose branch; v3+ adds any number of inputs (<c>numberInputs</c>).
/// SQL mode (v3 <c>combineBySql</c>) is not supported.
/// </summary>
internal sealed class MergeNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.merge",
        DisplayName = "Merge",
        SideEffectFree = true,
        Description = "Merges data of multiple streams once data from both is available",
        Versions = [1, 2, 2.1, 3, 3.1, 3.2],
        Group = NodeGroup.Flow,
        Category = "Flow",
        Inputs = InputCount,
        Parameters =
        [
            new NodeParameter { Name = "mode", Type = ParameterType.Options, Default = "append" },
            new NodeParameter { Name = "numberInputs", Type = ParameterType.Number, Default = 2, Versions = [3, 3.1, 3.2] },
            new NodeParameter { Name = "combinationMode", Type = ParameterType.Options, Default = "mergeByFields", Versions = [2, 2.1] },
            new NodeParameter { Name = "combineBy", Type = ParameterType.Options, Default = "combineByFields", Versions = [3, 3.1, 3.2] },
            new NodeParameter { Name = "joinMode", Type = ParameterType.Options, Default = "keepMatches" },
            new NodeParameter { Name = "outputDataFrom", Type = ParameterType.Options, Default = "both" },
            new NodeParameter { Name = "output", Type = ParameterType.Options, Default = "input1" },
            new NodeParameter { Name = "useDataOfInput", Type = ParameterType.Number, Default = 1, Versions = [3, 3.1, 3.2] },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var inputs = new List<IReadOnlyList<Item>>();
        for (var i = 0; i < InputCount(context.Node); i++)
        {
            inputs.Add(i < context.Inputs.Count ? context.Inputs[i] : []);
        }

        var version = context.Node.TypeVersion;
        if (version < 2)
        {
            return ValueTask.FromResult(MergeLegacyModes.Run(context, inputs[0], inputs[1]));
        }

        var mode = context.GetString("mode", 0, "append");
        var options = context.GetObject("options");
        var result = mode switch
        {
            "append" => NodeOutput.Single(Append(inputs)),
            "chooseBranch" => ChooseBranch(context, inputs, version),
            "combine" => Combine(context, inputs, options, version),
            "combineByFields" or "combineByPosition" or "combineAll" => Combine(context, inputs, options, version, mode),
            "combineBySql" => throw new NodeOperationException(
                "The SQL query mode of Merge is not supported by Tessera",
                description: "Use 'Combine by matching fields' or a Code node instead."),
            _ => throw new NodeOperationException($"The merge mode '{mode}' is not known", description: "Pick one of the modes the Merge node offers."),
        };
        return ValueTask.FromResult(result);
    }

    private static int InputCount(WorkflowNode node) =>
        node.TypeVersion >= 3 && node.Parameters["numberInputs"] is { IsNumber: true } n ? Math.Max(2, (int)n.AsNumber()) : 2;

    private static List<Item> Append(List<IReadOnlyList<Item>> inputs)
    {
        var all = new List<Item>();
        for (var i = 0; i < inputs.Count; i++)
        {
            all.AddRange(FlowItems.RoutedAll(inputs[i], i));
        }

        return all;
    }

    private static NodeOutput ChooseBranch(NodeExecutionContext context, List<IReadOnlyList<Item>> inputs, double version)
    {
        var output = context.GetString("output", 0, version >= 3 ? "specifiedInput" : "input1");
        if (output == "empty")
        {
            // Pair the empty item with every input so $('Node').item still resolves after it.
            var paired = new List<PairedItem>();
            for (var i = 0; i < inputs.Count; i++)
            {
                if (inputs[i].Count > 0)
                {
                    paired.Add(new PairedItem(0, i));
                }
            }

            return NodeOutput.Single([new Item(new JsObject()) { Paired = paired.Count > 0 ? [.. paired] : null }]);
        }

        var chosen = version >= 3 ? (int)context.GetNumber("useDataOfInput", 0, 1) - 1 : output == "input2" ? 1 : 0;
        if (chosen < 0 || chosen >= inputs.Count)
        {
            throw new NodeOperationException(
                $"The input {chosen + 1} to use does not exist; the node has {inputs.Count} inputs",
                description: "Set 'Use Data of Input' to one of the node's inputs.");
        }

        return NodeOutput.Single(FlowItems.RoutedAll(inputs[chosen], chosen));
    }

    private static NodeOutput Combine(NodeExecutionContext context, List<IReadOnlyList<Item>> inputs, JsObject options, double version, string? v3Mode = null)
    {
        var how = v3Mode ?? (version >= 3 ? context.GetString("combineBy", 0, "combineByFields") : context.GetString("combinationMode", 0, "mergeByFields"));
        var clash = MergeClash.From(options);
        switch (how)
        {
            case "mergeByPosition" or "combineByPosition":
                return NodeOutput.Single(ByPosition(inputs, clash, options["includeUnpaired"] is { IsBoolean: true } u && u.AsBoolean()));
            case "multiplex" or "combineAll":
                var product = new List<Item>();
                // n8n walks input 2 in the outer loop when input 1 is preferred (it swaps the inputs for that case).
                var input2First = clash.Resolve == "preferInput1";
                var (outer, inner) = input2First ? (inputs[1].Count, inputs[0].Count) : (inputs[0].Count, inputs[1].Count);
                for (var o = 0; o < outer; o++)
                {
                    for (var n = 0; n < inner; n++)
                    {
                        var (i, j) = input2First ? (n, o) : (o, n);
                        product.Add(clash.Combine([(inputs[0][i], i), (inputs[1][j], j)]));
                    }
                }

                return NodeOutput.Single(product);
            default:
                var fields = ReadFields(context, version);
                var byFields = new MergeByFieldsOptions(
                    fields,
                    context.GetString("joinMode", 0, "keepMatches"),
                    context.GetString("outputDataFrom", 0, "both"),
                    clash,
                    Flag(options, "fuzzyCompare"),
                    !Flag(options, "disableDotNotation"),
                    options["multipleMatches"].TryGetString() == "first",
                    LegacyEmptyInput: version < 2.1);
                var joined = MergeByFields.Run(inputs[0], inputs[1], byFields);
                return joined is null ? NodeOutput.None : NodeOutput.Single(joined);
        }
    }

    private static bool Flag(JsObject options, string name) => options[name] is { IsBoolean: true } f && f.AsBoolean();

    private static List<(string, string)> ReadFields(NodeExecutionContext context, double version)
    {
        var fields = new List<(string, string)>();
        if (version >= 3 && !context.GetBoolean("advanced"))
        {
            foreach (var name in context.GetString("fieldsToMatchString").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                fields.Add((name, name));
            }
        }
        else
        {
            foreach (var entry in context.GetObject("mergeByFields")["values"].TryGetArray() ?? [])
            {
                if (entry.TryGetObject() is { } pair)
                {
                    fields.Add((JsConvert.ToString(pair["field1"]), JsConvert.ToString(pair["field2"])));
                }
            }
        }

        if (fields.Count == 0 || fields.Exists(f => f.Item1.Length == 0 || f.Item2.Length == 0))
        {
            throw new NodeOperationException(
                "You need to define at least one pair of fields in 'Fields to Match' to match on",
                description: "Name the field of input 1 and the field of input 2 whose values must be equal.");
        }

        return fields;
    }

    private static List<Item> ByPosition(List<IReadOnlyList<Item>> inputs, MergeClash clash, bool includeUnpaired)
    {
        var counts = inputs.Select(i => i.Count).ToList();
        var count = includeUnpaired ? counts.Max() : counts.Min();
        var result = new List<Item>(count);
        for (var i = 0; i < count; i++)
        {
            var entries = new List<(Item?, int)>(inputs.Count);
            foreach (var input in inputs)
            {
                entries.Add((i < input.Count ? input[i] : null, i));
            }

            result.Add(clash.Combine(entries));
        }

        return result;
    }
}
