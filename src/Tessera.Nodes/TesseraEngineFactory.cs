using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Hosting;
using Tessera.Engine.JavaScript;

namespace Tessera.Nodes;

/// <summary>Builds a <see cref="WorkflowEngine"/> with every built-in node, the expression evaluator and the default services.</summary>
public static class TesseraEngineFactory
{
    /// <summary>Creates an engine; <paramref name="configure"/> may add or replace services (credentials, stores…).</summary>
    public static WorkflowEngine Create(WorkflowEngineOptions? options = null, Action<NodeServices>? configure = null)
    {
        var services = new NodeServices();
        configure?.Invoke(services);
        // Expressions the evaluator cannot compile go to the JavaScript runner (a registered pool, else the shared one).
        var fallback = new JavaScriptExpressionFallback(() => services.GetService(typeof(JavaScriptRunnerPool)) as JavaScriptRunnerPool ?? JavaScriptRunnerPool.Shared);
        var evaluator = services.GetService(typeof(IExpressionEvaluator)) as IExpressionEvaluator
            ?? new ExpressionEvaluator(new ExpressionEvaluatorOptions { Fallback = fallback });
        var engine = new WorkflowEngine(BuiltInNodes.CreateRegistry(services), evaluator, services, options);
        services.Add(engine);
        if (services.GetService(typeof(Flow.SubWorkflows.ISubWorkflowExecutor)) is null)
        {
            services.Add<Flow.SubWorkflows.ISubWorkflowExecutor>(new Flow.SubWorkflows.EngineSubWorkflowExecutor(() => engine));
        }

        return engine;
    }
}
