namespace Tessera.Server.Execution;

/// <summary>
/// Admission control for executions in this process: at most <see cref="ExecutionQueueOptions.MaxConcurrency"/> run at
/// once, each project and workflow within its own limit, the rest wait in a bounded queue served round-robin between
/// projects (one busy project cannot starve the others). A caller <see cref="EnterAsync"/>s, runs while holding the
/// returned <see cref="ExecutionLease"/>, and disposes it. Over a limit, <see cref="EnterAsync"/> throws
/// <see cref="ExecutionQueueRejectedException"/> at once instead of queueing without bound.
/// </summary>
public sealed class ExecutionQueue
{
    private readonly ExecutionQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProjectLane> _lanes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _runningPerWorkflow = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _waitingPerWorkflow = new(StringComparer.Ordinal);
    private readonly List<ProjectLane> _ring = [];
    private int _cursor;
    private int _running;
    private int _waiting;
    private double _averageSeconds = 1;

    /// <summary>Creates a queue with the given limits.</summary>
    public ExecutionQueue(ExecutionQueueOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The limits in force.</summary>
    public ExecutionQueueOptions Options => _options;

    /// <summary>Executions holding a slot.</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Executions waiting for a slot.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting;
            }
        }
    }

    /// <summary>
    /// Waits for a slot for one execution of <paramref name="workflowId"/> in <paramref name="projectId"/> (null: the
    /// default project). Completes at once when a slot is free; throws <see cref="ExecutionQueueRejectedException"/>
    /// when the waiting queue (global: 503, or this workflow's: 429) is full, and <see cref="OperationCanceledException"/>
    /// when <paramref name="cancellationToken"/> fires while waiting.
    /// </summary>
    public ValueTask<ExecutionLease> EnterAsync(string? projectId, string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        cancellationToken.ThrowIfCancellationRequested();
        var project = projectId ?? string.Empty;
        Waiter waiter;
        lock (_gate)
        {
            if (CanStart(project, workflowId))
            {
                return ValueTask.FromResult(StartLocked(project, workflowId));
            }

            if (_options.MaxQueuedPerWorkflow > 0 && Count(_waitingPerWorkflow, workflowId) >= _options.MaxQueuedPerWorkflow)
            {
                throw new ExecutionQueueRejectedException(QueueRejection.WorkflowLimit, RetryAfterLocked(),
                    $"Workflow {workflowId} already has {_options.MaxQueuedPerWorkflow} executions waiting (TESSERA_WORKFLOW_QUEUE_LIMIT); retry later.");
            }

            if (_waiting >= _options.MaxQueued)
            {
                throw new ExecutionQueueRejectedException(QueueRejection.OverCapacity, RetryAfterLocked(),
                    $"The server is running {_running} executions with {_waiting} waiting, its limit (TESSERA_CONCURRENCY, TESSERA_QUEUE_LIMIT); retry later.");
            }

            waiter = new Waiter(project, workflowId);
            if (!_lanes.TryGetValue(project, out var lane))
            {
                lane = new ProjectLane(project);
                _lanes[project] = lane;
            }

            if (lane.Waiters.Count == 0)
            {
                // A project joining the ring goes just before the cursor: it is served after everyone already waiting.
                _ring.Insert(_cursor, lane);
                _cursor++;
                if (_cursor >= _ring.Count)
                {
                    _cursor = 0;
                }
            }

            waiter.Node = lane.Waiters.AddLast(waiter);
            _waiting++;
            Increment(_waitingPerWorkflow, workflowId, 1);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(static state => ((ExecutionQueue)((object[])state!)[0]).Cancel((Waiter)((object[])state!)[1]), new object[] { this, waiter });
        }

        return new ValueTask<ExecutionLease>(waiter.Completion.Task);
    }

    internal void Release(ExecutionLease lease)
    {
        lock (_gate)
        {
            _running--;
            _lanes[lease.Project].Running--;
            Increment(_runningPerWorkflow, lease.WorkflowId, -1);
            var seconds = (_time.GetUtcNow() - lease.StartedAt).TotalSeconds;
            _averageSeconds = (_averageSeconds * 0.9) + (Math.Max(0, seconds) * 0.1);
            if (_lanes[lease.Project] is { Running: 0, Waiters.Count: 0 } idle)
            {
                _lanes.Remove(idle.Project);
            }

            DispatchLocked();
        }
    }

    private void Cancel(Waiter waiter)
    {
        lock (_gate)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            RemoveWaiterLocked(waiter);
            DispatchLocked();
        }

        waiter.Completion.TrySetCanceled();
    }

    private void DispatchLocked()
    {
        while (_running < _options.MaxConcurrency && _ring.Count > 0)
        {
            Waiter? chosen = null;
            for (var i = 0; i < _ring.Count && chosen is null; i++)
            {
                var index = (_cursor + i) % _ring.Count;
                var lane = _ring[index];
                if (_options.MaxConcurrencyPerProject > 0 && lane.Running >= _options.MaxConcurrencyPerProject)
                {
                    continue;
                }

                for (var node = lane.Waiters.First; node is not null; node = node.Next)
                {
                    if (WorkflowHasRoom(node.Value.WorkflowId))
                    {
                        chosen = node.Value;
                        _cursor = index + 1;
                        break;
                    }
                }
            }

            if (chosen is null)
            {
                return;
            }

            RemoveWaiterLocked(chosen);
            // Unregister, never Dispose, under the lock: Dispose waits for a cancellation callback already running, and
            // that callback (Cancel) waits for this lock — a deadlock that froze every webhook when clients hung up.
            chosen.Registration.Unregister();
            var lease = StartLocked(chosen.Project, chosen.WorkflowId);
            if (!chosen.Completion.TrySetResult(lease))
            {
                // Cancelled in the same instant: give the slot back.
                _running--;
                _lanes[lease.Project].Running--;
                Increment(_runningPerWorkflow, lease.WorkflowId, -1);
            }
        }
    }

    private void RemoveWaiterLocked(Waiter waiter)
    {
        var lane = _lanes[waiter.Project];
        lane.Waiters.Remove(waiter.Node!);
        _waiting--;
        Increment(_waitingPerWorkflow, waiter.WorkflowId, -1);
        if (lane.Waiters.Count == 0)
        {
            var index = _ring.IndexOf(lane);
            _ring.RemoveAt(index);
            if (index < _cursor)
            {
                _cursor--;
            }

            if (_cursor >= _ring.Count)
            {
                _cursor = 0;
            }

            if (lane.Running == 0)
            {
                _lanes.Remove(lane.Project);
            }
        }
    }

    private bool CanStart(string project, string workflowId) =>
        _running < _options.MaxConcurrency
        && (_options.MaxConcurrencyPerProject == 0 || !_lanes.TryGetValue(project, out var lane) || lane.Running < _options.MaxConcurrencyPerProject)
        && WorkflowHasRoom(workflowId)
        // Someone of the same project and workflow already waiting goes first (FIFO within a workflow).
        && !HasWaiterFor(project, workflowId);

    private bool HasWaiterFor(string project, string workflowId)
    {
        if (!_lanes.TryGetValue(project, out var lane))
        {
            return false;
        }

        foreach (var waiter in lane.Waiters)
        {
            if (waiter.WorkflowId == workflowId)
            {
                return true;
            }
        }

        return false;
    }

    private bool WorkflowHasRoom(string workflowId) =>
        _options.MaxConcurrencyPerWorkflow == 0 || Count(_runningPerWorkflow, workflowId) < _options.MaxConcurrencyPerWorkflow;

    private ExecutionLease StartLocked(string project, string workflowId)
    {
        if (!_lanes.TryGetValue(project, out var lane))
        {
            lane = new ProjectLane(project);
            _lanes[project] = lane;
        }

        lane.Running++;
        _running++;
        Increment(_runningPerWorkflow, workflowId, 1);
        return new ExecutionLease(this, project, workflowId, _time.GetUtcNow());
    }

    private TimeSpan RetryAfterLocked()
    {
        // Time for the work ahead to drain at the current pace, in whole seconds between 1 and 60.
        var seconds = Math.Ceiling(_averageSeconds * (_waiting + 1) / _options.MaxConcurrency);
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 60));
    }

    private static int Count(Dictionary<string, int> counts, string key) => counts.TryGetValue(key, out var n) ? n : 0;

    private static void Increment(Dictionary<string, int> counts, string key, int delta)
    {
        var n = Count(counts, key) + delta;
        if (n <= 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = n;
        }
    }

    private sealed class ProjectLane(string project)
    {
        public string Project { get; } = project;

        public LinkedList<Waiter> Waiters { get; } = new();

        public int Running { get; set; }
    }

    private sealed class Waiter(string project, string workflowId)
    {
        public string Project { get; } = project;

        public string WorkflowId { get; } = workflowId;

        public TaskCompletionSource<ExecutionLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}

/// <summary>A slot in the <see cref="ExecutionQueue"/>; dispose it when the execution ends (once; later calls do nothing).</summary>
public sealed class ExecutionLease : IDisposable
{
    private readonly ExecutionQueue _queue;
    private int _released;

    internal ExecutionLease(ExecutionQueue queue, string project, string workflowId, DateTimeOffset startedAt)
    {
        _queue = queue;
        Project = project;
        WorkflowId = workflowId;
        StartedAt = startedAt;
    }

    /// <summary>The project the slot counts against ("" for the default).</summary>
    public string Project { get; }

    /// <summary>The workflow the slot counts against.</summary>
    public string WorkflowId { get; }

    /// <summary>When the slot was granted.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Gives the slot back and lets the next waiter in.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _queue.Release(this);
        }
    }
}
