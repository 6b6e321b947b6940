using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Hosting;

namespace Tessera.Nodes;

/// <summary>Builds a <see cref="WorkflowEngine"/> with every built-in node, the expression evaluator and the default services.</summary>
public static class TesseraEngineFactory
{
    /// <summary>Creates an engine; <paramref name="configure"/> may add or replace services (credentials, stores…).</summary>
    public static WorkflowEngine Create(WorkflowEngineOptions? options = null, Action<NodeServices>? configure = null)
    {
        var services = new NodeServices();
        configure?.Invoke(services);
        var evaluator = services.GetService(typeof(IExpressionEvaluator)) as IExpressionEvaluator ?? new ExpressionEvaluator();
        var engine = new WorkflowEngine(BuiltInNodes.CreateRegistry(services), evaluator, services, options);
        services.Add(engine);
        return engine;
    }
}
