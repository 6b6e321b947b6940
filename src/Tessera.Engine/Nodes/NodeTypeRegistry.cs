namespace Tessera.Engine.Nodes;

/// <summary>The node types an engine knows, registered explicitly (no discovery by naming convention).</summary>
public sealed class NodeTypeRegistry
{
    private readonly Dictionary<string, INodeType> _types = new(StringComparer.Ordinal);

    /// <summary>Registers a node type; a second registration of the same name replaces the first.</summary>
    public NodeTypeRegistry Add(INodeType nodeType)
    {
        ArgumentNullException.ThrowIfNull(nodeType);
        _types[nodeType.Description.Name] = nodeType;
        return this;
    }

    /// <summary>Every registered type.</summary>
    public IEnumerable<INodeType> All => _types.Values;

    /// <summary>The type named <paramref name="typeName"/>, or null.</summary>
    public INodeType? Find(string typeName) => _types.GetValueOrDefault(typeName);

    /// <summary>True when the type exists.</summary>
    public bool Contains(string typeName) => _types.ContainsKey(typeName);
}
