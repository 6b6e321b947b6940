using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Shared.Conditions;

namespace Tessera.Nodes.Flow;

/// <summary>
/// <c>n8n-nodes-base.filter</c>: keeps the items that match its conditions. v1 uses the legacy typed condition lists
/// (<c>combineConditions: AND|OR</c>); v2+ the filter conditions structure. With <c>options.includeDiscarded</c>
/// (Tessera extension, off by default) discarded items go to a second output.
/// </summary>
internal sealed class FilterNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.filter",
        DisplayName = "Filter",
        SideEffectFree = true,
        Description = "Remove items matching a condition",
        Versions = [1, 2, 2.1, 2.2],
        Group = NodeGroup.Transform,
        Category = "Flow",
        Outputs = static node => DiscardOutput(node) ? 2 : 1,
        OutputNames = static node => DiscardOutput(node) ? ["Kept", "Discarded"] : ["Kept"],
        CanEndLoop = true,
        Parameters =
        [
            new NodeParameter { Name = "conditions", Type = ParameterType.Filter, Default = new JsObject() },
            new NodeParameter { Name = "combineConditions", Type = ParameterType.Options, Default = "AND", Versions = [1] },
            new NodeParameter { Name = "looseTypeValidation", Type = ParameterType.Boolean, Default = false, Versions = [2.1, 2.2] },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var items = context.InputItems;
        // Decide every item first, then fill lists of the exact sizes (ItemList: no large-object-heap arrays, whose
        // allocations are what trigger full collections; a growing list would re-allocate several).
        var passed = new System.Collections.BitArray(items.Count);
        var keptCount = 0;
        var filter = context.Node.TypeVersion >= 2 && items.Count > 0 ? new FilterRun(context) : null;
        for (var i = 0; i < items.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            bool pass;
            if (filter is null)
            {
                var any = context.GetString("combineConditions", i, "AND") == "OR";
                pass = LegacyConditions.EvaluateAll(context.GetObject("conditions", i), any, context.Execution.TimeZone, i);
            }
            else
            {
                pass = filter.Evaluate(i);
            }

            passed[i] = pass;
            keptCount += pass ? 1 : 0;
        }

        var kept = new ItemList(keptCount);
        var discarded = new ItemList(items.Count - keptCount);
        for (var i = 0; i < items.Count; i++)
        {
            (passed[i] ? kept : discarded).Add(FlowItems.Routed(items[i], i));
        }

        return ValueTask.FromResult(DiscardOutput(context.Node) ? NodeOutput.Multiple(kept, discarded) : NodeOutput.Single(kept));
    }

    private static bool DiscardOutput(Tessera.Engine.Workflows.WorkflowNode node) =>
        node.Parameters["options"].TryGetObject()?["includeDiscarded"] is { IsBoolean: true } flag && flag.AsBoolean();
}
