using Tessera.Engine.Data;

namespace Tessera.Nodes.Shared.Conditions;

/// <summary>The comparison of one filter condition, once both values have the operator's type.</summary>
internal static class FilterOperators
{
    /// <summary>Operations that look only at whether a value is there, so type checks do not apply.</summary>
    public static bool IsPresenceCheck(string operation) => operation is "exists" or "notExists";

    /// <summary>Operations that ignore the right value.</summary>
    public static bool IsSingleValue(string operation) =>
        operation is "exists" or "notExists" or "empty" or "notEmpty" or "true" or "false";

    /// <summary>The type the right value must have for <paramref name="type"/>/<paramref name="operation"/>.</summary>
    public static string RightType(string type, string operation, string? rightType) => type switch
    {
        "array" when operation.StartsWith("length", StringComparison.Ordinal) => "number",
        "array" => rightType ?? "any",
        "string" when operation.StartsWith("length", StringComparison.Ordinal) => "number",
        _ => rightType ?? type,
    };

    /// <summary>Applies the operation.</summary>
    public static bool Apply(string type, string operation, JsValue left, JsValue right, bool caseSensitive, TimeZoneInfo zone)
    {
        switch (operation)
        {
            case "exists":
                return Exists(left);
            case "notExists":
                return !Exists(left);
            case "empty":
                return IsEmpty(left);
            case "notEmpty":
                return !IsEmpty(left);
        }

        return type switch
        {
            "string" => StringOp(operation, left, right, caseSensitive),
            "number" => NumberOp(operation, left, right),
            "dateTime" => DateOp(operation, left, right, zone),
            "boolean" => BooleanOp(operation, left, right),
            "array" => ArrayOp(operation, left, right, caseSensitive),
            "object" => throw Unknown(type, operation),
            _ => AnyOp(operation, left, right),
        };
    }

    private static bool Exists(JsValue v) => !v.IsNullish && !(v.IsNumber && double.IsNaN(v.AsNumber()));

    private static bool IsEmpty(JsValue v) => v.Kind switch
    {
        JsKind.Undefined or JsKind.Null => true,
        JsKind.String => v.AsString().Length == 0,
        JsKind.Array => v.AsArray().Count == 0,
        JsKind.Object => v.AsObject().Count == 0,
        JsKind.Number => double.IsNaN(v.AsNumber()),
        _ => false,
    };

    private static bool StringOp(string operation, JsValue leftValue, JsValue rightValue, bool caseSensitive)
    {
        if (operation.StartsWith("length", StringComparison.Ordinal))
        {
            var length = leftValue.IsString ? leftValue.AsString().Length : 0;
            return CompareNumbers(operation["length".Length..], length, JsConvert.ToNumber(rightValue));
        }

        var left = leftValue.IsNullish ? string.Empty : JsConvert.ToString(leftValue);
        var right = rightValue.IsNullish ? string.Empty : JsConvert.ToString(rightValue);
        if (operation is "regex" or "notRegex")
        {
            var matches = ConditionValues.ParseRegex(right, !caseSensitive).IsMatch(left);
            return operation == "regex" ? matches : !matches;
        }

        var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return operation switch
        {
            "equals" => !leftValue.IsNullish && string.Equals(left, right, comparison),
            "notEquals" => leftValue.IsNullish || !string.Equals(left, right, comparison),
            "contains" => left.Contains(right, comparison),
            "notContains" => !left.Contains(right, comparison),
            "startsWith" => left.StartsWith(right, comparison),
            "notStartsWith" => !left.StartsWith(right, comparison),
            "endsWith" => left.EndsWith(right, comparison),
            "notEndsWith" => !left.EndsWith(right, comparison),
            _ => throw Unknown("string", operation),
        };
    }

    private static bool NumberOp(string operation, JsValue left, JsValue right)
    {
        if (left.IsNullish)
        {
            return operation == "notEquals" && !right.IsNullish;
        }

        return CompareNumbers(operation, left.AsNumber(), right.IsNullish ? double.NaN : right.AsNumber());
    }

    private static bool CompareNumbers(string operation, double l, double r) => operation switch
    {
        "equals" or "Equals" => l == r,
        "notEquals" or "NotEquals" => l != r,
        "gt" or "Gt" => l > r,
        "lt" or "Lt" => l < r,
        "gte" or "Gte" => l >= r,
        "lte" or "Lte" => l <= r,
        _ => throw Unknown("number", operation),
    };

    private static bool DateOp(string operation, JsValue left, JsValue right, TimeZoneInfo zone)
    {
        var hasLeft = ConditionValues.TryGetEpochMs(left, zone, out var l);
        var hasRight = ConditionValues.TryGetEpochMs(right, zone, out var r);
        if (!hasLeft || !hasRight)
        {
            return operation == "notEquals" && hasLeft != hasRight;
        }

        return operation switch
        {
            "equals" => l == r,
            "notEquals" => l != r,
            "after" => l > r,
            "before" => l < r,
            "afterOrEquals" => l >= r,
            "beforeOrEquals" => l <= r,
            _ => throw Unknown("dateTime", operation),
        };
    }

    private static bool BooleanOp(string operation, JsValue left, JsValue right) => operation switch
    {
        "true" => left.IsBoolean && left.AsBoolean(),
        "false" => left.IsBoolean && !left.AsBoolean(),
        "equals" => left.IsBoolean && right.IsBoolean && left.AsBoolean() == right.AsBoolean(),
        "notEquals" => !(left.IsBoolean && right.IsBoolean && left.AsBoolean() == right.AsBoolean()),
        _ => throw Unknown("boolean", operation),
    };

    private static bool ArrayOp(string operation, JsValue left, JsValue right, bool caseSensitive)
    {
        var array = left.TryGetArray();
        if (operation.StartsWith("length", StringComparison.Ordinal))
        {
            return CompareNumbers(operation["length".Length..], array?.Count ?? 0, JsConvert.ToNumber(right));
        }

        var contains = array is not null && array.Items.Exists(element => ElementEquals(element, right, caseSensitive));
        return operation switch
        {
            "contains" => contains,
            "notContains" => !contains,
            _ => throw Unknown("array", operation),
        };
    }

    private static bool ElementEquals(JsValue element, JsValue value, bool caseSensitive)
    {
        if (!caseSensitive && element.IsString && value.IsString)
        {
            return string.Equals(element.AsString(), value.AsString(), StringComparison.OrdinalIgnoreCase);
        }

        return element.Kind is JsKind.Object or JsKind.Array ? JsonEquality.DeepEquals(element, value) : JsonEquality.StrictEquals(element, value);
    }

    private static bool AnyOp(string operation, JsValue left, JsValue right) => operation switch
    {
        "equals" => JsonEquality.DeepEquals(left, right),
        "notEquals" => !JsonEquality.DeepEquals(left, right),
        _ => throw Unknown("any", operation),
    };

    private static ConditionException Unknown(string type, string operation) =>
        new($"Unknown {type} operation '{operation}'", "Pick one of the operations the condition editor offers for this type.");
}
