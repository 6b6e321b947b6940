using BenchmarkDotNet.Attributes;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using Tessera.Nodes;

namespace Tessera.Benchmarks;

/// <summary>
/// A 10-node linear workflow over 1,000 items. Divide the mean by 10,000 for ns per node-item
/// (the figure docs/benchmarks.md reports). Allocations beyond the items themselves show up in Allocated.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private WorkflowEngine _engine = null!;
    private Workflow _noOpChain = null!;
    private Workflow _ifChain = null!;
    private IReadOnlyList<Item> _items = null!;

    [Params(1000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = TesseraEngineFactory.Create();
        _items = [.. Enumerable.Range(0, Items).Select(i => new Item(new JsObject { ["id"] = i, ["score"] = i % 100, ["name"] = "item " + i }))];
        _noOpChain = Chain("n8n-nodes-base.noOp", 1, "{}");
        _ifChain = Chain("n8n-nodes-base.if", 2, """
            {"conditions":{"options":{"caseSensitive":true,"leftValue":"","typeValidation":"strict"},
             "conditions":[{"id":"c","leftValue":"={{ $json.score }}","rightValue":-1,"operator":{"type":"number","operation":"gt"}}],
             "combinator":"and"},"options":{}}
            """);
    }

    [Benchmark(Baseline = true, Description = "10 × noOp, 1,000 items")]
    public Task<ExecutionResult> NoOpChain() => _engine.RunAsync(_noOpChain, new RunOptions { TriggerItems = _items });

    [Benchmark(Description = "10 × if (expression condition), 1,000 items")]
    public Task<ExecutionResult> IfChain() => _engine.RunAsync(_ifChain, new RunOptions { TriggerItems = _items });

    private static Workflow Chain(string type, double version, string parameters) =>
        BenchWorkflows.Chain([.. Enumerable.Repeat((type, version, parameters), 10)]);
}
