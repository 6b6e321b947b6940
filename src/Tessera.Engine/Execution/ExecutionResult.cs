using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Engine.Execution;

/// <summary>How an execution ended.</summary>
public enum ExecutionStatus
{
    /// <summary>Every scheduled node ran.</summary>
    Success,
    /// <summary>A node failed and stopped the execution.</summary>
    Error,
    /// <summary>Cancelled by the caller or by the workflow's timeout.</summary>
    Canceled,
    /// <summary>Parked by a node (Wait, approval) and resumable later.</summary>
    Waiting,
}

/// <summary>The outcome of <see cref="WorkflowEngine.RunAsync"/>.</summary>
public sealed class ExecutionResult
{
    /// <summary>The execution id.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>How it ended.</summary>
    public required ExecutionStatus Status { get; init; }

    /// <summary>Every node run.</summary>
    public required RunData RunData { get; init; }

    /// <summary>The error that ended it, when it failed or was cancelled.</summary>
    public NodeError? Error { get; init; }

    /// <summary>The node that failed.</summary>
    public string? FailedNode { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>The wait request when <see cref="Status"/> is <see cref="ExecutionStatus.Waiting"/>.</summary>
    public WaitRequest? Wait { get; init; }

    /// <summary>The node that asked to wait.</summary>
    public string? WaitingNode { get; init; }

    /// <summary>Output 0 of the last node that ran (what a sub-workflow returns).</summary>
    public IReadOnlyList<Item> LastOutput
    {
        get
        {
            var last = RunData.InOrder.Count > 0 ? RunData.InOrder[^1].Run : null;
            return last is { Outputs.Count: > 0 } ? last.Outputs[0] : [];
        }
    }
}
