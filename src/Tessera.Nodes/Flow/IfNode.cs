using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Shared.Conditions;

namespace Tessera.Nodes.Flow;

/// <summary>
/// <c>n8n-nodes-base.if</c>: routes each item to output 0 (true) or 1 (false).
/// v1 uses typed condition lists (<c>conditions.boolean/dateTime/number/string</c>, <c>combineOperation</c>);
/// v2+ uses the filter conditions structure with strict or loose type validation.
/// </summary>
internal sealed class IfNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.if",
        DisplayName = "If",
        SideEffectFree = true,
        Description = "Route items to different branches (true/false)",
        Versions = [1, 2, 2.1, 2.2],
        Group = NodeGroup.Flow,
        Category = "Flow",
        Outputs = static _ => 2,
        OutputNames = static _ => ["true", "false"],
        CanEndLoop = true,
        Parameters =
        [
            new NodeParameter { Name = "conditions", Type = ParameterType.Filter, Default = new JsObject() },
            new NodeParameter { Name = "combineOperation", Type = ParameterType.Options, Default = "all", Versions = [1] },
            new NodeParameter { Name = "looseTypeValidation", Type = ParameterType.Boolean, Default = false, Versions = [2.1, 2.2] },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject(), Versions = [2, 2.1, 2.2] },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var items = context.InputItems;
        var trueItems = new List<Item>();
        var falseItems = new List<Item>();
        var version = context.Node.TypeVersion;
        var filter = version >= 2 && items.Count > 0 ? new FilterRun(context) : null;
        for (var i = 0; i < items.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            bool passed;
            try
            {
                passed = filter is null ? EvaluateV1(context, i) : filter.Evaluate(i);
            }
            catch (NodeOperationException) when (FlowItems.ContinuesOnFail(context.Node))
            {
                // n8n sends items whose conditions fail to evaluate to the false branch when the node continues on errors.
                passed = false;
            }

            (passed ? trueItems : falseItems).Add(FlowItems.Routed(items[i], i));
        }

        return ValueTask.FromResult(NodeOutput.Multiple(trueItems, falseItems));
    }

    private static bool EvaluateV1(NodeExecutionContext context, int itemIndex)
    {
        var conditions = context.GetObject("conditions", itemIndex);
        var any = context.GetString("combineOperation", itemIndex, "all") == "any";
        return LegacyConditions.EvaluateAll(conditions, any, context.Execution.TimeZone, itemIndex);
    }
}
