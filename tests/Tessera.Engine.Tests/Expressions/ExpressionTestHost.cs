using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Tests.Expressions;

/// <summary>Builds expression contexts by hand: a workflow, run data and input items.</summary>
internal sealed class ExpressionTestHost
{
    public static readonly DateTimeOffset FixedNow = new(2024, 3, 15, 10, 30, 45, 123, TimeSpan.Zero);

    public ExpressionTestHost(ExpressionEvaluatorOptions? options = null)
    {
        Evaluator = options is null ? new ExpressionEvaluator() : new ExpressionEvaluator(options);
        Workflow = new Workflow { Id = "wf-1", Name = "Test workflow", Active = true };
        Node = AddNode("Current");
    }

    public ExpressionEvaluator Evaluator { get; }

    public Workflow Workflow { get; }

    public WorkflowNode Node { get; }

    public RunData RunData { get; } = new();

    public List<Item> Inputs { get; } = [];

    public List<NodeRunSource?> Source { get; } = [];

    public Dictionary<string, string> Environment { get; } = new() { ["API_BASE"] = "https://api.example.com" };

    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    public string Mode { get; set; } = ExecutionModes.Manual;

    public CancellationToken CancellationToken { get; set; }

    public WorkflowNode AddNode(string name, JsObject? parameters = null)
    {
        var node = new WorkflowNode { Name = name, Type = "n8n-nodes-base.set", Parameters = parameters ?? new JsObject() };
        Workflow.Nodes.Add(node);
        return node;
    }

    /// <summary>Records a run of <paramref name="node"/> producing <paramref name="outputs"/>, fed by <paramref name="source"/>.</summary>
    public NodeRunData AddRun(string node, IReadOnlyList<Item>[] outputs, NodeRunSource? source = null, IReadOnlyList<Item>? inputs = null)
    {
        if (Workflow.FindNode(node) is null)
        {
            AddNode(node);
        }

        var run = new NodeRunData
        {
            StartTime = FixedNow,
            Outputs = outputs,
            Inputs = inputs is null ? [] : [inputs],
            Source = source is null ? [] : [source],
        };
        RunData.Add(node, run);
        return run;
    }

    public ExpressionContext Context(int itemIndex = 0) => new()
    {
        Execution = new ExecutionInfo
        {
            Id = "exec-42",
            Workflow = Workflow,
            Mode = Mode,
            Time = new FixedTime(FixedNow),
            TimeZone = TimeZone,
            Environment = Environment,
            Variables = new Dictionary<string, string> { ["region"] = "eu" },
        },
        Node = Node,
        RunData = RunData,
        Inputs = [Inputs],
        Source = Source,
        ItemIndex = itemIndex,
        CancellationToken = CancellationToken,
    };

    public JsValue Eval(string template, int itemIndex = 0) => Evaluator.Evaluate(template, Context(itemIndex));

    /// <summary>Evaluates <c>={{ expression }}</c> and returns the result as JSON text ("undefined" for undefined).</summary>
    public string Json(string expression, int itemIndex = 0) => JsonCodec.Serialize(Eval("={{ " + expression + " }}", itemIndex));

    public static ExpressionTestHost WithItem(string json)
    {
        var host = new ExpressionTestHost();
        host.Inputs.Add(new Item(JsObject.Parse(json)));
        return host;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
