using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Tests.Execution;

/// <summary>Small node types with observable behaviour, so engine tests do not depend on the built-in nodes.</summary>
internal static class TestNodes
{
    public static NodeTypeRegistry Registry(params INodeType[] extra)
    {
        var registry = new NodeTypeRegistry()
            .Add(new Simple("test.trigger", NodeGroup.Trigger, 0, 1, ctx => ctx.InputItems))
            .Add(new Simple("test.pass", NodeGroup.Transform, 1, 1, ctx => [.. ctx.InputItems.Select((item, i) => Tag(item, ctx.Node.Name, i))]))
            .Add(new Simple("test.empty", NodeGroup.Transform, 1, 1, _ => [], canEndLoop: true))
            .Add(new Branch())
            .Add(new Join())
            .Add(new Fail())
            .Add(new Slow())
            .Add(new Counter());
        foreach (var type in extra)
        {
            registry.Add(type);
        }

        return registry;
    }

    // Appends the node's name to json.path so tests can see the route each item took.
    public static Item Tag(Item item, string node, int index)
    {
        var json = item.Json.DeepClone();
        var path = json["path"].TryGetString();
        json["path"] = path is null ? node : path + ">" + node;
        return new Item(json, index);
    }

    public static Workflow Workflow(string order, params (string Name, string Type, double X, double Y)[] nodes) => new()
    {
        Name = "test",
        Settings = new JsObject { ["executionOrder"] = order },
        Nodes = [.. nodes.Select(n => new WorkflowNode { Name = n.Name, Type = n.Type, Position = [n.X, n.Y] })],
    };

    public static Workflow Connect(this Workflow workflow, string from, string to, int output = 0, int input = 0)
    {
        workflow.Connections.Add(new Connection(from, output, to, input));
        return workflow;
    }

    public static WorkflowNode Node(this Workflow workflow, string name) => workflow.FindNode(name)!;

    public sealed class Simple(string name, NodeGroup group, int inputs, int outputs, Func<NodeExecutionContext, IReadOnlyList<Item>> run, bool canEndLoop = false) : INodeType
    {
        public NodeTypeDescription Description { get; } = new()
        {
            Name = name,
            DisplayName = name,
            Versions = [1],
            Group = group,
            Inputs = _ => inputs,
            Outputs = _ => outputs,
            CanEndLoop = canEndLoop,
        };

        public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) => ValueTask.FromResult(NodeOutput.Single(run(context)));
    }

    // Items with json.ok == true go to output 0, the rest to output 1.
    public sealed class Branch : INodeType
    {
        public NodeTypeDescription Description { get; } = new() { Name = "test.branch", DisplayName = "Branch", Versions = [1], Outputs = _ => 2 };

        public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
        {
            var yes = new List<Item>();
            var no = new List<Item>();
            for (var i = 0; i < context.InputItems.Count; i++)
            {
                var item = Tag(context.InputItems[i], context.Node.Name, i);
                (item.Json["ok"].AsBoolean() ? yes : no).Add(item);
            }

            return ValueTask.FromResult(NodeOutput.Multiple(yes, no));
        }
    }

    // Two inputs, appended: input 0 then input 1.
    public sealed class Join : INodeType
    {
        public NodeTypeDescription Description { get; } = new()
        {
            Name = "test.join",
            DisplayName = "Join",
            Versions = [1],
            Inputs = _ => 2,
            RequiredInputs = node => node.Parameters["requireBoth"].AsBoolean() ? [0, 1] : [],
        };

        public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
        {
            var items = new List<Item>();
            for (var input = 0; input < context.Inputs.Count; input++)
            {
                foreach (var item in context.Inputs[input])
                {
                    var json = item.Json.DeepClone();
                    json["input"] = input;
                    items.Add(new Item(json));
                }
            }

            return ValueTask.FromResult(NodeOutput.Single(items));
        }
    }

    // Fails the first `failures` attempts (parameter; default always), then passes through.
    public sealed class Fail : INodeType
    {
        public int Calls;

        public NodeTypeDescription Description { get; } = new() { Name = "test.fail", DisplayName = "Fail", Versions = [1] };

        public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
        {
            var call = Interlocked.Increment(ref Calls);
            var failures = context.Node.Parameters["failures"] is { IsNumber: true } f ? (int)f.AsNumber() : int.MaxValue;
            if (call <= failures)
            {
                throw new NodeOperationException($"boom {call}");
            }

            return ValueTask.FromResult(NodeOutput.Single(context.InputItems));
        }
    }

    public sealed class Slow : INodeType
    {
        public NodeTypeDescription Description { get; } = new() { Name = "test.slow", DisplayName = "Slow", Versions = [1] };

        public async ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.Execution.Time, context.CancellationToken);
            return NodeOutput.Single(context.InputItems);
        }
    }

    // A loop head: emits its input on output 1 ("loop") until it has run `times` times, then on output 0 ("done").
    public sealed class Counter : INodeType
    {
        public NodeTypeDescription Description { get; } = new() { Name = "test.counter", DisplayName = "Counter", Versions = [1], Outputs = _ => 2 };

        public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
        {
            var count = context.State["count"].IsNumber ? context.State["count"].AsNumber() + 1 : 1;
            context.State["count"] = count;
            var times = context.Node.Parameters["times"].AsNumber();
            var items = context.InputItems.Select((item, i) => Tag(item, context.Node.Name, i)).ToList();
            return ValueTask.FromResult(count >= times ? NodeOutput.Multiple(items, []) : NodeOutput.Multiple([], items));
        }
    }
}

/// <summary>Returns parameter values without evaluating; engine tests use literal parameters only.</summary>
internal sealed class LiteralEvaluator : IExpressionEvaluator
{
    public JsValue Evaluate(string template, ExpressionContext context) => template[1..];
}
