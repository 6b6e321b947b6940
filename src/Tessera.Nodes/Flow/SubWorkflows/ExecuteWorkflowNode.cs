using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Flow.SubWorkflows;

/// <summary>
/// <c>n8n-nodes-base.executeWorkflow</c>: runs another workflow with this node's items and outputs what its last node
/// returned. Sources: <c>database</c> (by id, through <see cref="ISubWorkflowResolver"/>), <c>localFile</c>, <c>parameter</c> (JSON).
/// Mode <c>once</c> runs it once with all items, <c>each</c> once per item. With <c>options.waitForSubWorkflow</c> false the
/// sub-workflow runs in the background and the node passes its items on.
/// </summary>
internal sealed class ExecuteWorkflowNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.executeWorkflow",
        DisplayName = "Execute Workflow",
        Description = "Execute another workflow",
        Versions = [1, 1.1, 1.2],
        Group = NodeGroup.Transform,
        Category = "Flow",
        Parameters =
        [
            new NodeParameter { Name = "source", Type = ParameterType.Options, Default = "database" },
            new NodeParameter { Name = "workflowId", Type = ParameterType.ResourceLocator, Default = string.Empty },
            new NodeParameter { Name = "workflowPath", Type = ParameterType.String, Default = string.Empty },
            new NodeParameter { Name = "workflowJson", Type = ParameterType.Json, Default = "\n\n\n" },
            new NodeParameter { Name = "mode", Type = ParameterType.Options, Default = "once" },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public async ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var executor = context.GetService<ISubWorkflowExecutor>() ?? throw new NodeOperationException(
            "No sub-workflow runner is available, so this node cannot run another workflow",
            description: "Run the workflow through a host that registers ISubWorkflowExecutor (the Tessera server and CLI do).");
        var items = context.InputItems;
        var wait = context.GetObject("options")["waitForSubWorkflow"] is not { IsBoolean: true } w || w.AsBoolean();
        var each = context.GetString("mode", 0, "once") == "each";

        if (!each)
        {
            var workflow = await LoadAsync(context, 0).ConfigureAwait(false);
            if (!wait)
            {
                StartInBackground(executor, new SubWorkflowRequest(workflow, items, context.Execution, context.Node.Name));
                return NodeOutput.Single(FlowItems.RoutedAll(items));
            }

            var result = await RunAsync(context, executor, workflow, items, 0).ConfigureAwait(false);
            return NodeOutput.Single(Pair(result.Items, Enumerable.Range(0, items.Count)));
        }

        var output = new List<Item>();
        for (var i = 0; i < items.Count; i++)
        {
            var workflow = await LoadAsync(context, i).ConfigureAwait(false);
            if (!wait)
            {
                StartInBackground(executor, new SubWorkflowRequest(workflow, [items[i]], context.Execution, context.Node.Name));
                output.Add(FlowItems.Routed(items[i], i));
                continue;
            }

            var result = await RunAsync(context, executor, workflow, [items[i]], i).ConfigureAwait(false);
            output.AddRange(Pair(result.Items, [i]));
        }

        return NodeOutput.Single(output);
    }

    private static async Task<SubWorkflowResult> RunAsync(NodeExecutionContext context, ISubWorkflowExecutor executor, Workflow workflow, IReadOnlyList<Item> items, int itemIndex)
    {
        var result = await executor.ExecuteAsync(new SubWorkflowRequest(workflow, items, context.Execution, context.Node.Name), context.CancellationToken).ConfigureAwait(false);
        if (result.Status == ExecutionStatus.Error)
        {
            var where = result.FailedNode is null ? string.Empty : $" (node '{result.FailedNode}')";
            throw new NodeOperationException(
                result.Error?.Message ?? "The sub-workflow failed",
                itemIndex,
                $"The sub-workflow '{workflow.Name}' failed{where}. {result.Error?.Description}".TrimEnd());
        }

        if (result.Status == ExecutionStatus.Canceled)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            throw new NodeOperationException($"The sub-workflow '{workflow.Name}' was cancelled", itemIndex);
        }

        return result;
    }

    private static List<Item> Pair(IReadOnlyList<Item> items, IEnumerable<int> sources)
    {
        var paired = sources.Select(i => new PairedItem(i)).ToArray();
        var result = new List<Item>(items.Count);
        foreach (var item in items)
        {
            result.Add(new Item(item.Json) { Binary = item.Binary, Paired = paired.Length > 0 ? paired : null });
        }

        return result;
    }

    private static void StartInBackground(ISubWorkflowExecutor executor, SubWorkflowRequest request) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await executor.ExecuteAsync(request, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Fire-and-forget, like n8n's "wait for sub-workflow completion: off": the caller has moved on.
            }
        });

    private static async ValueTask<Workflow> LoadAsync(NodeExecutionContext context, int itemIndex)
    {
        var source = context.GetString("source", itemIndex, "database");
        try
        {
            switch (source)
            {
                case "parameter":
                    var json = context.GetParameter("workflowJson", itemIndex);
                    return json.IsString ? WorkflowJson.Parse(json.AsString()) : WorkflowJson.FromJson(json);
                case "localFile":
                    var path = context.GetString("workflowPath", itemIndex);
                    if (!File.Exists(path))
                    {
                        throw new NodeOperationException($"The workflow file '{path}' does not exist", itemIndex, "Check 'Workflow Path'.");
                    }

                    return WorkflowJson.Load(path);
                case "database":
                    var id = WorkflowId(context.GetParameter("workflowId", itemIndex));
                    if (id.Length == 0)
                    {
                        throw new NodeOperationException("No workflow id is set", itemIndex, "Choose the workflow to run in 'Workflow'.");
                    }

                    var resolver = context.GetService<ISubWorkflowResolver>() ?? throw new NodeOperationException(
                        $"Cannot load workflow '{id}': no workflow store is available",
                        itemIndex,
                        "Run it where workflows are stored (the Tessera server), or use the 'parameter' or 'localFile' source.");
                    return await resolver.ResolveAsync(id, context.CancellationToken).ConfigureAwait(false)
                        ?? throw new NodeOperationException($"Workflow '{id}' does not exist", itemIndex, "Check the workflow id in 'Workflow'.");
                default:
                    throw new NodeOperationException($"The workflow source '{source}' is not supported", itemIndex, "Use 'database', 'localFile' or 'parameter'.");
            }
        }
        catch (JsonFormatException e)
        {
            throw new NodeOperationException($"The sub-workflow JSON is not valid: {e.Message}", itemIndex, "Fix the workflow JSON.", e);
        }
    }

    private static string WorkflowId(JsValue value) => value.Kind switch
    {
        JsKind.Object => JsConvert.ToString(value.AsObject()["value"]) is var v && v != "undefined" ? v : string.Empty,
        JsKind.String => value.AsString(),
        JsKind.Number => JsConvert.ToString(value),
        _ => string.Empty,
    };
}
