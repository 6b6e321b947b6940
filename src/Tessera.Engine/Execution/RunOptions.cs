using Tessera.Engine.Items;
using Tessera.Engine.Journal;

namespace Tessera.Engine.Execution;

/// <summary>How to run a workflow.</summary>
public sealed class RunOptions
{
    /// <summary>The execution id; a new GUID when null.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>The execution mode (<see cref="ExecutionModes"/>).</summary>
    public string Mode { get; init; } = ExecutionModes.Manual;

    /// <summary>Items the trigger (start node) receives; one empty item when null.</summary>
    public IReadOnlyList<Item>? TriggerItems { get; init; }

    /// <summary>Use the workflow's pinned data as node outputs (n8n does in manual runs).</summary>
    public bool UsePinData { get; init; }

    /// <summary>The node to start from; the workflow's trigger when null.</summary>
    public string? StartNode { get; init; }

    /// <summary>
    /// Runs only this node and the nodes it depends on (its ancestors), so the run stops after it: n8n's manual
    /// "execute to node" (<c>destinationNode</c>). Without a <see cref="StartNode"/>, the trigger is chosen among the ancestors.
    /// </summary>
    public string? DestinationNode { get; init; }

    /// <summary>Where events are written.</summary>
    public IExecutionJournal Journal { get; init; } = NullExecutionJournal.Instance;

    /// <summary>
    /// Node runs recorded earlier for this execution (resume/replay): a scheduled (node, run index) found here is not run
    /// again; its recorded outputs and state are used.
    /// </summary>
    public IReadOnlyList<NodeCompleted>? History { get; init; }

    /// <summary>
    /// The last sequence already in <see cref="Journal"/> for this execution. Null (the default) keeps the original
    /// rule: a run without <see cref="History"/> starts a journal, a run with one continues it. 0 starts a new journal
    /// (writes <c>ExecutionCreated</c>) even with history (replay, fork); a positive value continues an existing journal
    /// after that sequence (resume), so NodeStarted/ExecutionWaiting events never collide with recorded ones.
    /// </summary>
    public long? JournalSequence { get; init; }

    /// <summary>The time source.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Overrides the workflow's time zone.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>Overrides <c>settings.executionTimeout</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Nesting depth of sub-workflow calls.</summary>
    public int Depth { get; init; }

    /// <summary>Environment variables visible to <c>$env</c>.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Resume URL base for <c>$execution.resumeUrl</c>.</summary>
    public string? ResumeUrl { get; init; }

    /// <summary>Parent execution when this is a retry, replay, fork or sub-workflow.</summary>
    public string? ParentExecutionId { get; init; }

    /// <summary>Workflow id for the journal.</summary>
    public string? WorkflowId { get; init; }
}

/// <summary>Engine-wide limits and settings.</summary>
public sealed class WorkflowEngineOptions
{
    /// <summary>Node runs allowed in one execution before it is stopped as a runaway loop (default 1,000,000).</summary>
    public int MaxNodeRuns { get; set; } = 1_000_000;

    /// <summary>Sub-workflow nesting allowed (default 20).</summary>
    public int MaxDepth { get; set; } = 20;

    /// <summary>Default time zone when the workflow sets none (GENERIC_TIMEZONE, else UTC).</summary>
    public TimeZoneInfo DefaultTimeZone { get; set; } = ResolveDefaultZone();

    private static TimeZoneInfo ResolveDefaultZone()
    {
        var name = System.Environment.GetEnvironmentVariable("GENERIC_TIMEZONE");
        return name is not null && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : TimeZoneInfo.Utc;
    }
}
