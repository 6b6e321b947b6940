using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using static Tessera.Engine.Tests.Execution.TestNodes;

namespace Tessera.Engine.Tests.Execution;

public sealed class ParameterResolutionTests
{
    [Fact]
    public async Task GetParameter_NoExpressionsInside_ReturnsTheStoredObjectWithoutCopying()
    {
        var (probe, result) = await RunAsync(JsObject.Parse("""{"a":{"b":[1,"x",{"c":true}]}}"""));

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Same(probe.Raw, probe.Resolved.AsObject());
    }

    [Fact]
    public async Task GetParameter_NestedExpressions_ResolvesThemAndKeepsEverythingElse()
    {
        var (probe, _) = await RunAsync(JsObject.Parse("""{"keep":{"k":1},"list":[1,"=two",{"x":"=three","y":4}],"last":"plain"}"""));

        Assert.Equal("""{"keep":{"k":1},"list":[1,"two",{"x":"three","y":4}],"last":"plain"}""", JsonCodec.Serialize(probe.Resolved));
        Assert.Same(probe.Raw!["keep"].AsObject(), probe.Resolved.AsObject()["keep"].AsObject());
        Assert.Equal("""{"keep":{"k":1},"list":[1,"=two",{"x":"=three","y":4}],"last":"plain"}""", JsonCodec.Serialize(probe.Raw!));
    }

    [Fact]
    public async Task GetParameter_FailingNestedExpression_ErrorNamesTheFullParameterPath()
    {
        var (_, result) = await RunAsync(JsObject.Parse("""{"list":[1,{"x":"=bad"}]}"""));

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Equal("p.list[1].x", result.Error!.Context!["parameter"].AsString());
    }

    private static async Task<(Probe Probe, ExecutionResult Result)> RunAsync(JsObject parameter)
    {
        var probe = new Probe();
        var wf = Workflow("v1", ("T", "test.trigger", 0, 0), ("P", "test.probe", 100, 0)).Connect("T", "P");
        wf.Node("P").Parameters["p"] = parameter;
        var engine = new WorkflowEngine(Registry(probe), new FailingOnBad());
        return (probe, await engine.RunAsync(wf));
    }

    private sealed class Probe : INodeType
    {
        public JsObject? Raw { get; private set; }

        public JsValue Resolved { get; private set; }

        public NodeTypeDescription Description { get; } = new() { Name = "test.probe", DisplayName = "Probe", Versions = [1] };

        public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
        {
            Raw = context.Node.Parameters["p"].AsObject();
            Resolved = context.GetParameter("p", 0);
            return ValueTask.FromResult(NodeOutput.Single([Item.Empty()]));
        }
    }

    // "=x" evaluates to "x"; "=bad" fails like a syntax error.
    private sealed class FailingOnBad : IExpressionEvaluator
    {
        public JsValue Evaluate(string template, ExpressionContext context) =>
            template == "=bad" ? throw new ExpressionException("bad expression", "bad", 0) : template[1..];
    }
}
