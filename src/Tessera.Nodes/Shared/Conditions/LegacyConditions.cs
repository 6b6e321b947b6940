using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Shared.Conditions;

/// <summary>
/// The comparisons of If v1, Filter v1 and Switch v1/v2: a data type (boolean, dateTime, number, string), an operation name
/// and two values compared with JavaScript semantics (strict equality, relational coercion, text operations on String(value)).
/// </summary>
public static class LegacyConditions
{
    /// <summary>The groups in the order n8n evaluates them.</summary>
    public static readonly IReadOnlyList<string> DataTypes = ["boolean", "dateTime", "number", "string"];

    /// <summary>The operation used when a condition does not name one.</summary>
    public static string DefaultOperation(string dataType, bool isSwitch = false) => dataType switch
    {
        "boolean" => "equal",
        "dateTime" => "after",
        "number" => isSwitch ? "equal" : "smaller",
        _ => "equal",
    };

    /// <summary>The value used when a condition does not set <c>value1</c>/<c>value2</c>.</summary>
    public static JsValue DefaultValue(string dataType) => dataType switch
    {
        "boolean" => false,
        "number" => 0,
        _ => string.Empty,
    };

    /// <summary>
    /// Evaluates every condition group of an If v1 / Filter v1 <c>conditions</c> collection (already resolved for the item).
    /// </summary>
    /// <param name="conditions">The <c>conditions</c> parameter: <c>{ boolean: [...], dateTime: [...], number: [...], string: [...] }</c>.</param>
    /// <param name="any">True when one passing condition is enough (<c>combineOperation: any</c> / <c>combineConditions: OR</c>).</param>
    /// <param name="zone">Zone for zone-less date text.</param>
    /// <param name="itemIndex">For error messages.</param>
    public static bool EvaluateAll(JsObject conditions, bool any, TimeZoneInfo zone, int itemIndex)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var sawAny = false;
        foreach (var dataType in DataTypes)
        {
            if (conditions[dataType].TryGetArray() is not { } list)
            {
                continue;
            }

            foreach (var entry in list)
            {
                if (entry.TryGetObject() is not { } condition)
                {
                    continue;
                }

                sawAny = true;
                var operation = condition["operation"].TryGetString() ?? DefaultOperation(dataType);
                var value1 = condition.ContainsKey("value1") ? condition["value1"] : DefaultValue(dataType);
                var value2 = condition.ContainsKey("value2") ? condition["value2"] : DefaultValue(dataType);
                var result = Compare(dataType, operation, value1, value2, zone, itemIndex);
                if (any && result)
                {
                    return true;
                }

                if (!any && !result)
                {
                    return false;
                }
            }
        }

        return !any || !sawAny;
    }

    /// <summary>Compares two values with a legacy operation.</summary>
    /// <exception cref="NodeOperationException">An unknown operation or a bad regular expression.</exception>
    public static bool Compare(string dataType, string operation, JsValue value1, JsValue value2, TimeZoneInfo zone, int itemIndex)
    {
        if (dataType == "dateTime")
        {
            value1 = ToDateNumber(value1, zone);
            value2 = ToDateNumber(value2, zone);
        }

        try
        {
            return operation switch
            {
                "equal" => JsonEquality.StrictEquals(value1, value2),
                "notEqual" => !JsonEquality.StrictEquals(value1, value2),
                "smaller" or "before" => Relational(value1, value2) is < 0,
                "smallerEqual" => Relational(value1, value2) is <= 0,
                "larger" or "after" => Relational(value1, value2) is > 0,
                "largerEqual" => Relational(value1, value2) is >= 0,
                "contains" => Text(value1).Contains(Text(value2), StringComparison.Ordinal),
                "notContains" => !Text(value1).Contains(Text(value2), StringComparison.Ordinal),
                "startsWith" => Text(value1).StartsWith(Text(value2), StringComparison.Ordinal),
                "notStartsWith" => !Text(value1).StartsWith(Text(value2), StringComparison.Ordinal),
                "endsWith" => Text(value1).EndsWith(Text(value2), StringComparison.Ordinal),
                "notEndsWith" => !Text(value1).EndsWith(Text(value2), StringComparison.Ordinal),
                "regex" => ConditionValues.ParseRegex(Text(value2), ignoreCase: false).IsMatch(Text(value1)),
                "notRegex" => !ConditionValues.ParseRegex(Text(value2), ignoreCase: false).IsMatch(Text(value1)),
                "isEmpty" => IsEmpty(value1),
                "isNotEmpty" => !IsEmpty(value1),
                _ => throw new NodeOperationException(
                    $"The operation '{operation}' is not known for {dataType} comparisons",
                    itemIndex,
                    "Pick one of the operations offered for this data type."),
            };
        }
        catch (ConditionException e)
        {
            throw new NodeOperationException(e.Message, itemIndex, e.Description, e);
        }
    }

    // JavaScript `(value || '').toString()`.
    private static string Text(JsValue value) => JsConvert.ToBoolean(value) ? JsConvert.ToString(value) : string.Empty;

    private static bool IsEmpty(JsValue value) => value.Kind switch
    {
        JsKind.Undefined or JsKind.Null => true,
        JsKind.String => value.AsString().Length == 0,
        JsKind.Number => double.IsNaN(value.AsNumber()),
        JsKind.Array => value.AsArray().Count == 0,
        JsKind.Object => value.AsObject().Count == 0,
        _ => false,
    };

    private static JsValue ToDateNumber(JsValue value, TimeZoneInfo zone) =>
        ConditionValues.TryGetEpochMs(value, zone, out var ms) ? ms : double.NaN;

    // JavaScript's abstract relational comparison: -1, 0, 1, or null when NaN is involved (every relational operator is false).
    private static int? Relational(JsValue a, JsValue b)
    {
        if (a.IsString && b.IsString)
        {
            return Math.Sign(string.CompareOrdinal(a.AsString(), b.AsString()));
        }

        var x = JsConvert.ToNumber(a);
        var y = JsConvert.ToNumber(b);
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return null;
        }

        return x.CompareTo(y);
    }
}
