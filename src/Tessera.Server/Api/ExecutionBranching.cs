using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Journal;
using Tessera.Engine.Workflows;
using Tessera.Server.Auth;
using Tessera.Server.Executions;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Executions;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary>
/// Retry, replay and fork: new executions that reuse a recorded one's node results. Upstream nodes keep their
/// recorded outputs; the chosen node (for fork: the nodes after it) and everything downstream run again.
/// </summary>
internal static class ExecutionBranching
{
    public static async Task<IResult> RetryAsync(string id, ICaller caller, TesseraStorage storage, ExecutionRunner runner, CancellationToken ct)
    {
        var (source, denied) = await LoadAsync(id, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (source!.Summary.Status is not (ExecutionState.Error or ExecutionState.Canceled))
        {
            return ProblemResults.Conflict($"Execution '{id}' is {ExecutionStatusNames.Of(source.Summary.Status)}; only failed or cancelled executions can be retried (use replay to run a node again).");
        }

        return await StartAsync(source, ExecutionModes.Retry, source.Journal.Completed(), AuditActions.ExecutionRetried, null, caller, storage, runner, ct);
    }

    public static async Task<IResult> ReplayAsync(string id, ReplayRequest? body, ICaller caller, TesseraStorage storage, ExecutionRunner runner, CancellationToken ct)
    {
        var (source, denied) = await LoadAsync(id, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (FromNodeError(body?.FromNode, source!.Workflow) is { } error)
        {
            return ProblemResults.ValidationFailed("fromNode", error);
        }

        var rerun = source.Workflow.Downstream(body!.FromNode!);
        rerun.Add(body.FromNode!);
        return await StartAsync(source, ExecutionModes.Manual, [.. source.Journal.Completed().Where(c => !rerun.Contains(c.Node))], AuditActions.ExecutionReplayed, body.FromNode, caller, storage, runner, ct);
    }

    public static async Task<IResult> ForkAsync(string id, ForkRequest? body, ICaller caller, TesseraStorage storage, ExecutionRunner runner, CancellationToken ct)
    {
        var (source, denied) = await LoadAsync(id, caller, storage, ct);
        if (denied is not null)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        if (FromNodeError(body?.FromNode, source!.Workflow) is { } error)
        {
            errors.Add(new FieldError("fromNode", error));
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

        var rerun = source.Workflow.Downstream(body!.FromNode!);
        var history = source.Journal.Completed().Where(c => !rerun.Contains(c.Node) && c.Node != body.FromNode).ToList();
        var outputs = new JsArray { new JsArray(items.Select(i => (JsValue)i.ToJson())) };
        history.Add(new NodeCompleted { ExecutionId = id, Node = body.FromNode!, RunIndex = 0, OutputsJson = JsonCodec.Serialize(outputs) });
        return await StartAsync(source, ExecutionModes.Manual, history, AuditActions.ExecutionForked, body.FromNode, caller, storage, runner, ct);
    }

    private static string? FromNodeError(string? fromNode, Workflow workflow) =>
        string.IsNullOrWhiteSpace(fromNode) ? "is required: the node to run again from."
        : workflow.FindNode(fromNode) is null ? $"The execution's workflow has no node named \"{fromNode}\"."
        : null;

    private static async Task<(Source? Source, IResult? Denied)> LoadAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        var (summary, projectId, denied) = await new ExecutionAccess(storage, caller).LoadAsync(id, ProjectRole.Operator, ct);
        if (denied is not null)
        {
            return (null, denied);
        }

        if (summary!.Status is ExecutionState.Running or ExecutionState.Waiting)
        {
            return (null, ProblemResults.Conflict($"Execution '{id}' has not finished; wait for it or cancel it first."));
        }

        var journal = await ExecutionJournalReader.ReadAsync(storage.Executions, id, ct);
        var workflow = journal.Workflow();
        return workflow is null
            ? (null, ProblemResults.Conflict($"Execution '{id}' has no recorded workflow (its journal was pruned); it cannot be run again."))
            : (new Source(summary, projectId, journal, workflow), null);
    }

    private static async Task<IResult> StartAsync(Source source, string mode, IReadOnlyList<NodeCompleted> history, string auditAction, string? fromNode, ICaller caller, TesseraStorage storage, ExecutionRunner runner, CancellationToken ct)
    {
        var created = source.Journal.Created!;
        var running = await runner.StartAsync(
            new ExecutionRequest
            {
                Workflow = source.Workflow,
                ProjectId = source.ProjectId,
                Mode = mode,
                StartNode = created.StartNode,
                TriggerItems = created.TriggerItemsJson is null ? null : [.. JsonCodec.Parse(created.TriggerItemsJson).AsArray().Select(Engine.Items.Item.FromJson)],
                History = history,
                ParentExecutionId = source.Summary.Id,
            },
            ct);
        await storage.RecordAsync(caller, auditAction, source.Summary.Id, source.ProjectId, new { newExecutionId = running.Id, workflowId = source.Summary.WorkflowId, fromNode });
        return await WorkflowRun.RespondAsync(running, false, caller, storage, ct);
    }

    private sealed record Source(ExecutionSummary Summary, string? ProjectId, ExecutionJournalReader Journal, Workflow Workflow);

    internal sealed record ReplayRequest(string? FromNode);

    internal sealed record ForkRequest(string? FromNode, JsonArray? Items);
}
