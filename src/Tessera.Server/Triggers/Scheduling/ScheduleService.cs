using System.Globalization;
using Microsoft.Extensions.Hosting;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using Tessera.Nodes.Triggers;
using Tessera.Server.Execution;
using Tessera.Storage;

namespace Tessera.Server.Triggers.Scheduling;

/// <summary>
/// Fires the schedule nodes of active workflows (<c>scheduleTrigger</c>, <c>cron</c>, <c>interval</c>) on the injected
/// <see cref="TimeProvider"/>, in each workflow's <c>settings.timezone</c> (else GENERIC_TIMEZONE, else UTC).
/// </summary>
/// <remarks>
/// Missed firings are not caught up, as in n8n: after a restart (or a clock jump) a schedule fires at its next time
/// after "now", never for the times it missed. The last firing of each (workflow, node) is stored in the workflow's
/// static data (scope <c>trigger:schedule:&lt;node&gt;</c>) before the run starts, so a restart in the same second never
/// fires the same time twice, and "every N days/weeks/months" counts from the real last firing across restarts.
/// </remarks>
internal sealed class ScheduleService : BackgroundService
{
    private readonly TesseraStorage _storage;
    private readonly TriggerRunner _runner;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _defaultZone;
    private readonly ServerLog _log;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Entry>> _entries = new(StringComparer.Ordinal);
    private CancellationTokenSource _wake = new();

    public ScheduleService(TesseraStorage storage, TriggerRunner runner, TimeProvider time, ServerLog log, WorkflowEngine engine)
    {
        _storage = storage;
        _runner = runner;
        _time = time;
        _log = log;
        _defaultZone = engine.Options.DefaultTimeZone;
    }

    /// <summary>Executions this service started (for tests and metrics).</summary>
    public int Fired => Volatile.Read(ref _fired);

    private int _fired;

    public static string Scope(string nodeName) => "trigger:schedule:" + nodeName;

    /// <summary>Checks the workflow's schedule nodes; returns the problems (empty when all can run).</summary>
    public static List<string> Validate(Workflow workflow, DateTimeOffset now)
    {
        var problems = new List<string>();
        foreach (var node in workflow.Nodes.Where(n => !n.IsDisabled && ScheduleRules.IsScheduleNode(n)))
        {
            ScheduleRules.Plans(node, now, problems);
        }

        return problems;
    }

    /// <summary>Replaces the workflow's schedules (none when it has no schedule nodes).</summary>
    public async Task RegisterAsync(string workflowId, string? projectId, Workflow workflow, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var zone = ResolveZone(workflow.TimeZone);
        var entries = new List<Entry>();
        foreach (var node in workflow.Nodes.Where(n => !n.IsDisabled && ScheduleRules.IsScheduleNode(n)))
        {
            var problems = new List<string>();
            var plans = ScheduleRules.Plans(node, now, problems);
            if (problems.Count > 0)
            {
                throw new TriggerActivationException(problems);
            }

            var last = await ReadLastFireAsync(workflowId, node.Name, cancellationToken).ConfigureAwait(false);
            var entry = new Entry(workflowId, projectId, workflow, node, plans, zone) { LastFire = last };
            entry.Next = NextOf(entry, Max(now, last));
            entries.Add(entry);
        }

        lock (_gate)
        {
            if (entries.Count == 0)
            {
                _entries.Remove(workflowId);
            }
            else
            {
                _entries[workflowId] = entries;
            }
        }

        Wake();
    }

    /// <summary>Stops the workflow's schedules.</summary>
    public void Unregister(string workflowId)
    {
        lock (_gate)
        {
            _entries.Remove(workflowId);
        }

        Wake();
    }

    /// <summary>The next firing of a workflow's node, or null (tests and the UI).</summary>
    public DateTimeOffset? NextFire(string workflowId, string nodeName)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(workflowId, out var list) ? list.Find(e => e.Node.Name == nodeName)?.Next : null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken wake;
            DateTimeOffset? earliest = null;
            lock (_gate)
            {
                wake = _wake.Token;
                foreach (var entry in _entries.Values.SelectMany(e => e))
                {
                    if (entry.Next is { } n && (earliest is null || n < earliest))
                    {
                        earliest = n;
                    }
                }
            }

