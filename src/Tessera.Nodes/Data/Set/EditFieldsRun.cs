using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Set;

/// <summary>Edit Fields (Set v3–3.4) for one item: manual assignments or raw JSON, then which input fields to keep.</summary>
internal static class EditFieldsRun
{
    public static Item Run(NodeExecutionContext context, Item input, int index, double version)
    {
        var dotNotation = context.GetBoolean("options.dotNotation", index, true);
        var mode = context.GetString("mode", index, "manual");
        var fields = mode == "raw" ? RawFields(context, index) : ManualFields(context, index, version);

        var include = Include(context, index, version);
        var json = include switch
        {
            "all" => input.Json.DeepClone(fields.Count),
            "selected" => Selected(context, input.Json, index, dotNotation),
            "except" => Except(context, input.Json, index, dotNotation),
            _ => new JsObject(),
        };

        foreach (var (name, value) in fields)
        {
            FieldPath.Set(json, name, value, dotNotation);
        }

        return new Item(json)
        {
            Binary = KeepBinary(context, index, version, include) ? ItemHelpers.CopyBinary(input) : null,
            Paired = [new PairedItem(index)],
        };
    }

    private static string Include(NodeExecutionContext context, int index, double version)
    {
        if (version >= 3.3)
        {
            return context.GetBoolean("includeOtherFields", index) ? context.GetString("include", index, "all") : "none";
        }

        return context.GetString("include", index, "all");
    }

    private static bool KeepBinary(NodeExecutionContext context, int index, double version, string include)
    {
        if (version >= 3.4)
        {
            return include != "none" || !context.GetBoolean("options.stripBinary", index, true);
        }

        return context.GetBoolean("options.includeBinary", index, true);
    }

    private static JsObject Selected(NodeExecutionContext context, JsObject source, int index, bool dotNotation)
    {
        var json = new JsObject();
        foreach (var field in FieldList.Parse(context.GetParameter("includeFields", index)))
        {
            var value = FieldPath.Get(source, field, dotNotation);
            if (!value.IsUndefined)
            {
                FieldPath.Set(json, field, JsonCodec.DeepClone(value), dotNotation);
            }
        }

        return json;
    }

    private static JsObject Except(NodeExecutionContext context, JsObject source, int index, bool dotNotation)
    {
        var json = source.DeepClone();
        foreach (var field in FieldList.Parse(context.GetParameter("excludeFields", index)))
        {
            FieldPath.Unset(json, field, dotNotation);
        }

        return json;
    }

    private static List<(string Name, JsValue Value)> RawFields(NodeExecutionContext context, int index)
    {
        var raw = context.GetParameter("jsonOutput", index);
        JsObject? obj = null;
        if (raw.IsString)
        {
            var text = raw.AsString();
            try
            {
                obj = JsonCodec.Parse(text).TryGetObject();
            }
            catch (JsonFormatException)
            {
                obj = JsLiteral.TryParse(text, out var lenient) ? lenient.TryGetObject() : null;
            }
        }
        else if (raw.IsObject || raw.Kind == JsKind.Host)
        {
            obj = JsonValues.ToData(raw).TryGetObject();
        }

        if (obj is null)
        {
            throw new NodeOperationException(
                $"The 'JSON Output' in item {index} contains invalid JSON",
                index,
                "Make 'JSON' an object, e.g. {\"my_field\": \"value\"}; check quotes and commas.");
        }

        return [.. obj.Select(kv => (kv.Key, kv.Value))];
    }

    private static List<(string Name, JsValue Value)> ManualFields(NodeExecutionContext context, int index, double version)
    {
        var ignoreErrors = context.GetBoolean("options.ignoreConversionErrors", index);
        // Read the list raw and resolve only the name and value of each entry: copying the whole resolved list for
        // every item was most of this node's allocation.
        var path = version >= 3.3 ? "assignments.assignments" : "fields.values";
        var entries = context.GetRawParameter(path).TryGetArray();
        if (entries is null)
        {
            return [];
        }

        var result = new List<(string, JsValue)>(entries.Count);
        for (var e = 0; e < entries.Count; e++)
        {
            if (entries[e].TryGetObject() is not { } raw)
            {
                continue;
            }

            var prefix = e < 32 ? CommonPaths[version >= 3.3 ? 0 : 1][e] : $"{path}[{e}]";
            var rawName = ResolveField(context, raw, "name", prefix, index);
            var name = rawName.IsString ? rawName.AsString() : JsConvert.ToString(rawName);
            var rawType = ResolveField(context, raw, "type", prefix, index);
            string type;
            JsValue value;
            if (version >= 3.3)
            {
                type = rawType.IsString ? rawType.AsString() : "string";
                value = ResolveField(context, raw, "value", prefix, index);
            }
            else
            {
                var valueKey = rawType.IsString ? rawType.AsString() : "stringValue";
                type = valueKey.EndsWith("Value", StringComparison.Ordinal) ? valueKey[..^5] : valueKey;
                value = raw.ContainsKey(valueKey) ? ResolveField(context, raw, valueKey, prefix, index) : DefaultFor(type);
            }

            if (SetValueTypes.TryConvert(value, type, out var converted))
            {
                result.Add((name, converted));
            }
            else if (ignoreErrors)
            {
                var data = JsonValues.ToData(value);
                result.Add((name, data.IsUndefined ? JsValue.Null : data));
            }
            else
            {
                throw new NodeOperationException(
                    $"'{name}' expects a {type} but we got '{Display(value)}' [item {index}]",
                    index,
                    "To fix this, change the type of the field or enable 'Ignore Type Conversion Errors' in the node's options.");
            }
        }

        return result;
    }

    // Paths for error messages ("assignments.assignments[0]"); the common ones are built once, not per item.
    private static readonly string[][] CommonPaths = [.. new[] { "assignments.assignments", "fields.values" }.Select(p => Enumerable.Range(0, 32).Select(i => $"{p}[{i}]").ToArray())];

    private static JsValue ResolveField(NodeExecutionContext context, JsObject raw, string key, string prefix, int item)
    {
        if (!raw.TryGetValue(key, out var value))
        {
            return JsValue.Undefined;
        }

        try
        {
            return context.Resolve(value, prefix, item);
        }
        catch (Tessera.Engine.Expressions.ExpressionException e) when (e.ParameterName == prefix)
        {
            e.ParameterName = prefix + "." + key;
            throw;
        }
    }

    private static JsValue DefaultFor(string type) => type switch
    {
        "number" => 0,
        "boolean" => JsValue.False,
        "array" => "[]",
        "object" => "{}",
        _ => string.Empty,
    };

    private static string Display(JsValue value) => value.Kind switch
    {
        JsKind.String => value.AsString(),
        JsKind.Object or JsKind.Array => JsonCodec.Serialize(JsonValues.ToData(value)),
        _ => JsConvert.ToString(value),
    };
}
