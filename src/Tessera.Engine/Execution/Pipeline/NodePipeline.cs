using Tessera.Engine.Nodes;

namespace Tessera.Engine.Execution.Pipeline;

/// <summary>An ordered list of steps around node execution; the first added is the outermost.</summary>
public sealed class NodePipeline
{
    private readonly List<INodeExecutionStep> _steps = [];
    private NodeExecutionDelegate? _built;

    /// <summary>The default pipeline: pinned data, then retries. (Error capture and timing are done by the engine.)</summary>
    public static NodePipeline CreateDefault() => new NodePipeline().Use(new PinDataStep()).Use(new RetryStep());

    /// <summary>The steps, outermost first.</summary>
    public IReadOnlyList<INodeExecutionStep> Steps => _steps;

    /// <summary>Appends a step inside the ones already added.</summary>
    public NodePipeline Use(INodeExecutionStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _steps.Add(step);
        _built = null;
        return this;
    }

    /// <summary>Inserts a step at <paramref name="index"/> (0 = outermost).</summary>
    public NodePipeline Insert(int index, INodeExecutionStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _steps.Insert(index, step);
        _built = null;
        return this;
    }

    /// <summary>Runs the pipeline for one node execution.</summary>
    public ValueTask<NodeOutput> InvokeAsync(NodeExecutionContext context) => (_built ??= Build())(context);

    private NodeExecutionDelegate Build()
    {
        NodeExecutionDelegate next = static context => context.NodeType.ExecuteAsync(context);
        for (var i = _steps.Count - 1; i >= 0; i--)
        {
            var step = _steps[i];
            var inner = next;
            next = context => step.InvokeAsync(context, inner);
        }

        return next;
    }
}
