using Microsoft.AspNetCore.Http;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Executions;
using Tessera.Storage.Identity;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Api;

/// <summary><c>GET /workflows</c>: the workflows the caller can see, filtered and paged, with each one's last execution.</summary>
internal static class WorkflowListing
{
    internal const int MaxLimit = 250;

    public static async Task<IResult> ListAsync(string? projectId, string? search, string? tag, bool? active, int? limit, int? offset, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add(new FieldError("limit", $"must be between 1 and {MaxLimit}."));
        }

        if (offset is < 0)
        {
            errors.Add(new FieldError("offset", "must be 0 or more."));
        }

        if (!errors.Ok)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        if (projectId is not null && caller.Demand(ProjectRole.Viewer, projectId) is { } denied)
        {
            return denied;
        }

        var visible = await ReadAllAsync(new WorkflowQuery { ProjectId = projectId, NameContains = search, Tag = tag, Active = active, Limit = 1000 }, caller, storage, ct);
        var page = visible.Skip(offset ?? 0).Take(limit ?? 50).ToList();
        var items = new List<WorkflowSummaryResponse>(page.Count);
        foreach (var workflow in page)
        {
            var last = (await storage.Executions.ListAsync(new ExecutionQuery { WorkflowId = workflow.Id, Limit = 1 }, ct)).Items.FirstOrDefault();
            items.Add(new WorkflowSummaryResponse(
                workflow.Id,
                workflow.Name,
                workflow.Active,
                workflow.Tags,
                workflow.ProjectId,
                workflow.UpdatedAt,
                WorkflowDocument.NodeCount(workflow),
                last is null ? null : new LastExecution(last.Id, ExecutionStatusNames.Of(last.Status), last.StartedAt)));
        }

        return Results.Ok(new WorkflowListResponse(items, visible.Count));
    }

    // The store filters one project at a time; a caller may see several, so filter visibility here. Lists are small
    // (hundreds), and the total needs every match anyway.
    private static async Task<List<StoredWorkflow>> ReadAllAsync(WorkflowQuery query, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var visible = new List<StoredWorkflow>();
        for (var offset = 0; ; offset += query.Limit)
        {
            var batch = await storage.Workflows.ListAsync(query with { Offset = offset }, ct);
            visible.AddRange(batch.Where(w => caller.RoleIn(w.ProjectId) is not null));
            if (batch.Count < query.Limit)
            {
                return visible;
            }
        }
    }

    private sealed record WorkflowListResponse(IReadOnlyList<WorkflowSummaryResponse> Items, int Total);

    private sealed record WorkflowSummaryResponse(string Id, string Name, bool Active, IReadOnlyList<string> Tags, string? ProjectId, DateTimeOffset UpdatedAt, int NodeCount, LastExecution? LastExecution);

    private sealed record LastExecution(string Id, string Status, DateTimeOffset StartedAt);
}

/// <summary>Execution states as the API names them.</summary>
internal static class ExecutionStatusNames
{
    public static string Of(ExecutionState state) => state switch
    {
        ExecutionState.Running => "running",
        ExecutionState.Waiting => "waiting",
        ExecutionState.Success => "success",
        ExecutionState.Error => "error",
        ExecutionState.Canceled => "canceled",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string name, out ExecutionState state)
    {
        foreach (var candidate in Enum.GetValues<ExecutionState>())
        {
            if (Of(candidate) == name.Trim().ToLowerInvariant())
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }
}
