using Tessera.Engine.Data;

namespace Tessera.Nodes.Data.Shared;

/// <summary>The value types of Edit Fields (Set v3+) assignments.</summary>
internal static class SetValueTypes
{
    /// <summary>
    /// Converts <paramref name="value"/> to <paramref name="type"/> ("string", "number", "boolean", "array", "object")
    /// as Edit Fields validates assignments; false when the value cannot be read as that type.
    /// null and undefined become null for every type.
    /// </summary>
    public static bool TryConvert(JsValue value, string type, out JsValue result)
    {
        if (value.IsNullish)
        {
            result = JsValue.Null;
            return true;
        }

        if (value.Kind == JsKind.Host)
        {
            value = HostToData(value, type == "string");
        }

        result = type switch
        {
            "string" => ToStringValue(value),
            "number" => ToNumberValue(value),
            "boolean" => ToBooleanValue(value),
            "array" => ToArrayValue(value),
            "object" => ToObjectValue(value),
            _ => JsonValues.ToData(value),
        };
        return !result.IsUndefined;
    }

    private static JsValue HostToData(JsValue value, bool forString)
    {
        // A JavaScript Date goes through JSON.stringify (quotes included); Luxon DateTimes print as their ISO text.
        var data = JsonValues.ToData(value);
        var typeName = value.Reference?.GetType().Name ?? string.Empty;
        var isJsDate = typeName.Contains("Date", StringComparison.Ordinal) && !typeName.Contains("DateTime", StringComparison.Ordinal);
        return forString && isJsDate && data.IsString ? JsonCodec.Serialize(data) : data;
    }

    private static JsValue ToStringValue(JsValue value) => value.Kind switch
    {
        JsKind.String => value,
        JsKind.Object or JsKind.Array => JsonCodec.Serialize(JsonValues.ToData(value)),
        _ => JsConvert.ToString(value),
    };

    private static JsValue ToNumberValue(JsValue value)
    {
        double n;
        switch (value.Kind)
        {
            case JsKind.Number:
                n = value.AsNumber();
                break;
            case JsKind.Boolean:
                n = value.AsBoolean() ? 1 : 0;
                break;
            case JsKind.String:
                n = JsConvert.StringToNumber(value.AsString());
                break;
            default:
                return JsValue.Undefined;
        }

        return double.IsNaN(n) ? JsValue.Undefined : n;
    }

    private static JsValue ToBooleanValue(JsValue value)
    {
        switch (value.Kind)
        {
            case JsKind.Boolean:
                return value;
            case JsKind.Number:
                var n = value.AsNumber();
                return n == 0 ? JsValue.False : n == 1 ? JsValue.True : JsValue.Undefined;
            case JsKind.String:
                var s = value.AsString().Trim().ToLowerInvariant();
                return s switch
                {
                    "true" or "1" => JsValue.True,
                    "false" or "0" => JsValue.False,
                    _ => JsValue.Undefined,
                };
            default:
                return JsValue.Undefined;
        }
    }

    private static JsValue ToArrayValue(JsValue value)
    {
        if (value.IsArray)
        {
            return JsonValues.ToData(value);
        }

        return value.IsString && JsLiteral.TryParse(value.AsString(), out var parsed) && parsed.IsArray ? parsed : JsValue.Undefined;
    }

    private static JsValue ToObjectValue(JsValue value)
    {
        if (value.IsObject)
        {
            return JsonValues.ToData(value);
        }

        return value.IsString && JsLiteral.TryParse(value.AsString(), out var parsed) && parsed.IsObject ? parsed : JsValue.Undefined;
    }
}
