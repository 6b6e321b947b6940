using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Shared.Conditions;

/// <summary>Node-level settings that override the filter's own options (If/Filter/Switch "Ignore Case", "Convert types").</summary>
/// <param name="IgnoreCase">When set, overrides <c>options.caseSensitive</c>.</param>
/// <param name="Loose">Convert types where required, whatever the filter's <c>typeValidation</c> says.</param>
public readonly record struct FilterOverrides(bool? IgnoreCase = null, bool Loose = false);

/// <summary>
/// Evaluates n8n's filter parameter (<c>{ options, conditions: [{ leftValue, rightValue, operator }], combinator }</c>)
/// used by If v2+, Filter v2+ and Switch v3+.
/// </summary>
public static class FilterEvaluator
{
    /// <summary>
    /// Reads the filter parameter at <paramref name="path"/> for item <paramref name="itemIndex"/> and evaluates it.
    /// </summary>
    /// <exception cref="NodeOperationException">A value has the wrong type (strict mode) or cannot be converted (loose mode).</exception>
    public static bool Evaluate(NodeExecutionContext context, string path, int itemIndex, FilterOverrides overrides = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var raw = context.GetRawParameter(path);
        return Evaluate(context, path, itemIndex, overrides, raw, OnlyOperandsVary(raw));
    }

    /// <summary>
    /// Evaluates the filter <paramref name="raw"/> read from <paramref name="path"/>; <paramref name="operandsOnly"/> says
    /// (from <see cref="OnlyOperandsVary"/>, computed once per node run) that only operands hold expressions.
    /// </summary>
    internal static bool Evaluate(NodeExecutionContext context, string path, int itemIndex, FilterOverrides overrides, JsValue raw, bool operandsOnly)
    {
        try
        {
            // The hot path: only the operands hold per-item expressions, so resolve just those (no copy of the filter).
            if (operandsOnly && raw.TryGetObject() is { } filter)
            {
                return Evaluate(filter, filter, overrides, context.Execution.TimeZone, itemIndex, new OperandResolver(context, path));
            }

            var resolved = context.Resolve(raw, path, itemIndex);
            return Evaluate(resolved.TryGetObject() ?? new JsObject(), raw.TryGetObject(), overrides, context.Execution.TimeZone, itemIndex);
        }
        catch (ConditionException e)
        {
            throw new NodeOperationException(e.Message, itemIndex, e.Description, e);
        }
    }

    /// <summary>Evaluates a resolved filter value.</summary>
    /// <param name="filter">The filter with expressions resolved.</param>
    /// <param name="raw">The filter as written (tells typed-in values from expression results); null treats every value as computed.</param>
    /// <param name="overrides">Node-level options.</param>
    /// <param name="zone">Zone for zone-less date text.</param>
    /// <param name="itemIndex">For error messages.</param>
    internal static bool Evaluate(JsObject filter, JsObject? raw, FilterOverrides overrides, TimeZoneInfo zone, int itemIndex, OperandResolver? operands = null)
    {
        var options = filter["options"].TryGetObject() ?? new JsObject();
        var caseSensitive = overrides.IgnoreCase is { } ignore ? !ignore : !options["caseSensitive"].IsBoolean || options["caseSensitive"].AsBoolean();
        var loose = overrides.Loose || options["typeValidation"].TryGetString() == "loose";
        var conditions = filter["conditions"].TryGetArray() ?? [];
        var rawConditions = raw?["conditions"].TryGetArray();
        var isOr = string.Equals(filter["combinator"].TryGetString(), "or", StringComparison.OrdinalIgnoreCase);

        if (conditions.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            var condition = conditions[i].TryGetObject();
            if (condition is null)
            {
                continue;
            }

            var rawCondition = rawConditions?.ElementAtOrUndefined(i).TryGetObject();
            bool result;
            try
            {
                var left = operands?.Resolve(condition["leftValue"], i, "leftValue", itemIndex) ?? condition["leftValue"];
                var right = operands?.Resolve(condition["rightValue"], i, "rightValue", itemIndex) ?? condition["rightValue"];
                result = EvaluateCondition(condition, left, right, rawCondition, caseSensitive, loose, zone);
            }
            catch (ConditionException e)
            {
                throw new ConditionException($"{e.Message} [condition {i}, item {itemIndex}]", e.Description);
            }

            if (isOr && result)
            {
                return true;
            }

            if (!isOr && !result)
            {
                return false;
            }
        }

        return !isOr;
    }

    private static bool EvaluateCondition(JsObject condition, JsValue left, JsValue right, JsObject? raw, bool caseSensitive, bool loose, TimeZoneInfo zone)
    {
        var op = condition["operator"].TryGetObject() ?? new JsObject();
        var type = op["type"].TryGetString() ?? "string";
        var operation = op["operation"].TryGetString() ?? "equals";
        var singleValue = (op["singleValue"].IsBoolean && op["singleValue"].AsBoolean()) || FilterOperators.IsSingleValue(operation);

        if (!FilterOperators.IsPresenceCheck(operation))
        {
            left = FilterTypeValidation.Coerce(left, type, loose, IsLiteral(raw, "leftValue"), zone);
            if (!singleValue)
            {
                var rightType = FilterOperators.RightType(type, operation, op["rightType"].TryGetString());
                right = FilterTypeValidation.Coerce(right, rightType, loose, IsLiteral(raw, "rightValue"), zone);
            }
        }

        return FilterOperators.Apply(type, operation, left, right, caseSensitive, zone);
    }

    /// <summary>True when <paramref name="raw"/> is a filter object whose only expressions are condition operands.</summary>
    internal static bool OnlyOperandsVary(JsValue raw) => raw.TryGetObject() is { } filter && !HasExpressionOutsideOperands(filter);

    // True when an expression sits anywhere but in a condition's leftValue/rightValue (options, combinator, operator).
    // Runs per item, so it indexes instead of enumerating (JsObject's enumerator allocates).
    private static bool HasExpressionOutsideOperands(JsObject filter)
    {
        for (var i = 0; i < filter.Count; i++)
        {
            var value = filter.ValueAt(i);
            if (filter.KeyAt(i) != "conditions" || value.TryGetArray() is not { } conditions)
            {
                if (ParameterValues.HasExpression(value))
                {
                    return true;
                }

                continue;
            }

            foreach (var c in conditions)
            {
                if (c.TryGetObject() is not { } condition)
                {
                    return true;
                }

                for (var k = 0; k < condition.Count; k++)
                {
                    if (condition.KeyAt(k) is not ("leftValue" or "rightValue") && ParameterValues.HasExpression(condition.ValueAt(k)))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Resolves a condition's operands for one item, naming the exact operand when its expression fails.</summary>
    internal readonly struct OperandResolver(NodeExecutionContext context, string path)
    {
        public JsValue Resolve(JsValue operand, int condition, string side, int itemIndex)
        {
            if (!operand.IsString || !operand.AsString().StartsWith('='))
            {
                return operand;
            }

            try
            {
                return context.Resolve(operand, path, itemIndex);
            }
            catch (Tessera.Engine.Expressions.ExpressionException e)
            {
                e.ParameterName = $"{path}.conditions[{condition}].{side}";
                throw;
            }
        }
    }

    private static bool IsLiteral(JsObject? raw, string key)
    {
        if (raw is null)
        {
            return false;
        }

        var value = raw[key];
        return !(value.IsString && value.AsString().StartsWith('='));
    }
}
