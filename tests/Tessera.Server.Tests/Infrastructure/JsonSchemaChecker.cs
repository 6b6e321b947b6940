using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// Checks JSON against the subset of JSON Schema the API document uses (type incl. type arrays, properties, required,
/// items, $ref to #/components/schemas, enum, anyOf). No JSON Schema package restores here, and the subset is small.
/// </summary>
internal sealed class JsonSchemaChecker(JsonObject document)
{
    /// <summary>Every mismatch, as "path: problem".</summary>
    public List<string> Check(JsonNode? value, JsonNode schema, string path = "$")
    {
        var errors = new List<string>();
        CheckInto(value, schema, path, errors);
        return errors;
    }

    private void CheckInto(JsonNode? value, JsonNode schema, string path, List<string> errors)
    {
        var s = schema.AsObject();
        if (s["$ref"] is { } reference)
        {
            var name = ((string)reference!).Replace("#/components/schemas/", string.Empty, StringComparison.Ordinal);
            var target = document["components"]?["schemas"]?[name] ?? throw new InvalidOperationException($"{path}: $ref to missing schema '{name}'.");
            CheckInto(value, target, path, errors);
            return;
        }

        if (s["type"] is { } type)
        {
            var allowed = type is JsonArray list ? list.Select(t => (string)t!).ToList() : [(string)type!];
            var actual = TypeOf(value);
            if (!allowed.Contains(actual) && !(actual == "integer" && allowed.Contains("number")))
            {
                errors.Add($"{path}: expected {string.Join("|", allowed)}, got {actual}");
                return;
            }
        }

        if (s["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, value)))
        {
            errors.Add($"{path}: {value?.ToJsonString()} is not one of {values.ToJsonString()}");
        }

        if (s["anyOf"] is JsonArray anyOf && !anyOf.Any(option => Check(value, option!, path).Count == 0))
        {
            errors.Add($"{path}: matches none of anyOf");
        }

        if (value is JsonObject obj)
        {
            foreach (var required in s["required"]?.AsArray() ?? [])
            {
                if (!obj.ContainsKey((string)required!))
                {
                    errors.Add($"{path}: missing required '{required}'");
                }
            }

            foreach (var (name, propertySchema) in s["properties"]?.AsObject() ?? [])
            {
                if (obj.TryGetPropertyValue(name, out var propertyValue))
                {
                    CheckInto(propertyValue, propertySchema!, $"{path}.{name}", errors);
                }
            }
        }

        if (value is JsonArray array && s["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                CheckInto(array[i], items, $"{path}[{i}]", errors);
            }
        }
    }

    private static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => v.TryGetValue<long>(out _) || (v.TryGetValue<double>(out var d) && d == Math.Floor(d)) ? "integer" : "number",
            _ => "null",
        },
        _ => "unknown",
    };
}
