using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Tessera.Engine.Journal;

namespace Tessera.Server.Executions;

/// <summary>One live event: its SSE type (<c>nodeFinished</c>…) and JSON data.</summary>
/// <param name="Type">The SSE event type.</param>
/// <param name="ExecutionId">The execution it belongs to.</param>
/// <param name="DataJson">The event's JSON payload, serialized once for every subscriber.</param>
public sealed record ServerEvent(string Type, string ExecutionId, string DataJson);

/// <summary>
/// In-process fan-out of execution progress to SSE clients. Per execution it keeps the events so far, so a late
/// subscriber gets them first and then the live ones (with no gap or duplicate: both happen under one lock). Every
/// subscriber has a bounded queue written with TryWrite: a slow client never blocks an execution; when its queue
/// overflows its stream ends, and an EventSource reconnects and replays.
/// </summary>
public sealed class ExecutionEventHub
{
    /// <summary>Events buffered per subscriber before it is disconnected.</summary>
    public const int SubscriberCapacity = 1024;

    // Finished executions' events are kept a while for late subscribers; older ones replay from the journal.
    private const int FinishedToKeep = 200;
    private const int MaxEventsPerExecution = 20_000;

    private readonly ConcurrentDictionary<string, ExecutionChannel> _executions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _projects = new(StringComparer.Ordinal);
    private readonly List<Subscriber> _projectSubscribers = [];
    private readonly ConcurrentQueue<string> _finished = new();
    private readonly Lock _projectLock = new();

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _created = new(StringComparer.Ordinal);

