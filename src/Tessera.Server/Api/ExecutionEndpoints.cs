using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Engine.Data;
using Tessera.Engine.Journal;
using Tessera.Server.Auth;
using Tessera.Server.Executions;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Executions;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary><c>/executions</c>: list, detail with run data, delete, cancel, retry, replay and fork.</summary>
internal static class ExecutionEndpoints
{
    private const int MaxLimit = 250;

    public static IEndpointRouteBuilder MapExecutionEndpoints(this IEndpointRouteBuilder api)
    {
        var executions = api.MapGroup("/executions").WithTags("Executions").RequireAuthenticatedUser();
        executions.MapGet("/", ListAsync);
        executions.MapGet("/{id}", GetAsync);
        executions.MapDelete("/{id}", DeleteAsync);
        executions.MapPost("/{id}/cancel", CancelAsync);
        executions.MapPost("/{id}/retry", ExecutionBranching.RetryAsync);
        executions.MapPost("/{id}/replay", ExecutionBranching.ReplayAsync);
        executions.MapPost("/{id}/fork", ExecutionBranching.ForkAsync);
        api.MapPost("/workflows/{id}/run", WorkflowRun.RunAsync).WithTags("Workflows").RequireAuthenticatedUser();
        return api;
    }

    /// <summary>The full <c>Execution</c>: summary, error, workflow snapshot and runData rebuilt from the journal.</summary>
    internal static async Task<JsonObject> DetailAsync(ExecutionSummary summary, ExecutionAccess access, TesseraStorage storage, CancellationToken ct)
    {
        var journal = await ExecutionJournalReader.ReadAsync(storage.Executions, summary.Id, ct);
        var json = (await access.SummaryAsync(summary, ct)).ToJson();
        json["error"] = summary.ErrorJson is null ? null : JsonNode.Parse(summary.ErrorJson);
        json["workflow"] = journal.Created is { } created ? JsonNode.Parse(created.WorkflowJson) : null;
        json["runData"] = journal.RunData();
        return json;
    }

    private static async Task<IResult> ListAsync(string? workflowId, string? status, DateTimeOffset? from, DateTimeOffset? to, int? limit, string? cursor, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var statuses = new List<ExecutionState>();
        foreach (var name in (status ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ExecutionStatusNames.TryParse(name, out var state))
            {
                statuses.Add(state);
            }
            else
            {
                errors.Add(new FieldError("status", $"'{name}' is not a status; use running, waiting, success, error or canceled (comma-separated)."));
            }
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors.Add(new FieldError("limit", $"must be between 1 and {MaxLimit}."));
        }

        if (!errors.Ok)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        var access = new ExecutionAccess(storage, caller);
        if (workflowId is not null && caller.RoleIn((await access.WorkflowAsync(workflowId, ct)).ProjectId) is null)
        {
            return ProblemResults.NotFound("workflow", workflowId);
        }

        var wanted = limit ?? 50;
        var items = new List<ExecutionSummaryResponse>();
        var query = new ExecutionQuery { WorkflowId = workflowId, Statuses = statuses.Count > 0 ? statuses : null, StartedFrom = from, StartedBefore = to, Cursor = cursor };

        // Keyset pages over everything the store has; executions of projects the caller cannot see are skipped. Each
        // fetch is consumed whole, so the store's cursor stays exact.
        for (var round = 0; round < 20 && items.Count < wanted; round++)
        {
            ExecutionPage page;
            try
            {
                page = await storage.Executions.ListAsync(query with { Limit = wanted - items.Count }, ct);
            }
            catch (ArgumentException)
            {
                return ProblemResults.ValidationFailed("cursor", "is not a cursor from this API; pass the nextCursor of the previous page.");
            }

            foreach (var summary in page.Items)
            {
                if (caller.RoleIn((await access.WorkflowAsync(summary.WorkflowId, ct)).ProjectId) is not null)
                {
                    items.Add(await access.SummaryAsync(summary, ct));
                }
            }

            query = query with { Cursor = page.NextCursor };
            if (page.NextCursor is null)
            {
                break;
            }
        }

        return Results.Ok(new ExecutionListResponse(items, query.Cursor));
    }

