using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Flow;

/// <summary>
/// <c>n8n-nodes-base.manualTrigger</c>: starts a run by hand. It emits the trigger items the engine passes on input 0,
/// or one empty item.
/// </summary>
internal sealed class ManualTriggerNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.manualTrigger",
        DisplayName = "Manual Trigger",
        SideEffectFree = true,
        Description = "Runs the flow on clicking a button",
        Versions = [1],
        Group = NodeGroup.Trigger,
        Category = "Core",
        Inputs = static _ => 0,
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) => ValueTask.FromResult(TriggerOutput.Of(context));
}

/// <summary><c>n8n-nodes-base.start</c>: the start node of old workflows; behaves like the manual trigger.</summary>
internal sealed class StartNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.start",
        DisplayName = "Start",
        SideEffectFree = true,
        Description = "Starts the workflow execution from this node",
        Versions = [1],
        Group = NodeGroup.Trigger,
        Category = "Core",
        Inputs = static _ => 0,
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) => ValueTask.FromResult(TriggerOutput.Of(context));
}

/// <summary>
/// <c>n8n-nodes-base.executeWorkflowTrigger</c>: where a sub-workflow starts; passes the caller's items through.
/// v1.1's input data modes (defined fields, JSON example, accept all) all pass the items as they are: the caller
/// already shaped them.
/// </summary>
internal sealed class ExecuteWorkflowTriggerNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.executeWorkflowTrigger",
        DisplayName = "Execute Workflow Trigger",
        Description = "Runs the flow when called by the Execute Workflow node from a different workflow",
        Versions = [1, 1.1],
        Group = NodeGroup.Trigger,
        Category = "Core",
        Inputs = static _ => 0,
        Parameters =
        [
            new NodeParameter { Name = "inputSource", Type = ParameterType.Options, Default = "passthrough", Versions = [1.1] },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) => ValueTask.FromResult(TriggerOutput.Of(context));
}

internal static class TriggerOutput
{
    public static NodeOutput Of(NodeExecutionContext context)
    {
        var items = context.InputItems;
        return items.Count == 0 ? NodeOutput.Single([Item.Empty()]) : NodeOutput.Single(FlowItems.RoutedAll(items));
    }
}
