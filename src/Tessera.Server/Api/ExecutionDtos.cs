using System.Text.Json.Nodes;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Executions;
using Microsoft.AspNetCore.Http;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary>An execution as lists show it.</summary>
internal sealed record ExecutionSummaryResponse(
    string Id,
    string? WorkflowId,
    string? WorkflowName,
    string Mode,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationMs,
    string? LastNode,
    string? FailedNode,
    string? ParentExecutionId)
{
    public static ExecutionSummaryResponse From(ExecutionSummary s, string? workflowName) => new(
        s.Id,
        s.WorkflowId,
        workflowName,
        s.Mode,
        ExecutionStatusNames.Of(s.Status),
        s.StartedAt,
        s.FinishedAt,
        s.FinishedAt is { } f ? Math.Round((f - s.StartedAt).TotalMilliseconds, 3) : null,
        s.LastNode,
        s.FailedNode,
        s.ParentExecutionId);

    /// <summary>As a JSON object (to extend with the detail fields).</summary>
    public JsonObject ToJson() => (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(this, ApiJsonOptions.Value)!;
}

/// <summary>The API's serializer options outside of minimal API results.</summary>
internal static class ApiJsonOptions
{
    public static readonly System.Text.Json.JsonSerializerOptions Value = Create();

    private static System.Text.Json.JsonSerializerOptions Create()
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }
}

/// <summary>Finds executions and decides who may see them: an execution belongs to its workflow's project.</summary>
internal sealed class ExecutionAccess(TesseraStorage storage, ICaller caller)
{
    private readonly Dictionary<string, (string? ProjectId, string? Name)> _workflows = new(StringComparer.Ordinal);

    /// <summary>The workflow's project and name (cached for this request); nulls when the workflow is gone.</summary>
    public async Task<(string? ProjectId, string? Name)> WorkflowAsync(string? workflowId, CancellationToken ct)
    {
        if (workflowId is null)
        {
            return (null, null);
        }

        if (!_workflows.TryGetValue(workflowId, out var found))
        {
            var stored = await storage.Workflows.GetAsync(workflowId, ct);
            found = (stored?.ProjectId, stored?.Name);
            _workflows[workflowId] = found;
        }

        return found;
    }

    /// <summary>The execution when the caller has at least <paramref name="minimum"/> in its project, else the 404/403 to return.</summary>
    public async Task<(ExecutionSummary? Summary, string? ProjectId, IResult? Denied)> LoadAsync(string id, ProjectRole minimum, CancellationToken ct)
    {
        var summary = await storage.Executions.GetAsync(id, ct);
        if (summary is null)
        {
            return (null, null, ProblemResults.NotFound("execution", id));
        }

        var (projectId, _) = await WorkflowAsync(summary.WorkflowId, ct);
        if (caller.RoleIn(projectId) is null)
        {
            return (null, null, ProblemResults.NotFound("execution", id));
        }

        return caller.Demand(minimum, projectId) is { } denied ? (null, null, denied) : (summary, projectId, null);
    }

    public async Task<ExecutionSummaryResponse> SummaryAsync(ExecutionSummary summary, CancellationToken ct) =>
        ExecutionSummaryResponse.From(summary, (await WorkflowAsync(summary.WorkflowId, ct)).Name);
}
