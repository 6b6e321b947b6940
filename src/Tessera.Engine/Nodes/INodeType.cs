namespace Tessera.Engine.Nodes;

/// <summary>
/// A kind of node. Implementations transform the items of a <see cref="NodeExecutionContext"/> into a <see cref="NodeOutput"/>;
/// everything else (retries, error routing, timing, tracing, policies) is done by the engine's pipeline around them.
/// </summary>
public interface INodeType
{
    /// <summary>What the node is: type name, versions, inputs, outputs and parameters.</summary>
    NodeTypeDescription Description { get; }

    /// <summary>Runs the node once over its inputs.</summary>
    ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context);
}
