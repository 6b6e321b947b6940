using System.Text.RegularExpressions;
using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Tests.Values;

/// <summary>Runs one node outside the engine: builds its context with fakes for time, credentials and expressions.</summary>
internal sealed partial class ValueNodesHarness
{
    public JsObject Parameters { get; init; } = new();

    public List<Item> Items { get; init; } = [Item.Empty()];

    public double TypeVersion { get; init; } = 1;

    public Dictionary<string, JsObject> Credentials { get; init; } = [];

    public DateTimeOffset Now { get; init; } = DateTimeOffset.FromUnixTimeMilliseconds(1640000000000);

    public string? OnError { get; init; }

    /// <summary>Handles templates the built-in mini evaluator does not (return Undefined to fall through).</summary>
    public Func<string, ExpressionContext, JsValue>? Evaluate { get; init; }

    public Dictionary<Type, object> Services { get; init; } = [];

    public NodeExecutionContext CreateContext(INodeType type, IExpressionEvaluator? evaluator = null)
    {
        var node = new WorkflowNode
        {
            Name = "Node",
            Type = type.Description.Name,
            TypeVersion = TypeVersion,
            Parameters = Parameters,
            OnError = OnError,
        };
        if (Credentials.Count > 0)
        {
            node.Credentials = new JsObject();
            foreach (var key in Credentials.Keys)
            {
                node.Credentials[key] = new JsObject { ["id"] = "1", ["name"] = key };
            }
        }

        var workflow = new Workflow { Nodes = [node] };
        var execution = new ExecutionInfo { Id = "1", Workflow = workflow, Time = new FixedTimeProvider(Now) };
        var services = new Dictionary<Type, object>(Services) { [typeof(ICredentialProvider)] = new InMemoryCredentialProvider(Credentials) };
        return new NodeExecutionContext(
            execution, node, type, 0, [Items], [null], new RunData(), new JsObject(),
            evaluator ?? new MiniEvaluator(Evaluate), new DictionaryServices(services), CancellationToken.None);
    }

    public async Task<IReadOnlyList<Item>> RunAsync(INodeType type)
    {
        var output = await type.ExecuteAsync(CreateContext(type));
        return output.Main;
    }

    public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class InMemoryCredentialProvider(Dictionary<string, JsObject> credentials) : ICredentialProvider
    {
        public ValueTask<JsObject?> GetAsync(WorkflowNode node, string credentialType, CancellationToken cancellationToken) =>
            ValueTask.FromResult(credentials.GetValueOrDefault(credentialType));
    }

    private sealed class DictionaryServices(Dictionary<Type, object> services) : IServiceProvider
    {
        public object? GetService(Type serviceType) => services.GetValueOrDefault(serviceType);
    }

    /// <summary>Understands <c>={{ $json.a.b }}</c> and <c>={{ $name.a.b }}</c> for extra variables; enough for node tests.</summary>
    private sealed partial class MiniEvaluator(Func<string, ExpressionContext, JsValue>? custom) : IExpressionEvaluator
    {
        public JsValue Evaluate(string template, ExpressionContext context)
        {
            if (custom?.Invoke(template, context) is { IsUndefined: false } value)
            {
                return value;
            }

            var match = PathPattern().Match(template);
            if (!match.Success)
            {
                throw new InvalidOperationException($"The test evaluator cannot evaluate '{template}'.");
            }

            var root = match.Groups[1].Value == "json"
                ? JsValue.FromObject(context.CurrentItem?.Json)
                : context.ExtraVariables?["$" + match.Groups[1].Value] ?? JsValue.Undefined;
            var path = match.Groups[2].Value.TrimStart('.');
            if (path.Length == 0)
            {
                return root;
            }

            foreach (var part in path.Split('.'))
            {
                root = root[part];
            }

            return root;
        }

        [GeneratedRegex(@"^=\{\{\s*\$(\w+)((?:\.\w+)*)\s*\}\}$")]
        private static partial Regex PathPattern();
    }
}
