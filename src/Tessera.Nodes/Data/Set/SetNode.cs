using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Set;

/// <summary>
/// n8n's Set node: v1/v2 ("Set", typed value lists) and v3–3.4 ("Edit Fields", typed assignments or raw JSON).
/// </summary>
internal sealed class SetNode : INodeType
{
    private static readonly double[] Legacy = [1, 2];
    private static readonly double[] Fields = [3, 3.1, 3.2];
    private static readonly double[] Assignments = [3.3, 3.4];
    private static readonly double[] EditFields = [3, 3.1, 3.2, 3.3, 3.4];

    /// <inheritdoc />
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.set",
        DisplayName = "Edit Fields (Set)",
        SideEffectFree = true,
        Description = "Modify, add, or remove item fields",
        Versions = [1, 2, 3, 3.1, 3.2, 3.3, 3.4],
        Category = "Data transformation",
        Parameters =
        [
            Params.Bool("keepOnlySet", false, "Keep Only Set", Legacy),
            Params.Fixed("values", Legacy, Params.Any("boolean", ParameterType.Collection, new JsArray()), Params.Any("number", ParameterType.Collection, new JsArray()), Params.Any("string", ParameterType.Collection, new JsArray())),
            Params.Options("mode", "manual", EditFields, "manual", "raw"),
            Params.Bool("duplicateItem", false, "Duplicate Item", EditFields),
            Params.Num("duplicateCount", 0, "Duplicate Item Count", EditFields),
            Params.Fixed("fields", Fields, Params.Any("values", ParameterType.Collection, new JsArray())),
            Params.Any("assignments", ParameterType.AssignmentCollection, new JsObject(), Assignments),
            Params.Json("jsonOutput", "{\n  \"my_field_1\": \"value\",\n  \"my_field_2\": 1\n}\n", "JSON", EditFields),
            Params.Bool("includeOtherFields", false, "Include Other Input Fields", Assignments),
            Params.Options("include", "all", Fields, "all", "none", "selected", "except"),
            Params.Options("include", "all", Assignments, "all", "none", "selected", "except"), // "none" stays in 3.3+ exports (includeOtherFields decides)
            Params.List("includeFields", "Fields to Include", EditFields),
            Params.List("excludeFields", "Fields to Exclude", EditFields),
            Params.Collection(
                "options",
                null,
                Params.Bool("dotNotation", true, "Support Dot Notation"),
                Params.Bool("ignoreConversionErrors", false, "Ignore Type Conversion Errors"),
                Params.Bool("includeBinary", true, "Include Binary File"),
                Params.Bool("stripBinary", true, "Strip Binary Data")),
        ],
    };

    /// <inheritdoc />
    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var version = context.Node.TypeVersion;
        var items = context.InputItems;
        var output = new ItemList(items.Count); // chunked: no large-object-heap array for big runs
        var copies = version >= 3 ? DuplicateCount(context) : 0;
        var plan = version >= 3 && items.Count > 0 ? new EditFieldsPlan(context, version) : null;
        for (var i = 0; i < items.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            // No per-item closure: a try/catch here costs nothing while no item fails.
            try
            {
                if (plan is null)
                {
                    output.Add(SetLegacy.Run(context, items[i], i, version));
                    continue;
                }

                var item = plan.Run(items[i], i);
                output.Add(item);
                for (var c = 0; c < copies; c++)
                {
                    output.Add(item.DeepClone());
                }
            }
            catch (Exception e) when (ItemErrors.IsRecoverable(context, e))
            {
                output.Add(ItemErrors.ErrorItem(context, i, e));
            }
        }

        return ValueTask.FromResult(NodeOutput.Single(output));
    }

    // "Duplicate item" is a testing aid n8n applies only to manual runs.
    private static int DuplicateCount(NodeExecutionContext context)
    {
        if (context.Execution.Mode != Tessera.Engine.Execution.ExecutionModes.Manual || !context.GetBoolean("duplicateItem"))
        {
            return 0;
        }

        return (int)Math.Max(0, context.GetNumber("duplicateCount"));
    }
}
