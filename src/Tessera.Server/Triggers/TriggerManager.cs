using Microsoft.Extensions.Hosting;
using Tessera.Engine.Execution;
using Tessera.Engine.Hosting;
using Tessera.Engine.Workflows;
using Tessera.Nodes.Triggers;
using Tessera.Server.Triggers.Scheduling;
using Tessera.Server.Triggers.Webhooks;
using Tessera.Storage;
using Tessera.Storage.Workflows;

namespace Tessera.Server.Triggers;

/// <summary>
/// Keeps triggers in step with workflow activation: at start it registers every active workflow's webhooks and
/// schedules (so they survive restarts); the workflows API calls <see cref="ActivateAsync"/> after saving an active
/// workflow (activate or update) and <see cref="DeactivateAsync"/> after deactivating or deleting one.
/// </summary>
public sealed class TriggerManager : IHostedService
{
    private readonly TesseraStorage _storage;
    private readonly WebhookRegistry _webhooks;
    private readonly TestWebhookListeners _tests;
    private readonly ScheduleService _schedules;
    private readonly WorkflowEngine _engine;
    private readonly TimeProvider _time;
    private readonly ServerLog _log;

    internal TriggerManager(TesseraStorage storage, WebhookRegistry webhooks, TestWebhookListeners tests, ScheduleService schedules, WorkflowEngine engine, WebhookResponses responses, TimeProvider time, ServerLog log)
    {
        _storage = storage;
        _webhooks = webhooks;
        _tests = tests;
        _schedules = schedules;
        _engine = engine;
        _time = time;
        _log = log;

        // The engine's node services are built by TesseraEngineFactory before the host's container exists; the
        // Respond to Webhook node finds the pending HTTP responses there.
        if (engine.Services is NodeServices nodeServices && nodeServices.GetService(typeof(IWebhookResponder)) is null)
        {
            nodeServices.Add<IWebhookResponder>(responses);
        }
    }

    /// <summary>
    /// Checks the workflow's triggers and (when it is active) registers them, replacing what it had; an inactive workflow
    /// is deactivated. Throws <see cref="TriggerActivationException"/> listing every problem (then nothing changes).
    /// </summary>
    public async Task ActivateAsync(StoredWorkflow workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (!workflow.Active)
        {
            await DeactivateAsync(workflow.Id, cancellationToken).ConfigureAwait(false);
            return;
        }

        Workflow parsed;
        try
        {
            parsed = WorkflowJson.Parse(workflow.Json);
        }
        catch (Exception e) when (e is WorkflowValidationException or Engine.Data.JsonFormatException)
        {
            throw new TriggerActivationException([$"The workflow JSON cannot be read: {e.Message}"]);
        }

        parsed.Id ??= workflow.Id;
        var problems = _engine.Validate(parsed).Select(p => p.Message).ToList();
        var registrations = WebhookRegistry.Describe(workflow.Id, workflow.ProjectId, parsed, problems);
        problems.AddRange(ScheduleService.Validate(parsed, _time.GetUtcNow()));
        foreach (var r in registrations)
        {
            if (r.Node.Parameters["responseMode"].TryGetString() == "responseNode" && !parsed.Nodes.Exists(n => n.Type == "n8n-nodes-base.respondToWebhook" && !n.IsDisabled))
            {
                problems.Add($"The Webhook node \"{r.Node.Name}\" responds using a 'Respond to Webhook' node, but the workflow has none; add one or change 'Respond'.");
            }
        }

        if (problems.Count > 0)
        {
            throw new TriggerActivationException(problems);
        }

        var conflicts = _webhooks.Replace(workflow.Id, registrations);
        if (conflicts.Count > 0)
        {
            throw new TriggerActivationException(conflicts);
        }

        await _schedules.RegisterAsync(workflow.Id, workflow.ProjectId, parsed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the workflow's webhooks and schedules (nothing happens when it had none).</summary>
    public Task DeactivateAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        _webhooks.Remove(workflowId);
        _schedules.Unregister(workflowId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Arms <c>/webhook-test/&lt;path&gt;</c> of the workflow (saved or with unsaved edits) for one call within
    /// <paramref name="timeout"/> (n8n: 2 minutes). The task gives the execution that call started, or null on timeout.
    /// </summary>
    public Task<ExecutionResult?> ListenForTestWebhookAsync(string workflowId, string? projectId, Workflow workflow, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        workflow.Id ??= workflowId;
        return _tests.ArmAsync(workflowId, projectId, workflow, timeout, cancellationToken).Completion;
    }

    /// <summary>Registers every active workflow; one broken workflow is logged and skipped, not fatal.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var offset = 0; ; offset += 1000)
        {
            var page = await _storage.Workflows.ListAsync(new WorkflowQuery { Active = true, Limit = 1000, Offset = offset }, cancellationToken).ConfigureAwait(false);
            foreach (var workflow in page)
            {
                try
                {
                    await ActivateAsync(workflow, cancellationToken).ConfigureAwait(false);
                }
                catch (TriggerActivationException e)
                {
                    _log.Write($"Workflow {workflow.Id} (\"{workflow.Name}\") is active but its triggers could not start: {string.Join(" ", e.Problems)}");
                }
            }

            if (page.Count < 1000)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
