using BenchmarkDotNet.Attributes;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.JavaScript;
using Tessera.Engine.Workflows;

namespace Tessera.Benchmarks;

/// <summary>Round trip of a Code-node task over 100 items through a warm runner process (payload, sandbox, result).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class RunnerBenchmarks
{
    private const string Code = "return $input.all().map(i => ({ json: { ...i.json, total: i.json.qty * i.json.price, name: i.json.name.toUpperCase() } }));";
    private JavaScriptRunnerPool _pool = null!;
    private JavaScriptTaskData _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new JavaScriptRunnerPool(new JavaScriptRunnerOptions { PoolSize = 1 });
        var items = Enumerable.Range(0, 100)
            .Select(i => new Item(new JsObject { ["id"] = i, ["name"] = "item " + i, ["qty"] = i % 7, ["price"] = 9.99, ["tags"] = new JsArray { "a", "b" } }))
            .ToList();
        var node = new WorkflowNode { Name = "Code", Type = "n8n-nodes-base.code", TypeVersion = 2 };
        var workflow = new Workflow { Name = "bench", Nodes = [node] };
        _data = new JavaScriptTaskData
        {
            Context = new ExpressionContext
            {
                Execution = new ExecutionInfo { Id = "bench", Workflow = workflow },
                Node = node,
                RunData = new RunData(),
                Inputs = [items],
            },
            Mode = JavaScriptTaskModes.RunOnceForAllItems,
            IncludeRunData = false,
        };
        _pool.RunCodeAsync(Code, _data).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark]
    public async Task<int> CodeTask100Items() => (await _pool.RunCodeAsync(Code, _data).ConfigureAwait(false)).Items.Count;
}
