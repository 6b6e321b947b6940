using System.Globalization;
using Tessera.Engine.Data;

namespace Tessera.Engine.Workflows;

/// <summary>Reads and writes workflows in n8n's JSON format (1.x and 2.x exports).</summary>
public static class WorkflowJson
{
    private static readonly HashSet<string> WorkflowFields =
        ["id", "name", "nodes", "connections", "settings", "pinData", "staticData", "meta", "versionId", "tags", "active"];

    private static readonly HashSet<string> NodeFields =
    [
        "id", "name", "type", "typeVersion", "position", "parameters", "credentials", "disabled", "notes", "notesInFlow",
        "retryOnFail", "maxTries", "waitBetweenTries", "alwaysOutputData", "executeOnce", "onError", "continueOnFail", "webhookId",
    ];

    /// <summary>
    /// Parses workflow JSON text. Malformed JSON throws <see cref="JsonFormatException"/> (line and column);
    /// a structure that is not a workflow throws <see cref="WorkflowValidationException"/> listing every problem.
    /// </summary>
    public static Workflow Parse(string json) => FromJson(JsonCodec.Parse(json));

    /// <summary>Reads a workflow file.</summary>
    public static Workflow Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Builds a workflow from parsed JSON, reporting every structural problem at once.</summary>
    public static Workflow FromJson(JsValue json)
    {
        var problems = new List<WorkflowProblem>();
        if (json.TryGetObject() is not { } root)
        {
            throw new WorkflowValidationException([new("$", $"A workflow must be a JSON object with \"nodes\" and \"connections\", not {json.Kind.ToString().ToLowerInvariant()}.", "workflow.notObject")]);
        }

        var workflow = new Workflow
        {
            Id = ScalarString(root["id"]),
            Name = root["name"].TryGetString() ?? "My workflow",
            Settings = root["settings"].TryGetObject(),
            PinData = root["pinData"].TryGetObject(),
            StaticData = root["staticData"],
            Meta = root["meta"],
            VersionId = root["versionId"].TryGetString(),
            Tags = root["tags"],
            Active = root["active"].IsBoolean ? root["active"].AsBoolean() : null,
        };
        foreach (var (key, value) in root)
        {
            if (!WorkflowFields.Contains(key))
            {
                workflow.Extra[key] = value;
            }
        }

        var nodes = root["nodes"];
        if (nodes.TryGetArray() is { } nodeArray)
        {
            for (var i = 0; i < nodeArray.Count; i++)
            {
                var node = ReadNode(nodeArray[i], $"nodes[{i}]", problems);
                if (node is not null)
                {
                    workflow.Nodes.Add(node);
                }
            }
        }
        else
        {
            problems.Add(new("nodes", "\"nodes\" must be an array of nodes.", "workflow.nodesMissing"));
        }

        var connections = root["connections"];
        if (connections.TryGetObject() is { } connectionObject)
        {
            ReadConnections(connectionObject, workflow.Connections, problems);
        }
        else if (!connections.IsNullish)
        {
            problems.Add(new("connections", "\"connections\" must be an object keyed by source node name.", "workflow.connectionsShape"));
        }

        if (!root["settings"].IsNullish && workflow.Settings is null)
        {
            problems.Add(new("settings", "\"settings\" must be an object.", "workflow.settingsShape"));
        }

        if (!root["pinData"].IsNullish && workflow.PinData is null)
        {
            problems.Add(new("pinData", "\"pinData\" must be an object keyed by node name.", "workflow.pinDataShape"));
        }

        if (problems.Count > 0)
        {
            throw new WorkflowValidationException(problems);
        }

        return workflow;
    }

