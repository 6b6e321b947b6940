using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Expressions.Extensions;
using Tessera.Engine.Tests.Expressions.Dates;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Tests.Expressions.Extensions;

/// <summary>Calls extension functions the way the evaluator does, in an execution with a fixed clock.</summary>
internal static class ExtensionTestKit
{
    public static ExpressionContext Context(string zone = "UTC") => new()
    {
        Execution = new ExecutionInfo
        {
            Id = "1",
            Workflow = new Workflow(),
            Time = new FixedTimeProvider(DateTestKit.FixedNow),
            TimeZone = zone == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zone),
        },
        Node = new WorkflowNode { Name = "Set", Type = "n8n-nodes-base.set" },
        RunData = new RunData(),
        Inputs = [],
    };

    public static readonly ExpressionContext Utc = Context();

    public static JsValue Ext(JsValue receiver, string name, params JsValue[] args) => Ext(Utc, receiver, name, args);

    public static JsValue Ext(ExpressionContext context, JsValue receiver, string name, params JsValue[] args)
    {
        Assert.True(ExtensionFunctions.TryGet(receiver, name, out var fn), $"{name} not found");
        return fn(receiver, args, context);
    }

    public static string Json(JsValue v) => JsonCodec.Serialize(v);

    public static JsValue Parse(string json) => JsonCodec.Parse(json);

    public static ExpressionException Fails(JsValue receiver, string name, params JsValue[] args) =>
        Assert.Throws<ExpressionException>(() => Ext(receiver, name, args));
}
