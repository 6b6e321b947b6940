using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Set;

/// <summary>
/// The manual assignments of Edit Fields (v3.3+ <c>assignments.assignments</c>, v3–3.2 <c>fields.values</c>), prepared
/// once per node run: names, types and values without expressions are read and converted once; only expression parts
/// are resolved per item.
/// </summary>
internal sealed class EditFieldsAssignments
{
    private readonly NodeExecutionContext _context;
    private readonly double _version;
    private readonly bool? _ignoreErrors;
    private readonly Entry[] _entries;

    public EditFieldsAssignments(NodeExecutionContext context, double version, bool optionsConstant)
    {
        _context = context;
        _version = version;
        if (optionsConstant)
        {
            _ignoreErrors = context.GetBoolean("options.ignoreConversionErrors", 0);
        }

        var path = version >= 3.3 ? "assignments.assignments" : "fields.values";
        var list = context.GetRawParameter(path).TryGetArray();
        var entries = new List<Entry>(list?.Count ?? 0);
        for (var e = 0; e < (list?.Count ?? 0); e++)
        {
            if (list![e].TryGetObject() is { } raw)
            {
                entries.Add(Prepare(raw, $"{path}[{e}]"));
            }
        }

        _entries = [.. entries];
        if (_entries.All(e => e.Name is not null))
        {
            ConstantNames = [.. _entries.Select(e => e.Name!)];
        }
    }

    /// <summary>The field names in order (one per resolved field) when none is an expression; otherwise null.</summary>
    public IReadOnlyList<string>? ConstantNames { get; }

    /// <summary>Adds the converted (name, value) of every assignment for item <paramref name="index"/>, in order.</summary>
    public void Resolve(int index, List<(string Name, JsValue Value)> fields)
    {
        if (_entries.Length == 0)
        {
            return;
        }

        var ignoreErrors = _ignoreErrors ?? _context.GetBoolean("options.ignoreConversionErrors", index);
        foreach (var entry in _entries)
        {
            if (entry.Converted is { } ready)
            {
                fields.Add((entry.Name!, ready));
                continue;
            }

            // Same order as n8n: name, type, then the value (whose key depends on the type before v3.3).
            var name = entry.Name ?? NameOf(ResolveField(entry, "name", index));
            string type;
            string valueKey;
            if (entry.Type is { } known)
            {
                type = known;
                valueKey = entry.ValueKey ?? "value";
            }
            else
            {
                type = TypeOf(ResolveField(entry, "type", index), out var key);
                valueKey = key ?? "value";
            }

            JsValue value;
            if (entry.ValueConstant)
            {
                value = entry.Value;
            }
            else if (_version < 3.3 && !entry.Raw.ContainsKey(valueKey))
            {
                value = DefaultFor(type);
            }
            else
            {
                value = ResolveField(entry, valueKey, index);
            }

            fields.Add((name, Convert(name, type, value, ignoreErrors, index)));
        }
    }

    private Entry Prepare(JsObject raw, string prefix)
    {
        var entry = new Entry { Raw = raw, Prefix = prefix };
        var rawName = raw["name"];
        if (!ParameterValues.HasExpression(rawName))
        {
            entry.Name = NameOf(rawName);
        }

        var rawType = raw["type"];
        if (ParameterValues.HasExpression(rawType))
        {
            // v3–3.2 name the value's key after the type ("numberValue"), so the value cannot be prepared either.
            return entry;
        }

        entry.Type = TypeOf(rawType, out var valueKey);
        entry.ValueKey = valueKey;
        var key = valueKey ?? "value";
        if (valueKey is not null && !raw.ContainsKey(valueKey))
        {
            entry.Value = DefaultFor(entry.Type);
            entry.ValueConstant = true;
        }
        else if (!ParameterValues.HasExpression(raw[key]))
        {
            // What resolving a value without expressions gives: the value itself (undefined when absent).
            entry.Value = raw[key];
            entry.ValueConstant = true;
        }

        // A constant that converts to a primitive is the same for every item; objects and arrays are built per item
        // so items never share a mutable value, and failures stay per item (they depend on the item's options).
        if (entry.ValueConstant && entry.Name is not null
            && SetValueTypes.TryConvert(entry.Value, entry.Type, out var converted)
            && converted.Kind is not (JsKind.Object or JsKind.Array or JsKind.Host))
        {
            entry.Converted = converted;
        }

        return entry;
    }

    private string TypeOf(JsValue rawType, out string? valueKey)
    {
        if (_version >= 3.3)
        {
            valueKey = null;
            return rawType.IsString ? rawType.AsString() : "string";
        }

        valueKey = rawType.IsString ? rawType.AsString() : "stringValue";
        return valueKey.EndsWith("Value", StringComparison.Ordinal) ? valueKey[..^5] : valueKey;
    }

    private static string NameOf(JsValue rawName) => rawName.IsString ? rawName.AsString() : JsConvert.ToString(rawName);

    private JsValue ResolveField(Entry entry, string key, int item)
    {
        if (!entry.Raw.TryGetValue(key, out var value))
        {
            return JsValue.Undefined;
        }

        try
        {
            return _context.Resolve(value, entry.Prefix, item);
        }
        catch (Tessera.Engine.Expressions.ExpressionException e) when (e.ParameterName == entry.Prefix)
        {
            e.ParameterName = entry.Prefix + "." + key;
            throw;
        }
    }

    private static JsValue Convert(string name, string type, JsValue value, bool ignoreErrors, int index)
    {
        if (SetValueTypes.TryConvert(value, type, out var converted))
        {
            return converted;
        }

        if (ignoreErrors)
        {
            var data = JsonValues.ToData(value);
            return data.IsUndefined ? JsValue.Null : data;
        }

        throw new NodeOperationException(
            $"'{name}' expects a {type} but we got '{Display(value)}' [item {index}]",
            index,
            "To fix this, change the type of the field or enable 'Ignore Type Conversion Errors' in the node's options.");
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

    private sealed class Entry
    {
        public required JsObject Raw { get; init; }

        public required string Prefix { get; init; }

        /// <summary>The field name when it has no expression.</summary>
        public string? Name { get; set; }

        /// <summary>The value type when it has no expression.</summary>
        public string? Type { get; set; }

        /// <summary>v3–3.2: the key holding the value (<c>numberValue</c>…), known with the type.</summary>
        public string? ValueKey { get; set; }

        public bool ValueConstant { get; set; }

        public JsValue Value { get; set; }

        /// <summary>The converted value, when it is the same primitive for every item.</summary>
        public JsValue? Converted { get; set; }
    }
}
