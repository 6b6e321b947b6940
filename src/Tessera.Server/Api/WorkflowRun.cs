using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tessera.Server.Auth;
using Tessera.Server.Executions;
using Tessera.Storage;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary><c>POST /workflows/{id}/run</c>: a manual run of the saved workflow, or of unsaved edits sent along.</summary>
internal static class WorkflowRun
{
    public static async Task<IResult> RunAsync(string id, RunRequest? body, ICaller caller, TesseraStorage storage, ExecutionRunner runner, CancellationToken ct)
    {
        var (stored, denied) = await WorkflowEndpoints.LoadAsync(id, ProjectRole.Operator, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        body ??= new RunRequest(null, null, null, null, null);
        var errors = new List<FieldError>();
        var workflow = WorkflowDocument.ToWorkflow(stored!);
        if (body.Workflow is not null)
        {
            // Unsaved edits run as they are, but only editors may run something other than what is saved.
            if (caller.Demand(ProjectRole.Editor, stored!.ProjectId) is { } editDenied)
            {
                return editDenied;
            }

            var parsed = WorkflowDocument.Parse(body.Workflow, "workflow.");
            errors.AddRange(parsed.Errors);
            if (parsed.Workflow is { } edited)
            {
                edited.Id = stored.Id;
                workflow = edited;
            }
        }

        var (items, itemErrors) = ExecutionEndpoints.ReadItems(body.TriggerItems, "triggerItems");
        errors.AddRange(itemErrors);
        if (body.StartNode is not null && workflow.FindNode(body.StartNode) is null)
        {
            errors.Add(new FieldError("startNode", $"The workflow has no node named \"{body.StartNode}\"."));
        }

        if (body.DestinationNode is not null && workflow.FindNode(body.DestinationNode) is null)
        {
            errors.Add(new FieldError("destinationNode", $"The workflow has no node named \"{body.DestinationNode}\" to run to."));
        }

        if (errors.Count > 0)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        var running = await runner.StartAsync(
            new ExecutionRequest
            {
                Workflow = workflow,
                ProjectId = stored!.ProjectId,
                StartNode = body.StartNode,
                DestinationNode = body.DestinationNode,
                TriggerItems = body.TriggerItems is null ? null : items,
                UsePinData = true,
            },
            ct);
        return await RespondAsync(running, body.Wait == true, caller, storage, ct);
    }

    /// <summary>202 with the id, or (when waiting) 200 with the finished execution.</summary>
    internal static async Task<IResult> RespondAsync(RunningExecution running, bool wait, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (!wait)
        {
            return Results.Accepted($"/api/v1/executions/{running.Id}", new StartedResponse(running.Id));
        }

        try
        {
            await running.Completion.WaitAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The failure is in the journal; the response shows it.
        }

        var summary = await storage.Executions.GetAsync(running.Id, ct);
        if (summary is null)
        {
            return ProblemResults.Problem(StatusCodes.Status500InternalServerError, "internal-error", "Internal error", $"Execution '{running.Id}' was not recorded; see the server log.");
        }

        return Results.Ok(await ExecutionEndpoints.DetailAsync(summary, new ExecutionAccess(storage, caller), storage, ct));
    }

    internal sealed record RunRequest(string? StartNode, string? DestinationNode, JsonArray? TriggerItems, JsonObject? Workflow, bool? Wait);

    internal sealed record StartedResponse(string ExecutionId);
}
