using System.Globalization;
using System.Text.RegularExpressions;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Tests.Data;

/// <summary>Runs one data node outside the engine, with literal parameters and a small <c>$json</c>-path evaluator.</summary>
internal sealed class DataNodeHarness
{
    public required INodeType Node { get; init; }

    public double TypeVersion { get; init; } = 1;

    public JsObject Parameters { get; init; } = new();

    public string Mode { get; init; } = ExecutionModes.Manual;

    public Dictionary<Type, object> Services { get; init; } = [];

    /// <summary>Handles templates the mini evaluator does not understand; return undefined to fall through.</summary>
    public Func<string, ExpressionContext, JsValue>? Evaluate { get; init; }

    public static List<Item> Items(params string[] json) => [.. json.Select(j => new Item(JsObject.Parse(j)))];

    public static JsObject P(string json) => JsObject.Parse(json);

    public NodeExecutionContext Context(params IReadOnlyList<Item>[] inputs)
    {
        var node = new WorkflowNode { Name = "Node", Id = "node-1", Type = Node.Description.Name, TypeVersion = TypeVersion, Parameters = Parameters };
        var workflow = new Workflow { Id = "wf-1", Nodes = [node] };
        var execution = new ExecutionInfo { Id = "1", Workflow = workflow, Mode = Mode };
        IReadOnlyList<IReadOnlyList<Item>> all = inputs.Length == 0 ? [[Item.Empty()]] : inputs;
        return new NodeExecutionContext(
            execution, node, Node, 0, all, [.. all.Select(_ => (NodeRunSource?)null)], new RunData(), new JsObject(),
            new MiniEvaluator(Evaluate), new DictionaryServices(Services), CancellationToken.None);
    }

    public async Task<NodeOutput> RunAsync(params IReadOnlyList<Item>[] inputs) => await Node.ExecuteAsync(Context(inputs));

    public async Task<List<string>> JsonAsync(params IReadOnlyList<Item>[] inputs)
    {
        var output = await RunAsync(inputs);
        return [.. output.Main.Select(i => JsonCodec.Serialize(i.Json))];
    }

    private sealed class DictionaryServices(Dictionary<Type, object> services) : IServiceProvider
    {
        public object? GetService(Type serviceType) => services.GetValueOrDefault(serviceType);
    }
}

/// <summary>
/// Enough of n8n's expressions for data-node tests and literal-only fixtures: plain text after <c>=</c>,
/// <c>{{ $json.a.b }}</c>, <c>{{ $json["a"] }}</c>, <c>{{ null }}</c>, <c>{{ undefined }}</c>, numbers and quoted strings.
/// </summary>
internal sealed partial class MiniEvaluator(Func<string, ExpressionContext, JsValue>? custom = null) : IExpressionEvaluator
{
    public JsValue Evaluate(string template, ExpressionContext context)
    {
        if (custom?.Invoke(template, context) is { IsUndefined: false } handled)
        {
            return handled;
        }

        var text = template[1..];
        var match = Single().Match(text);
        if (!match.Success)
        {
            if (text.Contains("{{", StringComparison.Ordinal))
            {
                throw new ExpressionException($"The test evaluator cannot evaluate '{template}'.");
            }

            return text;
        }

        var expr = match.Groups[1].Value.Trim();
        switch (expr)
        {
            case "null":
                return JsValue.Null;
            case "undefined":
                return JsValue.Undefined;
        }

        if (double.TryParse(expr, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        if (expr.Length >= 2 && expr[0] is '"' or '\'' && expr[^1] == expr[0])
        {
            return expr[1..^1];
        }

        if (!expr.StartsWith("$json", StringComparison.Ordinal))
        {
            throw new ExpressionException($"The test evaluator cannot evaluate '{template}'.");
        }

        JsValue current = context.CurrentItem?.Json;
        foreach (Match part in PathPart().Matches(expr[5..]))
        {
            var key = part.Groups[1].Success ? part.Groups[1].Value : part.Groups[2].Value;
            current = current.Kind switch
            {
                JsKind.Object => current.AsObject()[key],
                JsKind.Array when int.TryParse(key, out var ix) => current.AsArray().ElementAtOrUndefined(ix),
                _ => JsValue.Undefined,
            };
        }

        return current;
    }

    [GeneratedRegex(@"^\{\{(.*)\}\}$", RegexOptions.Singleline)]
    private static partial Regex Single();

    [GeneratedRegex(@"\.(\w+)|\[\s*[""']([^""']*)[""']\s*\]")]
    private static partial Regex PathPart();
}
