using Tessera.Engine.Data;

namespace Tessera.Nodes.Shared.Conditions;

/// <summary>
/// Checks (strict) or converts (loose) a condition value to the type its operator works on, as n8n's filter does.
/// Null and undefined pass unchanged for every type: the operators decide what an absent value means.
/// </summary>
internal static class FilterTypeValidation
{
    /// <summary>The value as <paramref name="type"/>, or a <see cref="ConditionException"/>.</summary>
    /// <param name="value">The resolved value.</param>
    /// <param name="type">string, number, boolean, dateTime, array, object or any.</param>
    /// <param name="loose">Convert where possible instead of rejecting.</param>
    /// <param name="literal">The value was typed in (not an expression); typed-in text is read as the expected type.</param>
    /// <param name="zone">Zone for zone-less date text.</param>
    public static JsValue Coerce(JsValue value, string type, bool loose, bool literal, TimeZoneInfo zone)
    {
        if (value.IsNullish || type == "any")
        {
            return value;
        }

        var parseText = loose || (literal && value.IsString);
        switch (type)
        {
            case "string":
                if (value.IsString)
                {
                    return value;
                }

                if (loose)
                {
                    return value.Kind is JsKind.Object or JsKind.Array ? JsonCodec.Serialize(value) : JsConvert.ToString(value);
                }

                break;
            case "number":
                if (value.IsNumber && !double.IsNaN(value.AsNumber()))
                {
                    return value;
                }

                if (parseText && value.IsString && value.AsString().Trim().Length > 0)
                {
                    var n = JsConvert.StringToNumber(value.AsString());
                    if (!double.IsNaN(n))
                    {
                        return n;
                    }
                }
                else if (loose && value.IsBoolean)
                {
                    return value.AsBoolean() ? 1 : 0;
                }

                break;
            case "boolean":
                if (value.IsBoolean)
                {
                    return value;
                }

                if (parseText && TryParseBoolean(value, out var b))
                {
                    return b;
                }

                break;
            case "dateTime":
                if (value.IsString && ConditionValues.TryParseDateText(value.AsString(), zone, out _))
                {
                    return value;
                }

                if (value.Kind == JsKind.Host && ConditionValues.TryGetEpochMs(value, zone, out _))
                {
                    return value;
                }

                if (loose && value.IsNumber)
                {
                    return value;
                }

                break;
            case "array":
                if (value.IsArray)
                {
                    return value;
                }

                if (loose && value.IsString && TryParseJson(value.AsString(), out var arr) && arr.IsArray)
                {
                    return arr;
                }

                break;
            case "object":
                if (value.IsObject)
                {
                    return value;
                }

                if (loose && value.IsString && TryParseJson(value.AsString(), out var obj) && obj.IsObject)
                {
                    return obj;
                }

                break;
            default:
                return value;
        }

        throw loose
            ? new ConditionException(
                $"Conversion error: the {ConditionValues.TypeName(value)} '{ConditionValues.Describe(value)}' can't be converted to {Article(type)} {type}",
                "Check the value, or change the type of comparison.")
            : new ConditionException(
                $"Wrong type: '{ConditionValues.Describe(value)}' is {Article(ConditionValues.TypeName(value))} {ConditionValues.TypeName(value)} but was expecting {Article(type)} {type}",
                "Try changing the type of comparison. Alternatively you can enable 'Convert types where required'.");
    }

    private static string Article(string word) => word.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(word[0]), StringComparison.Ordinal) ? "an" : "a";

    private static bool TryParseBoolean(JsValue value, out bool result)
    {
        result = false;
        switch (value.Kind)
        {
            case JsKind.String:
                var s = value.AsString().Trim().ToLowerInvariant();
                switch (s)
                {
                    case "true" or "1":
                        result = true;
                        return true;
                    case "false" or "0":
                        return true;
                    default:
                        return false;
                }

            case JsKind.Number:
                var n = value.AsNumber();
                result = n == 1;
                return n is 0 or 1;
            default:
                return false;
        }
    }

    private static bool TryParseJson(string text, out JsValue value)
    {
        value = JsValue.Undefined;
        var t = text.Trim();
        if (t.Length == 0)
        {
            return false;
        }

        try
        {
            value = JsonCodec.Parse(t);
            return true;
        }
        catch (JsonFormatException)
        {
            // n8n also accepts single-quoted JSON-like text ("['a','b']").
            try
            {
                value = JsonCodec.Parse(t.Replace('\'', '"'));
                return true;
            }
            catch (JsonFormatException)
            {
                return false;
            }
        }
    }
}
