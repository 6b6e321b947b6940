using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Set;

/// <summary>Set v1 and v2: boolean, number and string value lists, applied in that order.</summary>
internal static class SetLegacy
{
    public static Item Run(NodeExecutionContext context, Item input, int index, double version)
    {
        var keepOnlySet = context.GetBoolean("keepOnlySet", index);
        var dotNotation = context.GetBoolean("options.dotNotation", index, true);
        var values = context.GetParameter("values", index).TryGetObject() ?? new JsObject();

        var json = keepOnlySet ? new JsObject() : input.Json.DeepClone();
        foreach (var type in (string[])["boolean", "number", "string"])
        {
            if (values[type].TryGetArray() is not { } list)
            {
                continue;
            }

            foreach (var entry in list)
            {
                var obj = entry.TryGetObject() ?? new JsObject();
                var name = obj["name"].IsString ? obj["name"].AsString() : "propertyName";
                var value = Convert(obj["value"], type, version);
                FieldPath.Set(json, name, value, dotNotation);
            }
        }

        return new Item(json)
        {
            Binary = keepOnlySet ? null : ItemHelpers.CopyBinary(input),
            Paired = [new PairedItem(index)],
        };
    }

    private static JsValue Convert(JsValue value, string type, double version)
    {
        if (value.IsUndefined)
        {
            return type switch
            {
                "boolean" => JsValue.False,
                "number" => 0,
                _ => string.Empty,
            };
        }

        var data = JsonValues.ToData(value);
        if (version < 2)
        {
            return data.IsUndefined ? JsValue.Null : data;
        }

        // v2 coerces expression results to the declared type where JavaScript would.
        return type switch
        {
            "number" when data.IsString && !double.IsNaN(JsConvert.StringToNumber(data.AsString())) && data.AsString().Trim().Length > 0
                => JsConvert.StringToNumber(data.AsString()),
            "boolean" when data.IsString => data.AsString().Trim().ToLowerInvariant() switch
            {
                "true" => JsValue.True,
                "false" => JsValue.False,
                _ => data,
            },
            "string" when data.IsNumber || data.IsBoolean => JsConvert.ToString(data),
            _ => data.IsUndefined ? JsValue.Null : data,
        };
    }
}
