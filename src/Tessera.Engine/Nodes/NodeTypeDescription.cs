using Tessera.Engine.Workflows;

namespace Tessera.Engine.Nodes;

/// <summary>Broad role of a node type, used for the palette and for finding where a run starts.</summary>
public enum NodeGroup
{
    /// <summary>Starts executions (manual, webhook, schedule…).</summary>
    Trigger,
    /// <summary>Routes items (If, Switch, Merge, loops).</summary>
    Flow,
    /// <summary>Changes items.</summary>
    Transform,
    /// <summary>Talks to the outside world.</summary>
    Output,
}

/// <summary>Describes a node type: its identity, versions, ports and parameters.</summary>
public sealed record NodeTypeDescription
{
    /// <summary>The type name as n8n writes it, e.g. <c>n8n-nodes-base.if</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The name people see.</summary>
    public required string DisplayName { get; init; }

    /// <summary>One sentence on what it does.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The <c>typeVersion</c>s this implementation supports, oldest first.</summary>
    public required IReadOnlyList<double> Versions { get; init; }

    /// <summary>The node's role.</summary>
    public NodeGroup Group { get; init; } = NodeGroup.Transform;

    /// <summary>Palette category ("Core", "Data transformation", "Flow", "Files"…).</summary>
    public string Category { get; init; } = "Core";

    /// <summary>Number of main inputs (default 1; triggers have 0).</summary>
    public Func<WorkflowNode, int> Inputs { get; init; } = static _ => 1;

    /// <summary>Number of main outputs, not counting the error output that <c>onError: continueErrorOutput</c> adds.</summary>
    public Func<WorkflowNode, int> Outputs { get; init; } = static _ => 1;

    /// <summary>Names of the outputs for display (e.g. "true", "false"); null means unnamed.</summary>
    public Func<WorkflowNode, IReadOnlyList<string>>? OutputNames { get; init; }

    /// <summary>
    /// True when the node may emit no items or send them elsewhere than its loop-back edge, so a cycle through it can end.
    /// Nodes with several outputs count as such regardless.
    /// </summary>
    public bool CanEndLoop { get; init; }

    /// <summary>
    /// Inputs that must hold data for the node to run at all when the engine runs it with inputs missing
    /// (n8n's postponed Merge); null means the node runs with whatever arrived.
    /// </summary>
    public Func<WorkflowNode, IReadOnlyList<int>>? RequiredInputs { get; init; }

    /// <summary>
    /// True when running the node has no effect outside the execution (no network, no files, no stores, nothing another
    /// execution can see): running it again after a crash is invisible. A durable journal may then commit the node's
    /// completion in the background while the next nodes run, instead of before they start (docs/storage.md,
    /// "Pipelined commits"). False, the safe default, for anything that talks to the outside world or is not known.
    /// </summary>
    public bool SideEffectFree { get; init; }

    /// <summary>The parameters, for forms, defaults and validation.</summary>
    public IReadOnlyList<NodeParameter> Parameters { get; init; } = [];

    /// <summary>Credential types the node accepts.</summary>
    public IReadOnlyList<string> Credentials { get; init; } = [];

    /// <summary>The newest supported version.</summary>
    public double LatestVersion => Versions[^1];

    /// <summary>True when <paramref name="version"/> is supported.</summary>
    public bool SupportsVersion(double version) => Versions.Contains(version);
}
