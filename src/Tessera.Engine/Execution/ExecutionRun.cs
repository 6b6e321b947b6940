using System.Diagnostics;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Journal;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Execution;

/// <summary>
/// The state of one execution while it runs: the stack of nodes ready to run, multi-input nodes waiting for data,
/// per-node state and run data. The loop is deliberately short: take the next ready node, run it, route its outputs.
/// </summary>
internal sealed partial class ExecutionRun
{
    private readonly WorkflowEngine _engine;
    private readonly WorkflowGraph _graph;
    private readonly RunOptions _options;
    private readonly ExecutionInfo _info;
    private readonly RunData _runData = new();
    private readonly List<ReadyNode> _stack = [];
    private readonly List<WaitingNode> _waiting = [];
    private readonly Dictionary<string, JsObject> _state = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, int), NodeCompleted>? _history;
    private readonly bool _v1;
    private readonly bool _journaling;
    private HashSet<string>? _scope;
    private long _sequence;
    private int _nodeRuns;

    public ExecutionRun(WorkflowEngine engine, Workflow workflow, RunOptions options)
    {
        _engine = engine;
        _graph = new WorkflowGraph(workflow);
        _options = options;
        _v1 = workflow.ExecutionOrder == "v1";
        _journaling = options.Journal is not NullExecutionJournal;
        _sequence = options.JournalSequence ?? 0;
        var zone = options.TimeZone ?? ResolveZone(workflow.TimeZone) ?? engine.Options.DefaultTimeZone;
        _info = new ExecutionInfo
        {
            Id = options.ExecutionId ?? ExecutionIds.New(options.Time),
            Workflow = workflow,
            Mode = options.Mode,
            Time = options.Time ?? TimeProvider.System,
            TimeZone = zone,
            ResumeUrl = options.ResumeUrl,
            Environment = options.Environment ?? new Dictionary<string, string>(),
            Depth = options.Depth,
        };
        if (options.History is { Count: > 0 } history)
        {
            _history = [];
            foreach (var completed in history)
            {
                _history[(completed.Node, completed.RunIndex)] = completed;
            }
        }
    }

    public async Task<ExecutionResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = _info.Time.GetUtcNow();
        _scope = ResolveScope();
        var start = ResolveStartNode();
        var trigger = _options.TriggerItems is { Count: > 0 } t ? t : [Item.Empty()];
        _stack.Add(new ReadyNode(start, [trigger], [null]));

        var timeout = _options.Timeout ?? _info.Workflow.ExecutionTimeout;
        using var timeoutSource = timeout is { } span ? new CancellationTokenSource(span, _info.Time) : null;
        using var linked = timeoutSource is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var token = linked.Token;

        await AppendAsync(new ExecutionCreated
        {
            ExecutionId = _info.Id,
            WorkflowId = _options.WorkflowId ?? _info.Workflow.Id,
            WorkflowJson = _journaling ? WorkflowJson.Serialize(_info.Workflow, indented: false) : string.Empty,
            Mode = _info.Mode,
            TriggerItemsJson = _journaling ? ItemsJson(trigger) : null,
            StartNode = _options.StartNode,
            DestinationNode = _options.DestinationNode,
            ParentExecutionId = _options.ParentExecutionId,
        }, _options.JournalSequence is { } continued ? continued == 0 : _history is null, token).ConfigureAwait(false);

        try
        {
            while (_stack.Count > 0 || TryReleasePostponed())
            {
                token.ThrowIfCancellationRequested();
                var next = _stack[0];
                _stack.RemoveAt(0);
                var outcome = await RunNodeAsync(next, token).ConfigureAwait(false);
                switch (outcome.Kind)
                {
                    case OutcomeKind.Failed:
                        await AppendAsync(new ExecutionFinished { ExecutionId = _info.Id, Status = "error", ErrorJson = JsonCodec.Serialize(outcome.Error!.ToJson()), FailedNode = next.Node }, true, CancellationToken.None).ConfigureAwait(false);
                        return Result(ExecutionStatus.Error, startedAt, outcome.Error, next.Node);
                    case OutcomeKind.Waiting:
                        return new ExecutionResult
                        {
                            ExecutionId = _info.Id,
                            Status = ExecutionStatus.Waiting,
                            RunData = _runData,
                            StartedAt = startedAt,
                            FinishedAt = _info.Time.GetUtcNow(),
                            Wait = outcome.Wait,
                            WaitingNode = next.Node,
                        };
                    default:
                        Route(next.Node, outcome.Outputs!, _runData.RunCount(next.Node) - 1);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            var timedOut = timeoutSource?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested;
            var error = new NodeError
            {
                Message = timedOut
                    ? $"The execution was cancelled because it ran longer than the workflow's timeout ({timeout!.Value.TotalSeconds:0.###} s)."
                    : "The execution was cancelled.",
                Name = timedOut ? "WorkflowTimeoutError" : "ExecutionCancelledError",
                Node = _runData.LastNode,
            };
            await AppendAsync(new ExecutionCancelled { ExecutionId = _info.Id, Reason = timedOut ? "timeout" : "user" }, true, CancellationToken.None).ConfigureAwait(false);
            return Result(ExecutionStatus.Canceled, startedAt, error, null);
        }

        await AppendAsync(new ExecutionFinished { ExecutionId = _info.Id, Status = "success" }, true, CancellationToken.None).ConfigureAwait(false);
        return Result(ExecutionStatus.Success, startedAt, null, null);
    }

    private ExecutionResult Result(ExecutionStatus status, DateTimeOffset startedAt, NodeError? error, string? failedNode) => new()
    {
        ExecutionId = _info.Id,
        Status = status,
        RunData = _runData,
        Error = error,
        FailedNode = failedNode,
        StartedAt = startedAt,
        FinishedAt = _info.Time.GetUtcNow(),
    };

    private string ResolveStartNode()
    {
        if (_options.StartNode is { } named)
        {
            return _graph.Find(named) is not null
                ? named
                : throw new WorkflowValidationException([new("startNode", $"There is no node named \"{named}\" to start from.", "execution.startNodeMissing")]);
        }

        WorkflowNode? best = null;
        var bestRank = int.MaxValue;
        foreach (var node in _info.Workflow.Nodes)
        {
            if (node.IsDisabled || _scope?.Contains(node.Name) == false)
            {
                continue;
            }

            var rank = StartRank(node);
            if (rank < bestRank)
            {
                best = node;
                bestRank = rank;
            }
        }

        return best?.Name ?? throw new WorkflowValidationException(
            [new("nodes", "The workflow has no trigger to start from; add a Manual Trigger (n8n-nodes-base.manualTrigger) or pass a start node.", "execution.noTrigger")]);
    }

    // The destination and every node it can be reached from; routing never leaves this set.
    private HashSet<string>? ResolveScope()
    {
        if (_options.DestinationNode is not { } destination)
        {
            return null;
        }

        if (_graph.Find(destination) is null)
        {
            throw new WorkflowValidationException([new("destinationNode", $"There is no node named \"{destination}\" to run to; pass the name of a node in the workflow.", "execution.destinationNodeMissing")]);
        }

        var scope = new HashSet<string>(StringComparer.Ordinal) { destination };
        var pending = new Stack<string>([destination]);
        while (pending.TryPop(out var node))
        {
            foreach (var parent in _graph.ParentsOf(node))
            {
                if (scope.Add(parent.Source))
                {
                    pending.Push(parent.Source);
                }
            }
        }

        return scope;
    }

    private int StartRank(WorkflowNode node)
    {
        switch (node.Type)
        {
            case "n8n-nodes-base.manualTrigger":
                return 0;
            case "n8n-nodes-base.start":
                return 1;
            case "n8n-nodes-base.executeWorkflowTrigger":
                return _info.Mode == ExecutionModes.Integrated ? 0 : 3;
            case "n8n-nodes-base.errorTrigger":
                return _info.Mode == ExecutionModes.Error ? 0 : 4;
        }

        if (_engine.NodeTypes.Find(node.Type)?.Description.Group == NodeGroup.Trigger)
        {
            return 2;
        }

        return _graph.ParentsOf(node.Name).Count == 0 && !WorkflowValidator.IsAnnotation(node.Type) ? 5 : int.MaxValue;
    }

    private static TimeZoneInfo? ResolveZone(string? name) =>
        name is not null && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;

    private async ValueTask AppendAsync(ExecutionEvent e, bool write, CancellationToken cancellationToken, bool deferred = false)
    {
        if (!_journaling || !write)
        {
            return;
        }

        var expected = _sequence;
        var stamped = e with { Sequence = ++_sequence, Timestamp = _info.Time.GetUtcNow() };
        if (deferred)
        {
            await _options.Journal.AppendDeferredAsync(_info.Id, expected, [stamped], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _options.Journal.AppendAsync(_info.Id, expected, [stamped], cancellationToken).ConfigureAwait(false);
        }
    }

    internal static string ItemsJson(IReadOnlyList<Item> items)
    {
        var array = new JsArray(items.Count);
        foreach (var item in items)
        {
            array.Add(item.ToJson());
        }

        return JsonCodec.Serialize(array);
    }

    internal static string OutputsJson(IReadOnlyList<IReadOnlyList<Item>> outputs)
    {
        var array = new JsArray(outputs.Count);
        foreach (var output in outputs)
        {
            var items = new JsArray(output.Count);
            foreach (var item in output)
            {
                items.Add(item.ToJson());
            }

            array.Add(items);
        }

        return JsonCodec.Serialize(array);
    }

    internal static List<IReadOnlyList<Item>> ParseOutputs(string json)
    {
        var outputs = new List<IReadOnlyList<Item>>();
        foreach (var output in JsonCodec.Parse(json).AsArray())
        {
            outputs.Add([.. output.AsArray().Select(Item.FromJson)]);
        }

        return outputs;
    }

    private static long Now() => Stopwatch.GetTimestamp();

    /// <summary>A node ready to run with its inputs.</summary>
    private sealed record ReadyNode(string Node, IReadOnlyList<IReadOnlyList<Item>?> Inputs, IReadOnlyList<NodeRunSource?> Source);

    /// <summary>A multi-input node that has data on some inputs.</summary>
    private sealed class WaitingNode(string node, int inputs)
    {
        public string Node { get; } = node;

        public IReadOnlyList<Item>?[] Inputs { get; } = new IReadOnlyList<Item>?[inputs];

        public NodeRunSource?[] Source { get; } = new NodeRunSource?[inputs];
    }

    private enum OutcomeKind
    {
        Completed,
        Failed,
        Waiting,
    }

    private readonly record struct Outcome(OutcomeKind Kind, IReadOnlyList<IReadOnlyList<Item>>? Outputs, NodeError? Error, WaitRequest? Wait);
}
