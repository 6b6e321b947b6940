using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;
using Tessera.Server.Auth;

namespace Tessera.Server.Api;

/// <summary><c>GET /node-types</c>: what the editor's palette and parameter forms are built from.</summary>
internal static class NodeTypeEndpoints
{
    public static IEndpointRouteBuilder MapNodeTypeEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/node-types", (WorkflowEngine engine) => Results.Ok(Describe(engine.NodeTypes)))
            .WithTags("Node types")
            .RequireAuthenticatedUser();
        return api;
    }

    // The registry never changes after start-up, so describe it once.
    private static JsonArray? _cache;

    internal static JsonArray Describe(NodeTypeRegistry registry)
    {
        if (_cache is { } cached)
        {
            return cached;
        }

        var types = new JsonArray();
        foreach (var type in registry.All.OrderBy(t => t.Description.DisplayName, StringComparer.OrdinalIgnoreCase))
        {
            types.Add(Describe(type.Description));
        }

        return _cache = types;
    }

    private static JsonObject Describe(NodeTypeDescription d)
    {
        // Port counts may depend on parameters; describe them for a node with default parameters.
        var sample = new WorkflowNode { Name = d.DisplayName, Type = d.Name, TypeVersion = d.LatestVersion };
        return new JsonObject
        {
            ["name"] = d.Name,
            ["displayName"] = d.DisplayName,
            ["description"] = d.Description,
            ["group"] = d.Group.ToString().ToLowerInvariant(),
            ["category"] = d.Category,
            ["versions"] = new JsonArray([.. d.Versions.Select(v => (JsonNode?)JsonValue.Create(v))]),
            ["defaultVersion"] = d.LatestVersion,
            ["inputs"] = SafeCount(d.Inputs, sample, 1),
            ["outputs"] = SafeCount(d.Outputs, sample, 1),
            ["outputNames"] = SafeNames(d.OutputNames, sample),
            ["canEndLoop"] = d.CanEndLoop,
            ["credentials"] = new JsonArray([.. d.Credentials.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["parameters"] = Parameters(d.Parameters),
        };
    }

    private static JsonArray Parameters(IReadOnlyList<NodeParameter>? parameters)
    {
        var array = new JsonArray();
        foreach (var p in parameters ?? [])
        {
            array.Add(new JsonObject
            {
                ["name"] = p.Name,
                ["displayName"] = p.DisplayName ?? p.Name,
                ["type"] = TypeName(p.Type),
                ["default"] = ToJsonNode(p.Default),
                ["description"] = p.Description,
                ["options"] = p.Options is null ? null : new JsonArray([.. p.Options.Select(o => (JsonNode?)new JsonObject { ["name"] = o.Name, ["value"] = ToJsonNode(o.Value), ["description"] = o.Description })]),
                ["children"] = p.Children is null ? null : Parameters(p.Children),
                ["versions"] = p.Versions is null ? null : new JsonArray([.. p.Versions.Select(v => (JsonNode?)JsonValue.Create(v))]),
                ["showWhen"] = p.ShowWhen is null ? null : new JsonObject(p.ShowWhen.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonArray([.. kv.Value.Select(ToJsonNode)])))),
                ["required"] = p.Required,
                ["multipleValues"] = p.MultipleValues,
            });
        }

        return array;
    }

    /// <summary>A <see cref="JsValue"/> as JSON (undefined becomes null).</summary>
    internal static JsonNode? ToJsonNode(JsValue value) =>
        value.IsUndefined ? null : JsonNode.Parse(JsonCodec.Serialize(value));

    private static string TypeName(ParameterType type)
    {
        var name = type.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static int SafeCount(Func<WorkflowNode, int> count, WorkflowNode sample, int fallback)
    {
        try
        {
            return count(sample);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return fallback;
        }
    }

    private static JsonArray? SafeNames(Func<WorkflowNode, IReadOnlyList<string>>? names, WorkflowNode sample)
    {
        if (names is null)
        {
            return null;
        }

        try
        {
            return new JsonArray([.. names(sample).Select(n => (JsonNode?)JsonValue.Create(n))]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
