using System.Text.Json.Nodes;
using Tessera.Engine.Journal;
using Tessera.Engine.Workflows;
using Tessera.Storage.Executions;

namespace Tessera.Server.Executions;

/// <summary>Reads an execution's journal back into what the API shows: the workflow snapshot, n8n's runData, and what retry/replay/fork reuse.</summary>
internal sealed class ExecutionJournalReader
{
    private ExecutionJournalReader(IReadOnlyList<ExecutionEvent> events) => Events = events;

    public IReadOnlyList<ExecutionEvent> Events { get; }

    public ExecutionCreated? Created => Events.OfType<ExecutionCreated>().FirstOrDefault();

    public static async Task<ExecutionJournalReader> ReadAsync(IExecutionStore store, string executionId, CancellationToken cancellationToken)
    {
        var events = new List<ExecutionEvent>();
        await foreach (var e in store.ReadAsync(executionId, cancellationToken).ConfigureAwait(false))
        {
            events.Add(e);
        }

        return new ExecutionJournalReader(events);
    }

    /// <summary>The workflow as it ran, or null when the journal has no creation event.</summary>
    public Workflow? Workflow()
    {
        if (Created is not { } created)
        {
            return null;
        }

        var workflow = WorkflowJson.Parse(created.WorkflowJson);
        workflow.Id ??= created.WorkflowId;
        return workflow;
    }

    /// <summary>
    /// n8n's <c>resultData.runData</c>: per node, its runs with start time, duration, status, source and output items.
    /// The journal does not record <c>source</c>, so it is rebuilt from the connections: the latest run of each parent
    /// before this run.
    /// </summary>
    public JsonObject RunData()
    {
        var runData = new JsonObject();
        var workflow = SafeWorkflow();
        var started = new Dictionary<(string, int), DateTimeOffset>();
        var runsSoFar = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in Events)
        {
            switch (e)
            {
                case NodeStarted s:
                    started[(s.Node, s.RunIndex)] = s.Timestamp;
                    break;
                case NodeCompleted c:
                    Add(runData, c.Node, Run(StartOf(started, c.Node, c.RunIndex, c.Timestamp, c.DurationMs), c.DurationMs, c.ErrorJson is null ? "success" : "error", Source(workflow, c.Node, runsSoFar), JsonNode.Parse(c.OutputsJson), c.ErrorJson));
                    runsSoFar[c.Node] = runsSoFar.GetValueOrDefault(c.Node) + 1;
                    break;
                case NodeFailed f:
                    var start = started.TryGetValue((f.Node, f.RunIndex), out var at) ? at : f.Timestamp;
                    Add(runData, f.Node, Run(start, (f.Timestamp - start).TotalMilliseconds, "error", Source(workflow, f.Node, runsSoFar), new JsonArray(), f.ErrorJson));
                    runsSoFar[f.Node] = runsSoFar.GetValueOrDefault(f.Node) + 1;
                    break;
            }
        }

        return runData;
    }

    /// <summary>The completed node runs, for the engine's history (what retry, replay and fork reuse).</summary>
    public IReadOnlyList<NodeCompleted> Completed() => [.. Events.OfType<NodeCompleted>().Where(c => c.ErrorJson is null)];

    private Workflow? SafeWorkflow()
    {
        try
        {
            return Workflow();
        }
        catch (Exception e) when (e is WorkflowValidationException or Engine.Data.JsonFormatException)
        {
            return null;
        }
    }

    private static DateTimeOffset StartOf(Dictionary<(string, int), DateTimeOffset> started, string node, int runIndex, DateTimeOffset end, double durationMs) =>
        started.TryGetValue((node, runIndex), out var at) ? at : end - TimeSpan.FromMilliseconds(durationMs);

    private static JsonArray Source(Workflow? workflow, string node, Dictionary<string, int> runsSoFar)
    {
        var source = new JsonArray();
        if (workflow is null)
        {
            return source;
        }

        foreach (var c in workflow.Connections.Where(c => c.Target == node && c.Type == ConnectionTypes.Main && runsSoFar.ContainsKey(c.Source)).GroupBy(c => c.TargetInput).OrderBy(g => g.Key))
        {
            var connection = c.First();
            source.Add(new JsonObject { ["previousNode"] = connection.Source, ["previousNodeOutput"] = connection.SourceOutput, ["previousNodeRun"] = runsSoFar[connection.Source] - 1 });
        }

        return source;
    }

    private static JsonObject Run(DateTimeOffset start, double durationMs, string status, JsonArray source, JsonNode? outputs, string? errorJson)
    {
        var run = new JsonObject
        {
            ["startTime"] = start.ToUnixTimeMilliseconds(),
            ["executionTime"] = Math.Round(durationMs, 3),
            ["executionStatus"] = status,
            ["source"] = source,
            ["data"] = new JsonObject { ["main"] = outputs ?? new JsonArray() },
        };
        if (errorJson is not null)
        {
            run["error"] = JsonNode.Parse(errorJson);
        }

        return run;
    }

    private static void Add(JsonObject runData, string node, JsonObject run)
    {
        if (runData[node] is not JsonArray runs)
        {
            runs = [];
            runData[node] = runs;
        }

        runs.Add(run);
    }
}
