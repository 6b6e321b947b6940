using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using Tessera.Server.Auth;

namespace Tessera.Server.Api;

/// <summary><c>POST /expressions/preview</c>: evaluates an expression as a node would see it, for the editor's live preview.</summary>
internal static class ExpressionEndpoints
{
    public static IEndpointRouteBuilder MapExpressionEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/expressions/preview", Preview).WithTags("Node types").RequireAuthenticatedUser();
        return api;
    }

    private static IResult Preview(PreviewRequest body, WorkflowEngine engine, ServerOptions options)
    {
        var errors = new FieldErrors().Required(body.Expression, "expression").Required(body.Node, "node");
        if (body.Workflow is null)
        {
            errors.Add(new FieldError("workflow", "is required: send the workflow being edited."));
        }

        if (body.ItemIndex is < 0)
        {
            errors.Add(new FieldError("itemIndex", "must be 0 or more."));
        }

        if (!errors.Ok)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        var parsed = WorkflowDocument.Parse(body.Workflow, "workflow.");
        if (parsed.Workflow is not { } workflow)
        {
            return ProblemResults.ValidationFailed(parsed.Errors);
        }

        var node = workflow.FindNode(body.Node!);
        if (node is null)
        {
            return ProblemResults.ValidationFailed("node", $"The workflow has no node named \"{body.Node}\".");
        }

        try
        {
            var runData = ReadRunData(body.RunData);
            var inputs = InputsOf(workflow, node, runData);
            var context = new ExpressionContext
            {
                Execution = new ExecutionInfo { Id = "preview", Workflow = workflow, Time = options.Time },
                Node = node,
                RunData = runData,
                Inputs = [inputs],
                ItemIndex = body.ItemIndex ?? 0,
            };
            var template = body.Expression!.StartsWith('=') ? body.Expression : "=" + body.Expression;
            var value = engine.Expressions.Evaluate(template, context);
            return Results.Ok(new JsonObject { ["value"] = NodeTypeEndpoints.ToJsonNode(value) });
        }
        catch (Exception e) when (e is ExpressionException or JsonFormatException or InvalidOperationException or ArgumentException)
        {
            return Results.Ok(new JsonObject { ["error"] = e.Message });
        }
    }

    /// <summary>The items the node would receive: its first parent's latest output along the connection.</summary>
    private static IReadOnlyList<Item> InputsOf(Workflow workflow, WorkflowNode node, RunData runData)
    {
        foreach (var connection in workflow.Connections.Where(c => c.Target == node.Name && c.TargetInput == 0 && c.Type == ConnectionTypes.Main))
        {
            if (runData.RunCount(connection.Source) > 0)
            {
                var outputs = runData[connection.Source][^1].Outputs;
                if (connection.SourceOutput < outputs.Count)
                {
                    return outputs[connection.SourceOutput];
                }
            }
        }

        return [];
    }

    /// <summary>Reads n8n's <c>runData</c> shape (<c>{ node: [ { startTime, data: { main: [[items]] } } ] }</c>).</summary>
    private static RunData ReadRunData(JsonObject? json)
    {
        var runData = new RunData();
        foreach (var (name, runs) in json ?? [])
        {
            foreach (var run in runs as JsonArray ?? [])
            {
                var outputs = new List<IReadOnlyList<Item>>();
                foreach (var output in run?["data"]?["main"] as JsonArray ?? [])
                {
                    var items = new List<Item>();
                    foreach (var item in output as JsonArray ?? [])
                    {
                        items.Add(Item.FromJson(JsonCodec.Parse(item?.ToJsonString() ?? "{}")));
                    }

                    outputs.Add(items);
                }

                var start = run?["startTime"] is JsonValue v && v.TryGetValue<double>(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : DateTimeOffset.UnixEpoch;
                runData.Add(name, new NodeRunData { StartTime = start, Status = NodeRunStatus.Success, Outputs = outputs });
            }
        }

        return runData;
    }

    private sealed record PreviewRequest(JsonObject? Workflow, string? Node, string? Expression, int? ItemIndex, JsonObject? RunData);
}
