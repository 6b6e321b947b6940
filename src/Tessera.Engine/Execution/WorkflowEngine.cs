using Tessera.Engine.Execution.Pipeline;
using Tessera.Engine.Expressions;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Execution;

/// <summary>
/// Runs workflows: schedules nodes in n8n's order (v1 depth-first or legacy v0 breadth-first), routes items between them,
/// runs each node through the <see cref="NodePipeline"/>, and records run data and journal events.
/// Thread-safe: one engine serves any number of concurrent executions.
/// </summary>
public sealed class WorkflowEngine
{
    /// <summary>Creates an engine.</summary>
    public WorkflowEngine(
        NodeTypeRegistry nodeTypes,
        IExpressionEvaluator expressions,
        IServiceProvider? services = null,
        WorkflowEngineOptions? options = null,
        NodePipeline? pipeline = null)
    {
        ArgumentNullException.ThrowIfNull(nodeTypes);
        ArgumentNullException.ThrowIfNull(expressions);
        NodeTypes = nodeTypes;
        Expressions = expressions;
        Services = services ?? EmptyServiceProvider.Instance;
        Options = options ?? new WorkflowEngineOptions();
        Pipeline = pipeline ?? NodePipeline.CreateDefault();
    }

    /// <summary>The node types this engine runs.</summary>
    public NodeTypeRegistry NodeTypes { get; }

    /// <summary>The expression evaluator.</summary>
    public IExpressionEvaluator Expressions { get; }

    /// <summary>Services nodes may ask for.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Limits and defaults.</summary>
    public WorkflowEngineOptions Options { get; }

    /// <summary>The steps around every node execution.</summary>
    public NodePipeline Pipeline { get; }

    /// <summary>Checks a workflow against the registered node types; returns every problem (empty when valid).</summary>
    public IReadOnlyList<WorkflowProblem> Validate(Workflow workflow) => WorkflowValidator.Validate(workflow, NodeTypes);

    /// <summary>
    /// Runs <paramref name="workflow"/> to its end, a failure, a wait, or cancellation.
    /// Invalid workflows throw <see cref="WorkflowValidationException"/> before anything runs; node failures
    /// are reported in the result, never thrown.
    /// </summary>
    public Task<ExecutionResult> RunAsync(Workflow workflow, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        options ??= new RunOptions();
        if (options.Depth > Options.MaxDepth)
        {
            throw new WorkflowValidationException([new("executeWorkflow", $"Sub-workflows are nested more than {Options.MaxDepth} levels deep; a workflow probably calls itself.", "execution.depth")]);
        }

        var problems = Validate(workflow);
        if (problems.Count > 0)
        {
            throw new WorkflowValidationException(problems);
        }

        return new ExecutionRun(this, workflow, options).RunAsync(cancellationToken);
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