    /// <summary>Completes when the execution's <c>ExecutionCreated</c> is published (after it is stored). Call before the run starts.</summary>
    public Task WhenCreated(string executionId) =>
        _created.GetOrAdd(executionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Drops a <see cref="WhenCreated"/> wait for a run that ended without creating its execution.</summary>
    public void ForgetCreated(string executionId) => _created.TryRemove(executionId, out _);

    /// <summary>Remembers which project an execution belongs to (call before it starts, so project streams see it).</summary>
    public void Track(string executionId, string? projectId) => _projects[executionId] = projectId;

    /// <summary>True while the hub holds the execution's events (it ran, or is running, in this process).</summary>
    public bool Knows(string executionId) => _executions.ContainsKey(executionId);

    /// <summary>Sees every published journal event first (the metrics count starts and ends here).</summary>
    internal Action<ExecutionEvent>? Observer { get; init; }

    /// <summary>Publishes a journal event (mapped to the API's SSE events; events the API does not stream are ignored).</summary>
    public void Publish(ExecutionEvent journalEvent)
    {
        ArgumentNullException.ThrowIfNull(journalEvent);
        Observer?.Invoke(journalEvent);
        if (journalEvent is ExecutionCreated && _created.TryRemove(journalEvent.ExecutionId, out var created))
        {
            created.TrySetResult();
        }

        var channel = _executions.GetOrAdd(journalEvent.ExecutionId, _ => new ExecutionChannel());
        ServerEvent? mapped;
        lock (channel.Lock)
        {
            mapped = ExecutionEventMapper.Map(journalEvent, channel.Started);
            if (mapped is null)
            {
                return;
            }

            if (channel.Events.Count < MaxEventsPerExecution)
            {
                channel.Events.Add(mapped);
            }

            Deliver(channel.Subscribers, mapped);
            if (mapped.Type == "executionFinished")
            {
                channel.Finished = true;
                foreach (var subscriber in channel.Subscribers)
                {
                    subscriber.Channel.Writer.TryComplete();
                }

                channel.Subscribers.Clear();
            }
        }

        var projectId = _projects.GetValueOrDefault(journalEvent.ExecutionId);
        lock (_projectLock)
        {
            Deliver(_projectSubscribers.Where(s => s.ProjectFilter is null || s.ProjectFilter.Contains(projectId ?? string.Empty)), mapped);
        }

        if (mapped.Type == "executionFinished")
        {
            Retire(journalEvent.ExecutionId);
        }
    }

    /// <summary>
    /// Subscribes to one execution: the events so far, then live ones; the reader completes after <c>executionFinished</c>.
    /// Null when the hub does not hold the execution (read its journal instead).
    /// </summary>
    public ChannelReader<ServerEvent>? SubscribeExecution(string executionId, CancellationToken cancellationToken)
    {
        if (!_executions.TryGetValue(executionId, out var channel))
        {
            return null;
        }

        var subscriber = new Subscriber(null);
        lock (channel.Lock)
        {
            foreach (var e in channel.Events)
            {
                subscriber.Channel.Writer.TryWrite(e);
            }

            if (channel.Finished)
            {
                subscriber.Channel.Writer.TryComplete();
                return subscriber.Channel.Reader;
            }

            channel.Subscribers.Add(subscriber);
        }

        cancellationToken.Register(() =>
        {
            lock (channel.Lock)
            {
                channel.Subscribers.Remove(subscriber);
            }
        });
        return subscriber.Channel.Reader;
    }

    /// <summary>Subscribes to live events of every execution in the given projects (null: every project, for the owner).</summary>
    public ChannelReader<ServerEvent> SubscribeProjects(IReadOnlySet<string>? projectIds, CancellationToken cancellationToken)
    {
        var subscriber = new Subscriber(projectIds);
        lock (_projectLock)
        {
            _projectSubscribers.Add(subscriber);
        }

        cancellationToken.Register(() =>
        {
            lock (_projectLock)
            {
                _projectSubscribers.Remove(subscriber);
            }

            subscriber.Channel.Writer.TryComplete();
        });
        return subscriber.Channel.Reader;
    }

    private static void Deliver(IEnumerable<Subscriber> subscribers, ServerEvent e)
    {
        foreach (var subscriber in subscribers)
        {
            if (!subscriber.Channel.Writer.TryWrite(e))
            {
                // Too slow: end its stream rather than hold events (or the execution) for it.
                subscriber.Channel.Writer.TryComplete(new ChannelClosedException("The client fell behind; reconnect to replay."));
            }
        }
    }

    private void Retire(string executionId)
    {
        _finished.Enqueue(executionId);
        while (_finished.Count > FinishedToKeep && _finished.TryDequeue(out var old))
        {
            _executions.TryRemove(old, out _);
            _projects.TryRemove(old, out _);
        }
    }

    private sealed class ExecutionChannel
    {
        public Lock Lock { get; } = new();

        public List<ServerEvent> Events { get; } = [];

        public List<Subscriber> Subscribers { get; } = [];

        public Dictionary<(string, int), DateTimeOffset> Started { get; } = [];

        public bool Finished { get; set; }
    }

    private sealed class Subscriber(IReadOnlySet<string>? projectFilter)
    {
        public IReadOnlySet<string>? ProjectFilter { get; } = projectFilter;

        public Channel<ServerEvent> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<ServerEvent>(
            new BoundedChannelOptions(SubscriberCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    }
}

/// <summary>Maps journal events to the API's SSE events (docs/api.md).</summary>
internal static class ExecutionEventMapper
{
    /// <summary>The SSE event for a journal event, or null for events the API does not stream.</summary>
    /// <param name="e">The journal event.</param>
    /// <param name="started">Node start times seen so far (to time failed nodes).</param>
    public static ServerEvent? Map(ExecutionEvent e, Dictionary<(string, int), DateTimeOffset> started)
    {
        var data = new JsonObject { ["executionId"] = e.ExecutionId };
        string type;
        switch (e)
        {
            case ExecutionCreated c:
                type = "executionStarted";
                data["workflowId"] = c.WorkflowId;
                data["mode"] = c.Mode;
                break;
            case NodeStarted s:
                type = "nodeStarted";
                started[(s.Node, s.RunIndex)] = s.Timestamp;
                data["node"] = s.Node;
                data["runIndex"] = s.RunIndex;
                break;
            case NodeCompleted c:
                type = "nodeFinished";
                data["node"] = c.Node;
                data["runIndex"] = c.RunIndex;
                data["status"] = c.ErrorJson is null ? "success" : "error";
                data["itemCounts"] = ItemCounts(c.OutputsJson);
                data["durationMs"] = Math.Round(c.DurationMs, 3);
                if (c.ErrorJson is not null)
                {
                    data["error"] = JsonNode.Parse(c.ErrorJson);
                }

                break;
            case NodeFailed f:
                type = "nodeFinished";
                data["node"] = f.Node;
                data["runIndex"] = f.RunIndex;
                data["status"] = "error";
                data["itemCounts"] = new JsonArray();
                data["durationMs"] = started.TryGetValue((f.Node, f.RunIndex), out var at) ? Math.Round((f.Timestamp - at).TotalMilliseconds, 3) : 0;
                data["error"] = JsonNode.Parse(f.ErrorJson);
                break;
            case ExecutionWaiting w:
                type = "executionWaiting";
                data["node"] = w.Node;
                data["until"] = w.Until is { } until ? Api.WorkflowDocument.Time(until) : null;
                break;
            case ExecutionFinished f:
                type = "executionFinished";
                data["status"] = f.Status;
                if (f.ErrorJson is not null)
                {
                    data["error"] = JsonNode.Parse(f.ErrorJson);
                }

                break;
            case ExecutionCancelled:
                type = "executionFinished";
                data["status"] = "canceled";
                break;
            default:
                return null;
        }

        return new ServerEvent(type, e.ExecutionId, data.ToJsonString());
    }

    private static JsonArray ItemCounts(string outputsJson)
    {
        var counts = new JsonArray();
        using var doc = JsonDocument.Parse(outputsJson);
        if (doc.RootElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var output in doc.RootElement.EnumerateArray())
            {
                counts.Add(output.ValueKind == JsonValueKind.Array ? output.GetArrayLength() : 0);
            }
        }

        return counts;
    }
}
