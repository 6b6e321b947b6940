using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Engine.Data;
using Tessera.Engine.Workflows;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Api;

/// <summary>
/// Converts between the API's workflow JSON (n8n's workflow plus id, active, versionId, projectId, times) and what the
/// store keeps (the n8n part only; the rest lives in columns).
/// </summary>
internal static class WorkflowDocument
{
    /// <summary>Fields the server owns: never stored inside the JSON, always taken from the columns.</summary>
    private static readonly string[] ServerFields = ["id", "active", "versionId", "projectId", "createdAt", "updatedAt", "tags", "shared", "homeProject", "scopes", "usedCredentials", "isArchived", "triggerCount"];

    /// <summary>A parsed request body: the n8n JSON to store, its name and tags, or the problems.</summary>
    internal sealed record Parsed(JsonObject Json, string Name, IReadOnlyList<string> Tags, Workflow? Workflow, IReadOnlyList<FieldError> Errors)
    {
        public bool Ok => Errors.Count == 0;

        public WorkflowDraft Draft(string? projectId, bool active = false, string? id = null) =>
            new() { Id = id, Name = Name, Json = Json.ToJsonString(), Tags = Tags, ProjectId = projectId, Active = active };
    }

    /// <summary>Reads and checks a workflow body (structure only: a workflow with unknown nodes can still be saved and edited).</summary>
    public static Parsed Parse(JsonNode? body, string pathPrefix = "")
    {
        if (body is not JsonObject source)
        {
            return new Parsed([], string.Empty, [], null, [new FieldError(pathPrefix.TrimEnd('.') is { Length: > 0 } p ? p : "$", "A workflow must be a JSON object with \"name\", \"nodes\" and \"connections\".")]);
        }

        var errors = new List<FieldError>();
        var json = (JsonObject)source.DeepClone();
        var name = json["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s.Trim() : string.Empty;
        if (name.Length == 0)
        {
            errors.Add(new FieldError(pathPrefix + "name", "is required: give the workflow a name."));
        }
        else if (name.Length > 256)
        {
            errors.Add(new FieldError(pathPrefix + "name", "must have at most 256 characters."));
        }

        json["name"] = name;
        json["nodes"] ??= new JsonArray();
        json["connections"] ??= new JsonObject();
        var tags = ReadTags(json["tags"], pathPrefix + "tags", errors);
        foreach (var field in ServerFields)
        {
            json.Remove(field);
        }

        Workflow? workflow = null;
        try
        {
            workflow = WorkflowJson.Parse(json.ToJsonString());
        }
        catch (WorkflowValidationException e)
        {
            errors.AddRange(e.Problems.Select(p => new FieldError(pathPrefix + p.Location, p.Message)));
        }
        catch (JsonFormatException e)
        {
            errors.Add(new FieldError(pathPrefix.TrimEnd('.') is { Length: > 0 } p ? p : "$", e.Message));
        }

        return new Parsed(json, name, tags, workflow, errors);
    }

    /// <summary>The API's <c>Workflow</c>: the stored n8n JSON with the server's fields.</summary>
    public static JsonObject ToResponse(StoredWorkflow stored)
    {
        var json = JsonNode.Parse(stored.Json) as JsonObject ?? [];
        json["id"] = stored.Id;
        json["name"] = stored.Name;
        json["active"] = stored.Active;
        json["versionId"] = stored.VersionId;
        json["projectId"] = stored.ProjectId;
        json["tags"] = new JsonArray([.. stored.Tags.Select(t => (JsonNode?)JsonValue.Create(t))]);
        json["createdAt"] = Time(stored.CreatedAt);
        json["updatedAt"] = Time(stored.UpdatedAt);
        return json;
    }

    /// <summary>n8n workflow JSON for export: the workflow with id, name, active, versionId and tags, nothing else of ours.</summary>
    public static JsonObject ToExport(StoredWorkflow stored)
    {
        var json = JsonNode.Parse(stored.Json) as JsonObject ?? [];
        json["id"] = stored.Id;
        json["name"] = stored.Name;
        json["active"] = stored.Active;
        json["versionId"] = stored.VersionId;
        json["tags"] = new JsonArray([.. stored.Tags.Select(t => (JsonNode?)JsonValue.Create(t))]);
        return json;
    }

    /// <summary>The engine's view of a stored workflow.</summary>
    public static Workflow ToWorkflow(StoredWorkflow stored)
    {
        var workflow = WorkflowJson.Parse(stored.Json);
        workflow.Id = stored.Id;
        workflow.Name = stored.Name;
        workflow.Active = stored.Active;
        workflow.VersionId = stored.VersionId;
        return workflow;
    }

    /// <summary>How many nodes the stored JSON has (for lists).</summary>
    public static int NodeCount(StoredWorkflow stored)
    {
        using var doc = JsonDocument.Parse(stored.Json);
        return doc.RootElement.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array ? nodes.GetArrayLength() : 0;
    }

    /// <summary>ISO 8601 UTC with milliseconds, as every API time.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static List<string> ReadTags(JsonNode? node, string path, List<FieldError> errors)
    {
        var tags = new List<string>();
        if (node is null)
        {
            return tags;
        }

        if (node is not JsonArray array)
        {
            errors.Add(new FieldError(path, "must be a list of tag names (or n8n tag objects with a name)."));
            return tags;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var name = array[i] switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonObject o when o["name"] is JsonValue v && v.TryGetValue<string>(out var s) => s,
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new FieldError($"{path}[{i}]", "must be a tag name or an object with a \"name\"."));
            }
            else if (!tags.Contains(name.Trim(), StringComparer.Ordinal))
            {
                tags.Add(name.Trim());
            }
        }

        return tags;
    }
}
