using Tessera.Engine.Data;
using Tessera.Engine.Workflows;

namespace Tessera.Benchmarks;

/// <summary>Workflows the benchmarks run.</summary>
internal static class BenchWorkflows
{
    /// <summary>Builds Trigger → the given nodes in a line.</summary>
    public static Workflow Chain(params (string Type, double Version, string Parameters)[] nodes)
    {
        var workflow = new Workflow { Name = "bench", Settings = new JsObject { ["executionOrder"] = "v1" } };
        workflow.Nodes.Add(new WorkflowNode { Name = "Trigger", Type = "n8n-nodes-base.manualTrigger", Position = [0, 0] });
        var previous = "Trigger";
        for (var i = 0; i < nodes.Length; i++)
        {
            var name = $"Node {i + 1}";
            workflow.Nodes.Add(new WorkflowNode { Name = name, Type = nodes[i].Type, TypeVersion = nodes[i].Version, Position = [(i + 1) * 200, 0], Parameters = JsObject.Parse(nodes[i].Parameters) });
            workflow.Connections.Add(new Connection(previous, 0, name, 0));
            previous = name;
        }

        return workflow;
    }
}
