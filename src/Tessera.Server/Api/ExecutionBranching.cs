using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tessera.Server.Auth;
using Tessera.Server.Executions;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Durable;
using Tessera.Storage.Executions;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary>
/// Retry, replay and fork: new executions that reuse a recorded one's node results, planned by the durable
/// <see cref="ExecutionService"/> (one implementation for the CLI and the API) and run by the <see cref="ExecutionRunner"/>
/// so the answer is a 202 with the new id while the run continues.
/// </summary>
internal static class ExecutionBranching
{
    public static async Task<IResult> RetryAsync(string id, ICaller caller, TesseraStorage storage, ExecutionService service, ExecutionRunner runner, CancellationToken ct)
    {
        var (summary, projectId, denied) = await LoadAsync(id, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (summary!.Status is not (ExecutionState.Error or ExecutionState.Canceled))
        {
            return ProblemResults.Conflict($"Execution '{id}' is {ExecutionStatusNames.Of(summary.Status)}; only failed or cancelled executions can be retried (use replay to run a node again).");
        }

        return await StartAsync(() => service.PrepareRetryAsync(id, ct), summary, projectId, AuditActions.ExecutionRetried, null, caller, storage, runner, ct);
    }

    public static async Task<IResult> ReplayAsync(string id, ReplayRequest? body, ICaller caller, TesseraStorage storage, ExecutionService service, ExecutionRunner runner, CancellationToken ct)
    {
        var (summary, projectId, denied) = await LoadAsync(id, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (string.IsNullOrWhiteSpace(body?.FromNode))
        {
            return ProblemResults.ValidationFailed("fromNode", FromNodeRequired);
        }

        return await StartAsync(() => service.PrepareReplayAsync(id, body.FromNode, ct), summary!, projectId, AuditActions.ExecutionReplayed, body.FromNode, caller, storage, runner, ct);
    }

    public static async Task<IResult> ForkAsync(string id, ForkRequest? body, ICaller caller, TesseraStorage storage, ExecutionService service, ExecutionRunner runner, CancellationToken ct)
    {
        var (summary, projectId, denied) = await LoadAsync(id, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body?.FromNode))
        {
            errors.Add(new FieldError("fromNode", FromNodeRequired));
        }

        if (body?.Items is null)
        {
            errors.Add(new FieldError("items", "is required: the items the node should output, e.g. [{ \"json\": { … } }]."));
        }

        var (items, itemErrors) = ExecutionEndpoints.ReadItems(body?.Items, "items");
        errors.AddRange(itemErrors);
        if (errors.Count > 0)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        return await StartAsync(() => service.PrepareForkAsync(id, body!.FromNode!, items, ct), summary!, projectId, AuditActions.ExecutionForked, body!.FromNode, caller, storage, runner, ct);
    }

    private const string FromNodeRequired = "is required: the node to run again from.";

    private static async Task<(ExecutionSummary? Summary, string? ProjectId, IResult? Denied)> LoadAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var (summary, projectId, denied) = await new ExecutionAccess(storage, caller).LoadAsync(id, ProjectRole.Operator, ct);
        if (denied is not null)
        {
            return (null, null, denied);
        }

        return summary!.Status is ExecutionState.Running or ExecutionState.Waiting
            ? (null, null, ProblemResults.Conflict($"Execution '{id}' has not finished; wait for it or cancel it first."))
            : (summary, projectId, null);
    }

    // The service checks what needs the journal (the node exists, the data was not compacted away); its exceptions become problems.
    private static async Task<IResult> StartAsync(Func<Task<PreparedExecution>> prepare, ExecutionSummary origin, string? projectId, string auditAction, string? fromNode, ICaller caller, TesseraStorage storage, ExecutionRunner runner, CancellationToken ct)
    {
        PreparedExecution prepared;
        try
        {
            prepared = await prepare();
        }
        catch (ExecutionNotFoundException e)
        {
            return ProblemResults.NotFound("execution", e.ExecutionId);
        }
        catch (ExecutionBranchException e)
        {
            return e.Field is { } field ? ProblemResults.ValidationFailed(field, e.Message) : ProblemResults.Conflict(e.Message);
        }

        var running = await runner.StartAsync(prepared, projectId, ct);
        await storage.RecordAsync(caller, auditAction, origin.Id, projectId, new { newExecutionId = running.Id, workflowId = origin.WorkflowId, fromNode });
        return await WorkflowRun.RespondAsync(running, false, caller, storage, ct);
    }

    internal sealed record ReplayRequest(string? FromNode);

    internal sealed record ForkRequest(string? FromNode, JsonArray? Items);
}
