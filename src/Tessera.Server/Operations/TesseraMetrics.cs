using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tessera.Engine.Journal;
using Tessera.Server.Execution;

namespace Tessera.Server.Operations;

/// <summary>
/// The server's instruments on the <c>Tessera</c> meter (see docs/operations.md for the list). Labels are bounded on
/// purpose: workflow ids (not names, which change and can be anything), node types (not node names), HTTP methods and
/// status codes. Anything listening to System.Diagnostics.Metrics (dotnet-counters, OpenTelemetry) sees them too.
/// </summary>
internal sealed class TesseraMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Tessera";

    private static readonly string[] StatusCodes = Enumerable.Range(0, 600).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static readonly double[] NodeBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
    private static readonly double[] WebhookBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    // Executions seen starting (or resuming) and not yet finished or parked: the workflow id for the finish counter,
    // and the running gauge.
    private readonly ConcurrentDictionary<string, string> _running = new(StringComparer.Ordinal);
    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _nodeDuration;
    private readonly Histogram<double> _webhookDuration;

    public TesseraMetrics(ExecutionQueue queue)
    {
        Meter = new Meter(MeterName);
        _started = Meter.CreateCounter<long>("tessera_executions_started_total", null, "Executions started, by workflow id and mode.");
        _finished = Meter.CreateCounter<long>("tessera_executions_finished_total", null, "Executions finished, by workflow id and status (success, error, canceled).");
        _nodeDuration = Meter.CreateHistogram("tessera_node_duration_seconds", "s", "Time a node took to run (retries included), by node type.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = NodeBuckets });
        _webhookDuration = Meter.CreateHistogram("tessera_webhook_duration_seconds", "s", "Time from a webhook request's arrival to its response, by method and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WebhookBuckets });
        Meter.CreateObservableGauge("tessera_queue_depth", () => queue.Waiting, null, "Executions waiting for a slot in the execution queue.");
        Meter.CreateObservableGauge("tessera_queue_running", () => queue.Running, null, "Trigger executions holding a slot in the execution queue.");
        Meter.CreateObservableGauge("tessera_executions_running", () => _running.Count, null, "Executions running in this process (parked ones excluded).");
    }

    /// <summary>The meter (one per server: tests run several in one process).</summary>
    public Meter Meter { get; }

    /// <summary>Counts execution starts and ends from the journal events every run publishes.</summary>
    public void Observe(ExecutionEvent journalEvent)
    {
        switch (journalEvent)
        {
            case ExecutionCreated created:
                var workflowId = created.WorkflowId ?? string.Empty;
                _running[created.ExecutionId] = workflowId;
                _started.Add(1, new KeyValuePair<string, object?>("workflow_id", workflowId), new KeyValuePair<string, object?>("mode", created.Mode));
                break;
            case ExecutionFinished finished:
                Finish(finished.ExecutionId, finished.Status);
                break;
            case ExecutionCancelled cancelled:
                Finish(cancelled.ExecutionId, "canceled");
                break;
            case ExecutionWaiting waiting:
                _running.TryRemove(waiting.ExecutionId, out _);
                break;
            case ExecutionResumed resumed:
                // A run continued from its journal (restart, timer, webhook) publishes no ExecutionCreated; its first
                // node run fills in the workflow id.
                _running.TryAdd(resumed.ExecutionId, string.Empty);
                break;
        }
    }

    /// <summary>Records one node run (the pipeline step calls it).</summary>
    public void NodeRan(string executionId, string? workflowId, string nodeType, long startTimestamp)
    {
        _nodeDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("node_type", nodeType));
        if (workflowId is not null && _running.TryGetValue(executionId, out var known) && known.Length == 0)
        {
            _running[executionId] = workflowId;
        }
    }

    /// <summary>Records one webhook request.</summary>
    public void WebhookHandled(string method, int status, long startTimestamp) =>
        _webhookDuration.Record(
            Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("method", NormalizeMethod(method)),
            new KeyValuePair<string, object?>("status", status is >= 0 and < 600 ? StatusCodes[status] : "other"));

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();

    private void Finish(string executionId, string status)
    {
        _running.TryRemove(executionId, out var workflowId);
        _finished.Add(1, new KeyValuePair<string, object?>("workflow_id", workflowId ?? string.Empty), new KeyValuePair<string, object?>("status", status));
    }

    // Methods are free text in HTTP: only the standard ones become label values.
    private static string NormalizeMethod(string method) => method switch
    {
        "GET" or "POST" or "PUT" or "PATCH" or "DELETE" or "HEAD" or "OPTIONS" => method,
        _ => "OTHER",
    };
}
