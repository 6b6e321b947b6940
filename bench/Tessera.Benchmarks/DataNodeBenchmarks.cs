using BenchmarkDotNet.Attributes;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using Tessera.Nodes;

namespace Tessera.Benchmarks;

/// <summary>
/// The data nodes over 100,000 items: Set (5 fields), Filter, Sort, Aggregate, and the Set → Filter → Sort pipeline
/// the data-nodes issue targets (under 0.5 s). Divide the mean by 100,000 for ns per item.
/// </summary>
[MemoryDiagnoser]
public class DataNodeBenchmarks
{
    private const string SetParameters = """
        {"mode":"manual","includeOtherFields":true,"options":{},"assignments":{"assignments":[
          {"id":"1","name":"total","type":"number","value":"={{ $json.price * $json.quantity }}"},
          {"id":"2","name":"label","type":"string","value":"={{ $json.name.toUpperCase() }}"},
          {"id":"3","name":"expensive","type":"boolean","value":"={{ $json.price > 50 }}"},
          {"id":"4","name":"customer.id","type":"number","value":"={{ $json.id % 977 }}"},
          {"id":"5","name":"source","type":"string","value":"bench"}]}}
        """;

    private const string FilterParameters = """
        {"options":{},"conditions":{"options":{"caseSensitive":true,"leftValue":"","typeValidation":"strict"},"combinator":"and",
          "conditions":[{"id":"c","leftValue":"={{ $json.price }}","rightValue":25,"operator":{"type":"number","operation":"gt"}}]}}
        """;

    private const string SortParameters = """{"sortFieldsUi":{"sortField":[{"fieldName":"price","order":"descending"}]},"options":{}}""";

    private const string AggregateParameters = """{"aggregate":"aggregateIndividualFields","fieldsToAggregate":{"fieldToAggregate":[{"fieldToAggregate":"id"}]},"options":{}}""";

    private WorkflowEngine _engine = null!;
    private IReadOnlyList<Item> _items = null!;
    private Workflow _set = null!;
    private Workflow _filter = null!;
    private Workflow _sort = null!;
    private Workflow _aggregate = null!;
    private Workflow _pipeline = null!;

    [Params(100_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = TesseraEngineFactory.Create();
        _items = [.. Enumerable.Range(0, Items).Select(i => new Item(new JsObject
        {
            ["id"] = i,
            ["name"] = "product " + i,
            ["price"] = (i * 7919 % 10_000) / 100.0,
            ["quantity"] = i % 13,
        }))];
        _set = BenchWorkflows.Chain(("n8n-nodes-base.set", 3.4, SetParameters));
        _filter = BenchWorkflows.Chain(("n8n-nodes-base.filter", 2, FilterParameters));
        _sort = BenchWorkflows.Chain(("n8n-nodes-base.sort", 1, SortParameters));
        _aggregate = BenchWorkflows.Chain(("n8n-nodes-base.aggregate", 1, AggregateParameters));
        _pipeline = BenchWorkflows.Chain(("n8n-nodes-base.set", 3.4, SetParameters), ("n8n-nodes-base.filter", 2, FilterParameters), ("n8n-nodes-base.sort", 1, SortParameters));
    }

    [Benchmark(Description = "set (5 fields)")]
    public Task<ExecutionResult> Set() => RunAsync(_set);

    [Benchmark(Description = "filter (number > 25)")]
    public Task<ExecutionResult> Filter() => RunAsync(_filter);

    [Benchmark(Description = "sort (one number key)")]
    public Task<ExecutionResult> Sort() => RunAsync(_sort);

    [Benchmark(Description = "aggregate (one field)")]
    public Task<ExecutionResult> Aggregate() => RunAsync(_aggregate);

    [Benchmark(Description = "set → filter → sort")]
    public Task<ExecutionResult> Pipeline() => RunAsync(_pipeline);

    private async Task<ExecutionResult> RunAsync(Workflow workflow)
    {
        var result = await _engine.RunAsync(workflow, new RunOptions { TriggerItems = _items });
        return result.Status == ExecutionStatus.Success ? result : throw new InvalidOperationException($"{result.FailedNode}: {result.Error?.Message}");
    }
}
