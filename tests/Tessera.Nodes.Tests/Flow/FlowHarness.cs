using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Tests.Flow;

/// <summary>Runs one node type directly on a hand-built context.</summary>
internal sealed class FlowHarness
{
    private readonly RunData _runData = new();

    public JsObject State { get; } = new();

    public IServiceProvider Services { get; init; } = new EmptyServices();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public int RunIndex { get; set; }

    public static JsObject Obj(string json) => JsObject.Parse(json);

    public static Item ItemOf(string json) => new(JsObject.Parse(json));

    public static List<Item> Items(params string[] json) => [.. json.Select(ItemOf)];

    public static string Json(IReadOnlyList<Item> items) => JsonCodec.Serialize(new JsArray(items.Select(i => (JsValue)i.Json)));

    public static WorkflowNode Node(string type, double version, string parameters, string name = "Node") => new()
    {
        Name = name,
        Type = type,
        TypeVersion = version,
        Parameters = JsObject.Parse(parameters),
    };

    public ValueTask<NodeOutput> RunAsync(INodeType type, WorkflowNode node, params IReadOnlyList<Item>[] inputs) =>
        RunAsync(type, node, inputs, []);

    public ValueTask<NodeOutput> RunAsync(INodeType type, WorkflowNode node, IReadOnlyList<IReadOnlyList<Item>> inputs, IReadOnlyList<NodeRunSource?> source, CancellationToken cancellationToken = default)
    {
        var workflow = new Workflow { Name = "test", Nodes = [node] };
        var execution = new ExecutionInfo { Id = "1", Workflow = workflow, Time = Time };
        var context = new NodeExecutionContext(
            execution, node, type, RunIndex++, inputs, source, _runData, State, new PathEvaluator(), Services, cancellationToken);
        return type.ExecuteAsync(context);
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    /// <summary>
    /// A stand-in for the expression evaluator: <c>={{ $json.a.b }}</c> reads the current item, <c>={{ 'text' }}</c>,
    /// numbers and true/false are literals. Enough for routing tests; the real evaluator is tested on its own.
    /// </summary>
    internal sealed class PathEvaluator : IExpressionEvaluator
    {
        public JsValue Evaluate(string template, ExpressionContext context)
        {
            var body = template.TrimStart('=').Trim();
            if (!body.StartsWith("{{", StringComparison.Ordinal) || !body.EndsWith("}}", StringComparison.Ordinal))
            {
                return body;
            }

            var expression = body[2..^2].Trim();
            if (expression.StartsWith("$json.", StringComparison.Ordinal))
            {
                return context.CurrentItem?.Json.GetPath(expression["$json.".Length..]) ?? JsValue.Undefined;
            }

            if (expression.StartsWith('\'') && expression.EndsWith('\''))
            {
                return expression[1..^1];
            }

            return expression switch
            {
                "true" => true,
                "false" => false,
                "null" => JsValue.Null,
                _ when double.TryParse(expression, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
                _ => throw new ExpressionException($"PathEvaluator cannot evaluate '{expression}'"),
            };
        }
    }
}
