using BenchmarkDotNet.Attributes;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;

namespace Tessera.Benchmarks;

/// <summary>
/// Expression evaluation over 10,000 items with one context, as a node resolving a parameter per item does.
/// Each benchmark reports the time for all 10,000 evaluations; divide by 10,000 for the per-item cost.
/// </summary>
[MemoryDiagnoser]
public class ExpressionBenchmarks
{
    private const int ItemCount = 10_000;
    private ExpressionEvaluator _evaluator = null!;
    private ExpressionContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var items = new List<Item>(ItemCount);
        for (var i = 0; i < ItemCount; i++)
        {
            var json = new JsObject
            {
                ["a"] = new JsObject { ["b"] = i },
                ["price"] = i * 0.5,
                ["name"] = "item" + i,
                ["items"] = new JsArray { new JsObject { ["x"] = 1 }, new JsObject { ["x"] = 2 }, new JsObject { ["x"] = i } },
            };
            items.Add(new Item(json));
        }

        var workflow = new Workflow { Name = "bench" };
        var node = new WorkflowNode { Name = "Set", Type = "n8n-nodes-base.set" };
        workflow.Nodes.Add(node);
        _context = new ExpressionContext
        {
            Execution = new ExecutionInfo { Id = "1", Workflow = workflow },
            Node = node,
            RunData = new RunData(),
            Inputs = [items],
        };
        _evaluator = new ExpressionEvaluator();
    }

    [Benchmark(OperationsPerInvoke = ItemCount)]
    public double MemberAccess() => Run("={{ $json.a.b }}");

    [Benchmark(OperationsPerInvoke = ItemCount)]
    public double Arithmetic() => Run("={{ $json.price * 1.2 }}");

    [Benchmark(OperationsPerInvoke = ItemCount)]
    public double ThreeSegmentTemplate() => Run("=Hello {{ $json.name }}, total {{ $json.price * 2 }} and {{ $json.a.b }}!");

    [Benchmark(OperationsPerInvoke = ItemCount)]
    public double MapSum() => Run("={{ $json.items.map(i => i.x).sum() }}");

    private double Run(string template)
    {
        double checksum = 0;
        for (var i = 0; i < ItemCount; i++)
        {
            _context.ItemIndex = i;
            var v = _evaluator.Evaluate(template, _context);
            checksum += v.IsNumber ? v.AsNumber() : v.Kind == JsKind.String ? v.AsString().Length : 0;
        }

        return checksum;
    }
}
