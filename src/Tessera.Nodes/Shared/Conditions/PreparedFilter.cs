using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Shared.Conditions;

/// <summary>
/// A filter parameter whose only expressions are condition operands, read once per node run: options, combinator and
/// each condition's operator are looked up and decided here, so an item costs its operands and the comparison only.
/// </summary>
/// <remarks>
/// Evaluates exactly as <see cref="FilterEvaluator"/> does for such a filter (same order of operand resolution, type
/// checks and comparisons, same errors); tests run both on the same filters.
/// </remarks>
internal sealed class PreparedFilter
{
    private readonly bool _caseSensitive;
    private readonly bool _loose;
    private readonly bool _isOr;
    private readonly bool _empty;
    private readonly Condition[] _conditions;

    /// <summary>Prepares <paramref name="filter"/>, which must hold expressions in condition operands only.</summary>
    public PreparedFilter(JsObject filter)
    {
        var options = filter["options"].TryGetObject() ?? new JsObject();
        _caseSensitive = !options["caseSensitive"].IsBoolean || options["caseSensitive"].AsBoolean();
        _loose = options["typeValidation"].TryGetString() == "loose";
        _isOr = string.Equals(filter["combinator"].TryGetString(), "or", StringComparison.OrdinalIgnoreCase);
        var conditions = filter["conditions"].TryGetArray() ?? [];
        _empty = conditions.Count == 0;
        var prepared = new List<Condition>(conditions.Count);
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].TryGetObject() is not { } condition)
            {
                continue;
            }

            var op = condition["operator"].TryGetObject() ?? new JsObject();
            var type = op["type"].TryGetString() ?? "string";
            var operation = op["operation"].TryGetString() ?? "equals";
            var left = condition["leftValue"];
            var right = condition["rightValue"];
            prepared.Add(new Condition(
                i,
                left,
                right,
                IsExpression(left),
                IsExpression(right),
                type,
                operation,
                (op["singleValue"].IsBoolean && op["singleValue"].AsBoolean()) || FilterOperators.IsSingleValue(operation),
                FilterOperators.IsPresenceCheck(operation),
                FilterOperators.RightType(type, operation, op["rightType"].TryGetString())));
        }

        _conditions = [.. prepared];
    }

    /// <summary>True when item <paramref name="itemIndex"/> passes; throws as <see cref="FilterEvaluator.Evaluate(NodeExecutionContext, string, int, FilterOverrides)"/> does.</summary>
    public bool Evaluate(NodeExecutionContext context, string path, int itemIndex, FilterOverrides overrides)
    {
        try
        {
            return EvaluateConditions(new FilterEvaluator.OperandResolver(context, path), itemIndex, overrides, context.Execution.TimeZone);
        }
        catch (ConditionException e)
        {
            throw new NodeOperationException(e.Message, itemIndex, e.Description, e);
        }
    }

    private bool EvaluateConditions(FilterEvaluator.OperandResolver operands, int itemIndex, FilterOverrides overrides, TimeZoneInfo zone)
    {
        if (_empty)
        {
            return true;
        }

        var caseSensitive = overrides.IgnoreCase is { } ignore ? !ignore : _caseSensitive;
        var loose = overrides.Loose || _loose;
        foreach (var c in _conditions)
        {
            bool result;
            try
            {
                var left = c.LeftIsExpression ? operands.Resolve(c.Left, c.Index, "leftValue", itemIndex) : c.Left;
                var right = c.RightIsExpression ? operands.Resolve(c.Right, c.Index, "rightValue", itemIndex) : c.Right;
                if (!c.PresenceCheck)
                {
                    left = FilterTypeValidation.Coerce(left, c.Type, loose, !c.LeftIsExpression, zone);
                    if (!c.SingleValue)
                    {
                        right = FilterTypeValidation.Coerce(right, c.RightType, loose, !c.RightIsExpression, zone);
                    }
                }

                result = FilterOperators.Apply(c.Type, c.Operation, left, right, caseSensitive, zone);
            }
            catch (ConditionException e)
            {
                throw new ConditionException($"{e.Message} [condition {c.Index}, item {itemIndex}]", e.Description);
            }

            if (_isOr && result)
            {
                return true;
            }

            if (!_isOr && !result)
            {
                return false;
            }
        }

        return !_isOr;
    }

    private static bool IsExpression(JsValue value) => value.IsString && value.AsString().StartsWith('=');

    private sealed record Condition(
        int Index,
        JsValue Left,
        JsValue Right,
        bool LeftIsExpression,
        bool RightIsExpression,
        string Type,
        string Operation,
        bool SingleValue,
        bool PresenceCheck,
        string RightType);
}
