using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Tests.Files;

/// <summary>Runs one node outside the engine with a tiny expression evaluator (only <c>{{ $json.path }}</c>).</summary>
internal static class NodeHarness
{
    public static readonly DateTimeOffset FixedNow = new(2024, 3, 15, 10, 30, 45, 123, TimeSpan.Zero);

    public static IReadOnlyList<Item> Run(INodeType type, string parametersJson, IReadOnlyList<Item> items, double version = 1, string? timeZone = null, object? services = null) =>
        RunOutput(type, parametersJson, items, version, timeZone, services: services).Main;

    public static NodeOutput RunOutput(INodeType type, string parametersJson, IReadOnlyList<Item> items, double version = 1, string? timeZone = null, string? onError = null, object? services = null)
    {
        var node = new WorkflowNode
        {
            Name = "Node",
            Type = type.Description.Name,
            TypeVersion = version,
            Parameters = JsObject.Parse(parametersJson),
            OnError = onError,
        };
        var workflow = new Workflow { Nodes = [node] };
        var execution = new ExecutionInfo
        {
            Id = "1",
            Workflow = workflow,
            Time = new FixedTime(FixedNow),
            TimeZone = timeZone is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone),
        };
        var context = new NodeExecutionContext(execution, node, type, 0, [items], [null], new RunData(), new JsObject(),
            new PathEvaluator(), new Services(services), CancellationToken.None);
        return type.ExecuteAsync(context).AsTask().GetAwaiter().GetResult();
    }

    public static Item JsonItem(string json) => new(JsObject.Parse(json));

    public static Item BinaryItem(byte[] bytes, string mimeType, string fileName, string property = "data") =>
        new(new JsObject()) { Binary = new() { [property] = BinaryData.FromBytes(bytes, mimeType, fileName) } };

    /// <summary>The repository's ../shared folder, or null when absent.</summary>
    public static string? SharedFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tessera.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            return null;
        }

        var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        return Directory.Exists(shared) ? shared : null;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class Services(object? service) : IServiceProvider
    {
        public object? GetService(Type serviceType) => service is not null && serviceType.IsInstanceOfType(service) ? service : null;
    }

    private sealed class PathEvaluator : IExpressionEvaluator
    {
        public JsValue Evaluate(string template, ExpressionContext context)
        {
            var text = template[1..].Trim();
            if (!text.StartsWith("{{", StringComparison.Ordinal) || !text.EndsWith("}}", StringComparison.Ordinal))
            {
                return text;
            }

            var expr = text[2..^2].Trim();
            if (!expr.StartsWith("$json", StringComparison.Ordinal))
            {
                throw new NotSupportedException("Test evaluator supports only $json paths: " + expr);
            }

            var json = context.CurrentItem?.Json ?? new JsObject();
            return expr == "$json" ? json : json.GetPath(expr[6..]);
        }
    }
}
