using Tessera.Engine.Items;

namespace Tessera.Engine.Execution;

/// <summary>Status of one run of a node.</summary>
public enum NodeRunStatus
{
    /// <summary>The node finished.</summary>
    Success,
    /// <summary>The node failed and stopped the execution, or its error was routed.</summary>
    Error,
    /// <summary>The node parked the execution.</summary>
    Waiting,
    /// <summary>The run was cancelled.</summary>
    Canceled,
}

/// <summary>Which output of which run of which node fed an input (n8n's <c>source</c>).</summary>
/// <param name="PreviousNode">The parent node's name.</param>
/// <param name="PreviousNodeOutput">The parent's output index.</param>
/// <param name="PreviousNodeRun">The parent's run index.</param>
public sealed record NodeRunSource(string PreviousNode, int PreviousNodeOutput = 0, int PreviousNodeRun = 0);

/// <summary>One run of one node: when, how long, what went in and out, and any error.</summary>
public sealed class NodeRunData
{
    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan ExecutionTime { get; set; }

    /// <summary>The outcome.</summary>
    public NodeRunStatus Status { get; set; }

    /// <summary>Items per main input.</summary>
    public IReadOnlyList<IReadOnlyList<Item>> Inputs { get; init; } = [];

    /// <summary>Items per main output; empty when the node returned nothing.</summary>
    public IReadOnlyList<IReadOnlyList<Item>> Outputs { get; set; } = [];

    /// <summary>Where each input came from (null entries for inputs without data).</summary>
    public IReadOnlyList<NodeRunSource?> Source { get; init; } = [];

    /// <summary>The error, when the node failed.</summary>
    public NodeError? Error { get; set; }

    /// <summary>Output captured from the node (e.g. <c>console.log</c> in a Code node).</summary>
    public List<string>? Logs { get; set; }

    /// <summary>Attempts made (more than 1 after retries).</summary>
    public int Attempts { get; set; } = 1;

    /// <summary>True when the output came from pinned data rather than the node.</summary>
    public bool FromPinData { get; set; }
}

/// <summary>All runs of all nodes of an execution, in the order they ran.</summary>
public sealed class RunData
{
    private readonly Dictionary<string, List<NodeRunData>> _byNode = new(StringComparer.Ordinal);
    private readonly List<(string Node, NodeRunData Run)> _ordered = [];

    /// <summary>Runs of <paramref name="node"/>, oldest first (empty when it never ran).</summary>
    public IReadOnlyList<NodeRunData> this[string node] =>
        _byNode.TryGetValue(node, out var runs) ? runs : [];

    /// <summary>Every run, in execution order.</summary>
    public IReadOnlyList<(string Node, NodeRunData Run)> InOrder => _ordered;

    /// <summary>Names of the nodes that ran.</summary>
    public IEnumerable<string> Nodes => _byNode.Keys;

    /// <summary>The last node that ran.</summary>
    public string? LastNode => _ordered.Count > 0 ? _ordered[^1].Node : null;

    /// <summary>True when <paramref name="node"/> ran at least once.</summary>
    public bool HasRun(string node) => _byNode.ContainsKey(node);

    /// <summary>How many times <paramref name="node"/> ran.</summary>
    public int RunCount(string node) => _byNode.TryGetValue(node, out var runs) ? runs.Count : 0;

    /// <summary>Records a run.</summary>
    public void Add(string node, NodeRunData run)
    {
        if (!_byNode.TryGetValue(node, out var runs))
        {
            runs = [];
            _byNode[node] = runs;
        }

        runs.Add(run);
        _ordered.Add((node, run));
    }
}
