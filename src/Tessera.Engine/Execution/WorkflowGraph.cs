using Tessera.Engine.Workflows;

namespace Tessera.Engine.Execution;

/// <summary>A workflow's main connections indexed for the scheduler: children per output, parents per input.</summary>
internal sealed class WorkflowGraph
{
    private static readonly IReadOnlyList<Connection> None = [];
    private readonly Dictionary<string, WorkflowNode> _nodes;
    private readonly Dictionary<string, List<Connection>> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Connection>> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _connectedInputs = new(StringComparer.Ordinal);

    public WorkflowGraph(Workflow workflow)
    {
        Workflow = workflow;
        _nodes = new Dictionary<string, WorkflowNode>(StringComparer.Ordinal);
        foreach (var node in workflow.Nodes)
        {
            _nodes.TryAdd(node.Name, node);
        }

        foreach (var c in workflow.Connections)
        {
            if (c.Type != ConnectionTypes.Main || !_nodes.ContainsKey(c.Source) || !_nodes.ContainsKey(c.Target))
            {
                continue;
            }

            Add(_children, c.Source, c);
            Add(_parents, c.Target, c);
            _connectedInputs[c.Target] = Math.Max(_connectedInputs.GetValueOrDefault(c.Target), c.TargetInput + 1);
        }

        foreach (var list in _children.Values)
        {
            // Keep connection order within an output; outputs ascending.
            list.Sort(static (a, b) => a.SourceOutput.CompareTo(b.SourceOutput));
        }
    }

    public Workflow Workflow { get; }

    public WorkflowNode? Find(string name) => _nodes.GetValueOrDefault(name);

    /// <summary>Connections leaving <paramref name="node"/>, by output then connection order.</summary>
    public IReadOnlyList<Connection> ChildrenOf(string node) => _children.TryGetValue(node, out var list) ? list : None;

    /// <summary>Connections arriving at <paramref name="node"/>.</summary>
    public IReadOnlyList<Connection> ParentsOf(string node) => _parents.TryGetValue(node, out var list) ? list : None;

    /// <summary>The number of distinct input indexes that have a connection (n8n treats a node as multi-input when it is above 1).</summary>
    public int ConnectedInputCount(string node) => _connectedInputs.GetValueOrDefault(node);

    private static void Add(Dictionary<string, List<Connection>> map, string key, Connection c)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(c);
    }
}