            var now = _time.GetUtcNow();
            if (earliest is { } due && due <= now)
            {
                await FireDueAsync(now, stoppingToken).ConfigureAwait(false);
                continue;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, wake);
            try
            {
                var delay = earliest is { } e ? e - now : Timeout.InfiniteTimeSpan;
                // Long waits are cut into hours so a changed zone rule or clock never leaves the loop asleep for days.
                if (delay == Timeout.InfiniteTimeSpan || delay > TimeSpan.FromHours(1))
                {
                    delay = TimeSpan.FromHours(1);
                }

                await Task.Delay(delay, _time, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Woken by a change in the schedules.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FireDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<Entry> due;
        lock (_gate)
        {
            due = _entries.Values.SelectMany(e => e).Where(e => e.Next is { } n && n <= now).ToList();
        }

        foreach (var entry in due)
        {
            var at = entry.Next!.Value;
            // Record the firing before running it: at most once, even if the process dies mid-run.
            entry.LastFire = at;
            entry.Next = NextOf(entry, Max(now, at));
            try
            {
                await _storage.StaticData.SetAsync(entry.WorkflowId, Scope(entry.Node.Name),
                    JsonCodec.Serialize(new JsObject { ["lastFireAt"] = at.ToString("O", CultureInfo.InvariantCulture) }), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Write($"Schedule of workflow {entry.WorkflowId} node \"{entry.Node.Name}\": could not store the last firing: {e.Message}");
            }

            // Before the queue slot: a slot taken must always reach the run that releases it.
            var executionId = await _runner.NewExecutionIdAsync(cancellationToken).ConfigureAwait(false);
            ExecutionLease lease;
            try
            {
                lease = await _runner.Queue.EnterAsync(entry.ProjectId, entry.WorkflowId, cancellationToken).ConfigureAwait(false);
            }
            catch (ExecutionQueueRejectedException e)
            {
                _log.Write($"Schedule of workflow {entry.WorkflowId} node \"{entry.Node.Name}\" skipped its {at:O} run: {e.Message}");
                continue;
            }

            var item = entry.Node.Type == "n8n-nodes-base.scheduleTrigger"
                ? new Item(ScheduleMoment.Describe(at, entry.Zone))
                : Item.Empty();
            Interlocked.Increment(ref _fired);
            _ = _runner.RunAsync(new TriggerRun(executionId, entry.WorkflowId, entry.ProjectId, entry.Workflow, ExecutionModes.Trigger, entry.Node.Name, [item]), lease);
        }
    }

    private static DateTimeOffset? NextOf(Entry entry, DateTimeOffset after)
    {
        DateTimeOffset? best = null;
        foreach (var plan in entry.Plans)
        {
            if (plan.Next(after, entry.LastFire, entry.Zone) is { } n && (best is null || n < best))
            {
                best = n;
            }
        }

        return best;
    }

    private async Task<DateTimeOffset?> ReadLastFireAsync(string workflowId, string nodeName, CancellationToken cancellationToken)
    {
        var json = await _storage.StaticData.GetAsync(workflowId, Scope(nodeName), cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonCodec.Parse(json)["lastFireAt"].TryGetString() is { } text
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
        }
        catch (JsonFormatException)
        {
            return null;
        }
    }

    private TimeZoneInfo ResolveZone(string? name) =>
        name is not null && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : _defaultZone;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset? b) => b is { } v && v > a ? v : a;

    private void Wake()
    {
        CancellationTokenSource old;
        lock (_gate)
        {
            old = _wake;
            _wake = new CancellationTokenSource();
        }

        // Not disposed: the loop may still be linking to its token; a cancelled source holds nothing worth freeing.
        old.Cancel();
    }

    private sealed class Entry(string workflowId, string? projectId, Workflow workflow, WorkflowNode node, IReadOnlyList<SchedulePlan> plans, TimeZoneInfo zone)
    {
        public string WorkflowId { get; } = workflowId;

        public string? ProjectId { get; } = projectId;

        public Workflow Workflow { get; } = workflow;

        public WorkflowNode Node { get; } = node;

        public IReadOnlyList<SchedulePlan> Plans { get; } = plans;

        public TimeZoneInfo Zone { get; } = zone;

        public DateTimeOffset? LastFire { get; set; }

        public DateTimeOffset? Next { get; set; }
    }
}