    private static WorkflowNode? ReadNode(JsValue value, string location, List<WorkflowProblem> problems)
    {
        if (value.TryGetObject() is not { } obj)
        {
            problems.Add(new(location, "A node must be a JSON object.", "node.notObject"));
            return null;
        }

        var name = obj["name"].TryGetString();
        var type = obj["type"].TryGetString();
        var where = name is null ? location : $"{location} (\"{name}\")";
        if (string.IsNullOrEmpty(name))
        {
            problems.Add(new(location, "The node has no \"name\"; every node needs a unique name.", "node.nameMissing"));
        }

        if (string.IsNullOrEmpty(type))
        {
            problems.Add(new(where, "The node has no \"type\" (e.g. \"n8n-nodes-base.set\").", "node.typeMissing"));
        }

        var node = new WorkflowNode { Name = name ?? string.Empty, Type = type ?? string.Empty, Id = ScalarString(obj["id"]) };
        var version = obj["typeVersion"];
        if (version.IsNumber)
        {
            node.TypeVersion = version.AsNumber();
        }
        else if (!version.IsUndefined)
        {
            problems.Add(new($"{where}.typeVersion", "\"typeVersion\" must be a number.", "node.typeVersionShape"));
        }

        if (obj["position"].TryGetArray() is { Count: >= 2 } position && position[0].IsNumber && position[1].IsNumber)
        {
            node.Position = [position[0].AsNumber(), position[1].AsNumber()];
        }

        var parameters = obj["parameters"];
        if (parameters.TryGetObject() is { } p)
        {
            node.Parameters = p;
        }
        else if (!parameters.IsNullish)
        {
            problems.Add(new($"{where}.parameters", "\"parameters\" must be an object.", "node.parametersShape"));
        }

        node.Credentials = obj["credentials"].TryGetObject();
        node.Disabled = Bool(obj, "disabled", where, problems);
        node.Notes = obj["notes"].TryGetString();
        node.NotesInFlow = Bool(obj, "notesInFlow", where, problems);
        node.RetryOnFail = Bool(obj, "retryOnFail", where, problems);
        node.MaxTries = Int(obj, "maxTries", where, problems);
        node.WaitBetweenTries = Int(obj, "waitBetweenTries", where, problems);
        node.AlwaysOutputData = Bool(obj, "alwaysOutputData", where, problems);
        node.ExecuteOnce = Bool(obj, "executeOnce", where, problems);
        node.ContinueOnFail = Bool(obj, "continueOnFail", where, problems);
        node.WebhookId = obj["webhookId"].TryGetString();
        node.OnError = obj["onError"].TryGetString();
        if (node.OnError is not (null or "stopWorkflow" or "continueRegularOutput" or "continueErrorOutput"))
        {
            problems.Add(new($"{where}.onError", $"Unknown onError \"{node.OnError}\"; use stopWorkflow, continueRegularOutput or continueErrorOutput.", "node.onErrorUnknown"));
        }

        foreach (var (key, v) in obj)
        {
            if (!NodeFields.Contains(key))
            {
                node.Extra[key] = v;
            }
        }

        return node;
    }

    private static void ReadConnections(JsObject connections, List<Connection> into, List<WorkflowProblem> problems)
    {
        foreach (var (source, byType) in connections)
        {
            if (byType.TryGetObject() is not { } types)
            {
                problems.Add(new($"connections.{source}", "Must be an object keyed by connection type (e.g. \"main\").", "connection.shape"));
                continue;
            }

            foreach (var (type, outputs) in types)
            {
                if (outputs.TryGetArray() is not { } outputArray)
                {
                    problems.Add(new($"connections.{source}.{type}", "Must be an array of outputs, each an array of connections.", "connection.shape"));
                    continue;
                }

                for (var output = 0; output < outputArray.Count; output++)
                {
                    if (outputArray[output].IsNullish)
                    {
                        continue;
                    }

                    if (outputArray[output].TryGetArray() is not { } targets)
                    {
                        problems.Add(new($"connections.{source}.{type}[{output}]", "Must be an array of connections.", "connection.shape"));
                        continue;
                    }

                    for (var t = 0; t < targets.Count; t++)
                    {
                        var target = targets[t].TryGetObject();
                        var node = target?["node"].TryGetString();
                        if (target is null || node is null)
                        {
                            problems.Add(new($"connections.{source}.{type}[{output}][{t}]", "A connection needs \"node\" (the target node's name), \"type\" and \"index\".", "connection.shape"));
                            continue;
                        }

                        var index = target["index"].IsNumber ? (int)target["index"].AsNumber() : 0;
                        into.Add(new Connection(source, output, node, index, target["type"].TryGetString() ?? type));
                    }
                }
            }
        }
    }

    /// <summary>Writes a workflow as n8n JSON: known fields in n8n's order, then unknown fields as they were read.</summary>
    public static JsObject ToJson(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var root = new JsObject();
        if (workflow.Id is not null)
        {
            root["id"] = workflow.Id;
        }

        root["name"] = workflow.Name;
        var nodes = new JsArray(workflow.Nodes.Count);
        foreach (var node in workflow.Nodes)
        {
            nodes.Add(NodeToJson(node));
        }

        root["nodes"] = nodes;
        root["connections"] = ConnectionsToJson(workflow.Connections);
        if (workflow.Active is { } active)
        {
            root["active"] = active;
        }

        if (workflow.Settings is not null)
        {
            root["settings"] = workflow.Settings;
        }

        if (workflow.PinData is not null)
        {
            root["pinData"] = workflow.PinData;
        }

        if (!workflow.StaticData.IsUndefined)
        {
            root["staticData"] = workflow.StaticData;
        }

        if (!workflow.Meta.IsUndefined)
        {
            root["meta"] = workflow.Meta;
        }

        if (workflow.VersionId is not null)
        {
            root["versionId"] = workflow.VersionId;
        }

        if (!workflow.Tags.IsUndefined)
        {
            root["tags"] = workflow.Tags;
        }

        foreach (var (key, value) in workflow.Extra)
        {
            root[key] = value;
        }

        return root;
    }

