using Tessera.Engine.Data;

namespace Tessera.Engine.Workflows;

/// <summary>
/// A workflow as n8n exports it: nodes, connections, settings, pinned data and static data.
/// Fields Tessera does not interpret are kept in <see cref="Extra"/> so a load/save round trip preserves them.
/// </summary>
public sealed class Workflow
{
    /// <summary>The workflow id, when it has one.</summary>
    public string? Id { get; set; }

    /// <summary>The workflow name.</summary>
    public string Name { get; set; } = "My workflow";

    /// <summary>The nodes.</summary>
    public List<WorkflowNode> Nodes { get; set; } = [];

    /// <summary>The connections, in n8n's order (by source node, type, output, then position in the list).</summary>
    public List<Connection> Connections { get; set; } = [];

    /// <summary>Workflow settings (<c>executionOrder</c>, <c>timezone</c>, <c>executionTimeout</c>, <c>errorWorkflow</c>…).</summary>
    public JsObject? Settings { get; set; }

    /// <summary>Pinned output per node name: <c>{ "Node": [ { "json": {…} } ] }</c>.</summary>
    public JsObject? PinData { get; set; }

    /// <summary>Static data persisted between executions.</summary>
    public JsValue StaticData { get; set; }

    /// <summary>n8n's <c>meta</c> object.</summary>
    public JsValue Meta { get; set; }

    /// <summary>n8n's version id.</summary>
    public string? VersionId { get; set; }

    /// <summary>Tags as exported (strings or objects).</summary>
    public JsValue Tags { get; set; }

    /// <summary>Whether the workflow is active (n8n 1.x) — kept for round trips.</summary>
    public bool? Active { get; set; }

    /// <summary>Fields Tessera does not interpret.</summary>
    public JsObject Extra { get; set; } = new();

    /// <summary>The node with <paramref name="name"/>, or null.</summary>
    public WorkflowNode? FindNode(string name) => Nodes.Find(n => n.Name == name);

    /// <summary>
    /// The nodes downstream of <paramref name="node"/>, following every connection; the node itself only when a loop
    /// leads back to it. Replay and fork re-run exactly these.
    /// </summary>
    public HashSet<string> Downstream(string node)
    {
        var children = Connections.ToLookup(c => c.Source, c => c.Target, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(children[node]);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (seen.Add(next))
            {
                foreach (var child in children[next])
                {
                    stack.Push(child);
                }
            }
        }

        return seen;
    }

    /// <summary>The execution order: <c>v1</c> (n8n's default for new workflows) or legacy <c>v0</c>.</summary>
    public string ExecutionOrder => Settings?["executionOrder"].TryGetString() ?? "v0";

    /// <summary>The workflow time zone, when set (<c>settings.timezone</c>, "DEFAULT" meaning unset).</summary>
    public string? TimeZone => Settings?["timezone"].TryGetString() is { } tz && tz != "DEFAULT" ? tz : null;

    /// <summary>The execution timeout (<c>settings.executionTimeout</c> in seconds; -1 or absent means none).</summary>
    public TimeSpan? ExecutionTimeout =>
        Settings?["executionTimeout"] is { IsNumber: true } t && t.AsNumber() > 0 ? TimeSpan.FromSeconds(t.AsNumber()) : null;
}
