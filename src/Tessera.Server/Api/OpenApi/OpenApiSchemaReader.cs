using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Tessera.Server.Api.OpenApi;

/// <summary>Turns the JSON Schema subset of <see cref="OpenApiSchemas"/> into the OpenAPI document model.</summary>
internal static class OpenApiSchemaReader
{
    private const string ComponentPrefix = "#/components/schemas/";

    public static IOpenApiSchema Read(JsonNode node, OpenApiDocument document)
    {
        var json = node.AsObject();
        if (json["$ref"] is { } reference)
        {
            return new OpenApiSchemaReference(((string)reference!)[ComponentPrefix.Length..], document);
        }

        var schema = new OpenApiSchema
        {
            Description = (string?)json["description"],
            Format = (string?)json["format"],
        };
        switch (json["type"])
        {
            case JsonValue single:
                schema.Type = TypeOf((string)single!);
                break;
            case JsonArray several:
                schema.Type = several.Aggregate((JsonSchemaType)0, (all, t) => all | TypeOf((string)t!));
                break;
        }

        if (json["properties"] is JsonObject properties)
        {
            schema.Properties = properties.ToDictionary(p => p.Key, p => Read(p.Value!, document));
        }

        if (json["required"] is JsonArray required)
        {
            schema.Required = required.Select(r => (string)r!).ToHashSet();
        }

        if (json["items"] is { } items)
        {
            schema.Items = Read(items, document);
        }

        if (json["enum"] is JsonArray values)
        {
            schema.Enum = values.Select(v => v!.DeepClone()).ToList();
        }

        if (json["anyOf"] is JsonArray anyOf)
        {
            schema.AnyOf = anyOf.Select(s => Read(s!, document)).ToList();
        }

        return schema;
    }

    private static JsonSchemaType TypeOf(string name) => name switch
    {
        "null" => JsonSchemaType.Null,
        "boolean" => JsonSchemaType.Boolean,
        "integer" => JsonSchemaType.Integer,
        "number" => JsonSchemaType.Number,
        "string" => JsonSchemaType.String,
        "object" => JsonSchemaType.Object,
        "array" => JsonSchemaType.Array,
        _ => throw new ArgumentException($"Unknown JSON Schema type '{name}' in OpenApiSchemas.", nameof(name)),
    };
}