    /// <summary>Serialises a workflow as n8n JSON (indented unless asked otherwise).</summary>
    public static string Serialize(Workflow workflow, bool indented = true) => JsonCodec.Serialize(ToJson(workflow), indented);

    /// <summary>Writes one node as n8n JSON.</summary>
    public static JsObject NodeToJson(WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var obj = new JsObject(12);
        obj["parameters"] = node.Parameters;
        if (node.Id is not null)
        {
            obj["id"] = node.Id;
        }

        obj["name"] = node.Name;
        obj["type"] = node.Type;
        obj["typeVersion"] = node.TypeVersion;
        obj["position"] = new JsArray { node.Position[0], node.Position[1] };
        Put(obj, "credentials", node.Credentials);
        Put(obj, "disabled", node.Disabled);
        Put(obj, "notes", node.Notes);
        Put(obj, "notesInFlow", node.NotesInFlow);
        Put(obj, "retryOnFail", node.RetryOnFail);
        Put(obj, "maxTries", node.MaxTries);
        Put(obj, "waitBetweenTries", node.WaitBetweenTries);
        Put(obj, "alwaysOutputData", node.AlwaysOutputData);
        Put(obj, "executeOnce", node.ExecuteOnce);
        Put(obj, "onError", node.OnError);
        Put(obj, "continueOnFail", node.ContinueOnFail);
        Put(obj, "webhookId", node.WebhookId);
        foreach (var (key, value) in node.Extra)
        {
            obj[key] = value;
        }

        return obj;
    }

    /// <summary>Writes connections in n8n's nested shape.</summary>
    public static JsObject ConnectionsToJson(IEnumerable<Connection> connections)
    {
        var root = new JsObject();
        foreach (var c in connections)
        {
            if (root[c.Source].TryGetObject() is not { } byType)
            {
                byType = new JsObject();
                root[c.Source] = byType;
            }

            if (byType[c.Type].TryGetArray() is not { } outputs)
            {
                outputs = new JsArray();
                byType[c.Type] = outputs;
            }

            while (outputs.Count <= c.SourceOutput)
            {
                outputs.Add(new JsArray());
            }

            outputs[c.SourceOutput].AsArray().Add(new JsObject { ["node"] = c.Target, ["type"] = c.Type, ["index"] = c.TargetInput });
        }

        return root;
    }

    private static void Put(JsObject obj, string key, JsObject? value)
    {
        if (value is not null)
        {
            obj[key] = value;
        }
    }

    private static void Put(JsObject obj, string key, string? value)
    {
        if (value is not null)
        {
            obj[key] = value;
        }
    }

    private static void Put(JsObject obj, string key, bool? value)
    {
        if (value is { } v)
        {
            obj[key] = v;
        }
    }

    private static void Put(JsObject obj, string key, int? value)
    {
        if (value is { } v)
        {
            obj[key] = v;
        }
    }

    private static bool? Bool(JsObject obj, string key, string where, List<WorkflowProblem> problems)
    {
        var v = obj[key];
        if (v.IsUndefined)
        {
            return null;
        }

        if (!v.IsBoolean)
        {
            problems.Add(new($"{where}.{key}", $"\"{key}\" must be true or false.", "node.settingShape"));
            return null;
        }

        return v.AsBoolean();
    }

    private static int? Int(JsObject obj, string key, string where, List<WorkflowProblem> problems)
    {
        var v = obj[key];
        if (v.IsUndefined)
        {
            return null;
        }

        if (v.IsNumber)
        {
            return (int)v.AsNumber();
        }

        if (v.IsString && int.TryParse(v.AsString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        problems.Add(new($"{where}.{key}", $"\"{key}\" must be a number.", "node.settingShape"));
        return null;
    }

    private static string? ScalarString(JsValue value) => value.Kind switch
    {
        JsKind.String => value.AsString(),
        JsKind.Number => JsNumber.ToString(value.AsNumber()),
        _ => null,
    };
}
