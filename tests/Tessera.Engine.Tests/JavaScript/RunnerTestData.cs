using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.JavaScript;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Tests.JavaScript;

/// <summary>Builds contexts for runner tests: a small workflow, run data and items.</summary>
internal static class RunnerTestData
{
    public static List<Item> MakeItems(params string[] json) => [.. json.Select(j => new Item(JsonCodec.Parse(j).AsObject()))];

    public static ExpressionContext Context(
        IReadOnlyList<Item> items,
        RunData? runData = null,
        IReadOnlyList<NodeRunSource?>? source = null,
        TimeProvider? time = null,
        IReadOnlyDictionary<string, string>? env = null,
        IEnumerable<string>? extraNodes = null)
    {
        var workflow = new Workflow { Id = "wf1", Name = "Runner test" };
        foreach (var name in extraNodes ?? [])
        {
            workflow.Nodes.Add(new WorkflowNode { Name = name, Type = "n8n-nodes-base.set" });
        }

        var node = new WorkflowNode { Name = "Code", Type = "n8n-nodes-base.code", TypeVersion = 2 };
        workflow.Nodes.Add(node);
        return new ExpressionContext
        {
            Execution = new ExecutionInfo
            {
                Id = "exec-1",
                Workflow = workflow,
                Time = time ?? TimeProvider.System,
                Environment = env ?? new Dictionary<string, string>(),
            },
            Node = node,
            RunData = runData ?? new RunData(),
            Inputs = [items],
            Source = source ?? [],
        };
    }

    public static JavaScriptTaskData Task(IReadOnlyList<Item> items, string mode = JavaScriptTaskModes.RunOnceForAllItems, RunData? runData = null, IReadOnlyList<NodeRunSource?>? source = null, TimeProvider? time = null, IEnumerable<string>? extraNodes = null) =>
        new() { Context = Context(items, runData, source, time, extraNodes: extraNodes), Mode = mode };

    public static JavaScriptRunnerPool Pool(Action<JavaScriptRunnerOptions>? configure = null)
    {
        var options = new JavaScriptRunnerOptions();
        configure?.Invoke(options);
        return new JavaScriptRunnerPool(options);
    }
}

/// <summary>A clock fixed at one instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>One pool shared by the tests of a class (each process start costs ~100 ms).</summary>
public sealed class RunnerPoolFixture : IDisposable
{
    public JavaScriptRunnerPool Pool { get; } = new(new JavaScriptRunnerOptions { CodeTimeout = TimeSpan.FromSeconds(20) });

    public void Dispose() => Pool.Dispose();
}