    private static async Task<IResult> GetAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var access = new ExecutionAccess(storage, caller);
        var (summary, _, denied) = await access.LoadAsync(id, ProjectRole.Viewer, ct);
        return denied ?? Results.Ok(await DetailAsync(summary!, access, storage, ct));
    }

    private static async Task<IResult> DeleteAsync(string id, ICaller caller, TesseraStorage storage, ExecutionRunner runner, CancellationToken ct)
    {
        var (summary, projectId, denied) = await new ExecutionAccess(storage, caller).LoadAsync(id, ProjectRole.Editor, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (runner.Find(id) is not null || summary!.Status == ExecutionState.Running)
        {
            return ProblemResults.Conflict($"Execution '{id}' is running; cancel it first (POST /api/v1/executions/{id}/cancel).");
        }

        if (!await storage.Executions.DeleteAsync(id, ct))
        {
            return ProblemResults.NotFound("execution", id);
        }

        await storage.RecordAsync(caller, AuditActions.ExecutionDeleted, id, projectId, new { workflowId = summary.WorkflowId, status = ExecutionStatusNames.Of(summary.Status) });
        return Results.NoContent();
    }

    private static async Task<IResult> CancelAsync(string id, ICaller caller, TesseraStorage storage, ExecutionRunner runner, ExecutionEventHub hub, ServerOptions options, CancellationToken ct)
    {
        var access = new ExecutionAccess(storage, caller);
        var (summary, projectId, denied) = await access.LoadAsync(id, ProjectRole.Operator, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (runner.Find(id) is { } running)
        {
            runner.Cancel(id);
            await Task.WhenAny(running.Completion, Task.Delay(TimeSpan.FromSeconds(10), ct));
        }
        else if (summary!.Status is ExecutionState.Waiting or ExecutionState.Running)
        {
            // Parked (or orphaned by a crash): nothing runs it here, so close it in the journal.
            var cancelled = new ExecutionCancelled { ExecutionId = id, Reason = "user", Timestamp = options.Time.GetUtcNow(), Sequence = summary.LastSequence + 1 };
            try
            {
                await storage.Executions.AppendAsync(id, summary.LastSequence, [cancelled], ct);
                hub.Publish(cancelled);
            }
            catch (JournalConflictException)
            {
                return ProblemResults.Conflict($"Execution '{id}' changed while cancelling; read it again and retry.");
            }
        }
        else
        {
            return ProblemResults.Conflict($"Execution '{id}' already finished ({ExecutionStatusNames.Of(summary.Status)}); there is nothing to cancel.");
        }

        await storage.RecordAsync(caller, AuditActions.ExecutionCancelled, id, projectId, new { workflowId = summary!.WorkflowId });
        var after = await storage.Executions.GetAsync(id, ct);
        return after is null ? ProblemResults.NotFound("execution", id) : Results.Ok(await access.SummaryAsync(after, ct));
    }

    private sealed record ExecutionListResponse(IReadOnlyList<ExecutionSummaryResponse> Items, string? NextCursor);

    /// <summary>Items from a request body (<c>[{ json }]</c>), with the problems.</summary>
    internal static (List<Engine.Items.Item> Items, List<FieldError> Errors) ReadItems(JsonArray? array, string path)
    {
        var items = new List<Engine.Items.Item>();
        var errors = new List<FieldError>();
        for (var i = 0; i < (array?.Count ?? 0); i++)
        {
            if (array![i] is JsonObject item)
            {
                var json = item["json"] is JsonObject ? item : new JsonObject { ["json"] = item.DeepClone() };
                items.Add(Engine.Items.Item.FromJson(JsonCodec.Parse(json.ToJsonString())));
            }
            else
            {
                errors.Add(new FieldError($"{path}[{i}]", "must be an item object such as { \"json\": { … } }."));
            }
        }

        return (items, errors);
    }
}
