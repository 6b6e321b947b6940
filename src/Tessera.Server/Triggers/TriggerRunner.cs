using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using Tessera.Server.Execution;
using Tessera.Storage;

namespace Tessera.Server.Triggers;

/// <summary>One execution a trigger starts.</summary>
internal sealed record TriggerRun(
    string ExecutionId,
    string WorkflowId,
    string? ProjectId,
    Workflow Workflow,
    string Mode,
    string StartNode,
    IReadOnlyList<Item> Items);

/// <summary>
/// Runs trigger-started executions through the durable ExecutionService inside an <see cref="ExecutionQueue"/> slot,
/// and starts the failed workflow's error workflow (<c>settings.errorWorkflow</c>) with n8n's error payload.
/// </summary>
internal sealed class TriggerRunner(WorkflowEngine engine, TesseraStorage storage, Tessera.Storage.Durable.ExecutionService executions, ExecutionQueue queue, TimeProvider time, ServerLog log, Executions.ExecutionEventHub hub, Microsoft.Extensions.Logging.ILogger<TriggerRunner> logger)
{
    /// <summary>A new execution id, unique among every process on the database (see <see cref="Tessera.Storage.Durable.ExecutionService.NewExecutionIdAsync"/>).</summary>
    public ValueTask<string> NewExecutionIdAsync(CancellationToken cancellationToken) => executions.NewExecutionIdAsync(cancellationToken);

    public ExecutionQueue Queue => queue;

    /// <summary>The services nodes see (the credential provider may live there).</summary>
    public IServiceProvider EngineServices => engine.Services;

    /// <summary>Runs to the end, then releases <paramref name="lease"/>; never throws (failures are in the result or logged).</summary>
    public async Task<ExecutionResult?> RunAsync(TriggerRun run, ExecutionLease lease)
    {
        ExecutionResult? result = null;
        hub.Track(run.ExecutionId, run.ProjectId);
        using var logScope = Operations.Logging.ExecutionLogScope.Begin(logger, run.ExecutionId, run.WorkflowId);
        try
        {
            // Credentials resolve only within the workflow's project (a workflow without one gets none).
            using var credentialScope = run.ProjectId is { } projectId
                ? Storage.Credentials.CredentialScope.Enter(new Storage.Credentials.CredentialScope(projectId, run.WorkflowId, run.ExecutionId))
                : null;
            // Through the durable service: the journal, the workflow's save settings, parking on Wait nodes; its OnEvent
            // feeds the live event hub.
            result = await executions.RunAsync(run.Workflow, new RunOptions
            {
                ExecutionId = run.ExecutionId,
                Mode = run.Mode,
                TriggerItems = run.Items,
                StartNode = run.StartNode,
                WorkflowId = run.WorkflowId,
                Time = time,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.Write($"Execution {run.ExecutionId} of workflow {run.WorkflowId} could not run: {e.Message}");
        }
        finally
        {
            lease.Dispose();
        }

        if (result is { Status: ExecutionStatus.Error } && run.Mode is not (ExecutionModes.Error or ExecutionModes.Manual))
        {
            await StartErrorWorkflowAsync(run, result).ConfigureAwait(false);
        }

        return result;
    }

    private async Task StartErrorWorkflowAsync(TriggerRun failed, ExecutionResult result)
    {
        var errorWorkflowId = failed.Workflow.Settings?["errorWorkflow"].TryGetString();
        if (string.IsNullOrEmpty(errorWorkflowId))
        {
            return;
        }

        try
        {
            Workflow target;
            string? projectId;
            if (errorWorkflowId == failed.WorkflowId)
            {
                (target, projectId) = (failed.Workflow, failed.ProjectId);
            }
            else
            {
                var stored = await storage.Workflows.GetAsync(errorWorkflowId, CancellationToken.None).ConfigureAwait(false);
                if (stored is null)
                {
                    log.Write($"Workflow {failed.WorkflowId} failed; its error workflow {errorWorkflowId} does not exist.");
                    return;
                }

                target = WorkflowJson.Parse(stored.Json);
                target.Id ??= stored.Id;
                projectId = stored.ProjectId;
            }

            var trigger = target.Nodes.Find(n => n.Type == "n8n-nodes-base.errorTrigger" && !n.IsDisabled);
            if (trigger is null)
            {
                log.Write($"Workflow {failed.WorkflowId} failed; its error workflow {errorWorkflowId} has no Error Trigger node.");
                return;
            }

            var payload = ErrorPayload(failed, result);
            var executionId = await NewExecutionIdAsync(CancellationToken.None).ConfigureAwait(false);
            var lease = await queue.EnterAsync(projectId, errorWorkflowId).ConfigureAwait(false);
            _ = RunAsync(new TriggerRun(executionId, errorWorkflowId, projectId, target, ExecutionModes.Error, trigger.Name, [new Item(payload)]), lease);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.Write($"Workflow {failed.WorkflowId} failed and its error workflow {errorWorkflowId} could not start: {e.Message}");
        }
    }

    /// <summary>n8n's error-workflow payload.</summary>
    public static JsObject ErrorPayload(TriggerRun failed, ExecutionResult result)
    {
        var error = result.Error?.ToJson() ?? new JsObject { ["message"] = "Unknown error" };
        var baseUrl = Environment.GetEnvironmentVariable("WEBHOOK_URL")?.TrimEnd('/');
        var execution = new JsObject
        {
            ["id"] = failed.ExecutionId,
            ["url"] = $"{baseUrl}/workflow/{failed.WorkflowId}/executions/{failed.ExecutionId}",
            ["error"] = error,
            ["lastNodeExecuted"] = result.FailedNode ?? (result.RunData.InOrder.Count > 0 ? result.RunData.InOrder[^1].Node : null),
            ["mode"] = failed.Mode,
        };
        return new JsObject
        {
            ["execution"] = execution,
            ["workflow"] = new JsObject { ["id"] = failed.WorkflowId, ["name"] = failed.Workflow.Name },
        };
    }
}

/// <summary>Where trigger failures are written (the server's log writer, or nothing).</summary>
internal sealed class ServerLog(TextWriter? writer)
{
    private readonly Lock _gate = new();

    public void Write(string line)
    {
        if (writer is null)
        {
            return;
        }

        lock (_gate)
        {
            writer.WriteLine(line);
        }
    }
}
