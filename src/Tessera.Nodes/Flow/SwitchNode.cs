using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;
using Tessera.Nodes.Shared.Conditions;

namespace Tessera.Nodes.Flow;

/// <summary>
/// <c>n8n-nodes-base.switch</c>: routes items to outputs by rules or by an expression giving the output index.
/// v1: four fixed outputs, rules over one typed value (<c>dataType</c>, <c>value1</c>, <c>rules.rules[].value2/output</c>).
/// v2: as v1 but one output per rule (or <c>outputsAmount</c> in expression mode).
/// v3+: rules are filter conditions (<c>rules.values[].conditions</c>), outputs can be renamed, the fallback can be an
/// extra output, and an item may go to every matching output.
/// </summary>
internal sealed class SwitchNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.switch",
        DisplayName = "Switch",
        SideEffectFree = true,
        Description = "Route items depending on defined expression or rules",
        Versions = [1, 2, 3, 3.1, 3.2],
        Group = NodeGroup.Flow,
        Category = "Flow",
        Outputs = OutputCount,
        OutputNames = OutputNamesOf,
        CanEndLoop = true,
        Parameters =
        [
            new NodeParameter { Name = "mode", Type = ParameterType.Options, Default = "rules" },
            new NodeParameter { Name = "dataType", Type = ParameterType.Options, Default = "number", Versions = [1, 2] },
            new NodeParameter { Name = "value1", Type = ParameterType.Any, Versions = [1, 2] },
            new NodeParameter { Name = "rules", Type = ParameterType.FixedCollection, Default = new JsObject() },
            new NodeParameter { Name = "fallbackOutput", Type = ParameterType.Number, Default = -1, Versions = [1, 2] },
            new NodeParameter { Name = "output", Type = ParameterType.Number, Default = 0 },
            new NodeParameter { Name = "outputsAmount", Type = ParameterType.Number, Default = 4, Versions = [2] },
            new NodeParameter { Name = "numberOutputs", Type = ParameterType.Number, Default = 4, Versions = [3, 3.1, 3.2] },
            new NodeParameter { Name = "looseTypeValidation", Type = ParameterType.Boolean, Default = false, Versions = [3.1, 3.2] },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject(), Versions = [3, 3.1, 3.2] },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var node = context.Node;
        var outputs = new List<Item>[OutputCount(node)];
        for (var o = 0; o < outputs.Length; o++)
        {
            outputs[o] = [];
        }

        var items = context.InputItems;
        var expressionMode = context.GetString("mode", 0, "rules") == "expression";
        for (var i = 0; i < items.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var targets = expressionMode ? [ExpressionOutput(context, i, outputs.Length)]
                : node.TypeVersion < 3 ? LegacyRuleOutputs(context, i)
                : RuleOutputs(context, i);
            foreach (var target in targets)
            {
                if (target >= 0 && target < outputs.Length)
                {
                    outputs[target].Add(FlowItems.Routed(items[i], i));
                }
            }
        }

        return ValueTask.FromResult(NodeOutput.Multiple(outputs));
    }

    private static int ExpressionOutput(NodeExecutionContext context, int itemIndex, int outputCount)
    {
        var value = context.GetParameter("output", itemIndex);
        var index = JsConvert.ToNumber(value);
        if (double.IsNaN(index) || index < 0 || index >= outputCount || index != Math.Floor(index))
        {
            throw new NodeOperationException(
                $"The output {ConditionValues.Describe(value)} is not allowed. It has to be between 0 and {outputCount - 1}!",
                itemIndex,
                "Make the 'Output Index' expression return a whole number within the node's outputs.");
        }

        return (int)index;
    }

    private static List<int> LegacyRuleOutputs(NodeExecutionContext context, int itemIndex)
    {
        var dataType = context.GetString("dataType", itemIndex, "number");
        var value1 = context.GetParameter("value1", itemIndex);
        if (value1.IsUndefined)
        {
            value1 = LegacyConditions.DefaultValue(dataType);
        }

        var rules = context.GetObject("rules", itemIndex)["rules"].TryGetArray() ?? [];
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r].TryGetObject() ?? new JsObject();
            var operation = rule["operation"].TryGetString() ?? LegacyConditions.DefaultOperation(dataType, isSwitch: true);
            var value2 = rule.ContainsKey("value2") ? rule["value2"] : LegacyConditions.DefaultValue(dataType);
            if (LegacyConditions.Compare(dataType, operation, value1, value2, context.Execution.TimeZone, itemIndex))
            {
                var output = context.Node.TypeVersion < 2 ? (int)JsConvert.ToNumber(rule["output"].IsUndefined ? 0 : rule["output"]) : r;
                return [output];
            }
        }

        var fallback = (int)context.GetNumber("fallbackOutput", itemIndex, -1);
        return fallback >= 0 ? [fallback] : [];
    }

    private static List<int> RuleOutputs(NodeExecutionContext context, int itemIndex)
    {
        var options = context.GetObject("options", itemIndex);
        var loose = context.GetBoolean("looseTypeValidation", itemIndex)
            || (options["looseTypeValidation"].IsBoolean && options["looseTypeValidation"].AsBoolean());
        bool? ignoreCase = options["ignoreCase"].IsBoolean ? options["ignoreCase"].AsBoolean() : null;
        var allMatching = options["allMatchingOutputs"].IsBoolean && options["allMatchingOutputs"].AsBoolean();
        var ruleCount = RuleCount(context.Node);

        var targets = new List<int>();
        for (var r = 0; r < ruleCount; r++)
        {
            if (FilterEvaluator.Evaluate(context, $"rules.values.{r}.conditions", itemIndex, new FilterOverrides(ignoreCase, loose)))
            {
                targets.Add(r);
                if (!allMatching)
                {
                    break;
                }
            }
        }

        if (targets.Count == 0)
        {
            var fallback = options["fallbackOutput"];
            if (fallback.TryGetString() == "extra")
            {
                targets.Add(ruleCount);
            }
            else if (fallback.IsNumber || (fallback.IsString && double.TryParse(fallback.AsString(), out _)))
            {
                targets.Add((int)JsConvert.ToNumber(fallback));
            }
        }

        return targets;
    }

    private static int RuleCount(WorkflowNode node) =>
        node.Parameters["rules"].TryGetObject()?[node.TypeVersion < 3 ? "rules" : "values"].TryGetArray()?.Count ?? 0;

    private static bool IsExpressionMode(WorkflowNode node) => node.Parameters["mode"].TryGetString() == "expression";

    private static bool HasExtraFallback(WorkflowNode node) =>
        node.Parameters["options"].TryGetObject()?["fallbackOutput"].TryGetString() == "extra";

    private static int OutputCount(WorkflowNode node)
    {
        if (node.TypeVersion < 2)
        {
            return 4;
        }

        if (IsExpressionMode(node))
        {
            var count = node.Parameters[node.TypeVersion < 3 ? "outputsAmount" : "numberOutputs"];
            return count.IsNumber ? Math.Max(0, (int)count.AsNumber()) : 4;
        }

        if (node.TypeVersion < 3)
        {
            var fallback = node.Parameters["fallbackOutput"];
            var needed = fallback.IsNumber ? (int)fallback.AsNumber() + 1 : 0;
            return Math.Max(RuleCount(node), needed);
        }

        return RuleCount(node) + (HasExtraFallback(node) ? 1 : 0);
    }

    private static IReadOnlyList<string> OutputNamesOf(WorkflowNode node)
    {
        var count = OutputCount(node);
        var names = new string[count];
        var rules = node.TypeVersion >= 3 && !IsExpressionMode(node)
            ? node.Parameters["rules"].TryGetObject()?["values"].TryGetArray()
            : null;
        for (var i = 0; i < count; i++)
        {
            var rule = rules?.ElementAtOrUndefined(i).TryGetObject();
            names[i] = rule is not null && rule["renameOutput"] is { IsBoolean: true } rename && rename.AsBoolean() && rule["outputKey"].TryGetString() is { } key
                ? key
                : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (rules is not null && HasExtraFallback(node) && count > 0)
        {
            names[^1] = node.Parameters["options"].TryGetObject()?["renameFallbackOutput"].TryGetString() is { Length: > 0 } name ? name : "Fallback";
        }

        return names;
    }
}
