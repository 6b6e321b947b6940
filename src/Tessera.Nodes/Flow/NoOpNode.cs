using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Flow;

/// <summary><c>n8n-nodes-base.noOp</c>: passes its items through unchanged.</summary>
internal sealed class NoOpNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.noOp",
        DisplayName = "No Operation, do nothing",
        SideEffectFree = true,
        Description = "No Operation",
        Versions = [1],
        Group = NodeGroup.Flow,
        Category = "Core",
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) =>
        ValueTask.FromResult(NodeOutput.Single(FlowItems.RoutedAll(context.InputItems)));
}
