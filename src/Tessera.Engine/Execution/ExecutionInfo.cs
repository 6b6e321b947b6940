using Tessera.Engine.Workflows;

namespace Tessera.Engine.Execution;

/// <summary>How an execution was started (n8n's execution modes).</summary>
public static class ExecutionModes
{
    /// <summary>Started by a person from the editor or CLI; pinned data applies.</summary>
    public const string Manual = "manual";
    /// <summary>Started by a trigger of an active workflow.</summary>
    public const string Trigger = "trigger";
    /// <summary>Started by a webhook call.</summary>
    public const string Webhook = "webhook";
    /// <summary>Started by another workflow.</summary>
    public const string Integrated = "integrated";
    /// <summary>A retry of an earlier execution.</summary>
    public const string Retry = "retry";
    /// <summary>Started by the error trigger.</summary>
    public const string Error = "error";
}

/// <summary>Facts about the execution that nodes and expressions may read.</summary>
public sealed class ExecutionInfo
{
    /// <summary>The execution id.</summary>
    public required string Id { get; init; }

    /// <summary>The workflow being run.</summary>
    public required Workflow Workflow { get; init; }

    /// <summary>How it was started (<see cref="ExecutionModes"/>).</summary>
    public string Mode { get; init; } = ExecutionModes.Manual;

    /// <summary>Time source; never read the system clock directly.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The workflow's time zone (settings.timezone, then GENERIC_TIMEZONE, then UTC).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Base URL that resumes a waiting execution (<c>$execution.resumeUrl</c>).</summary>
    public string? ResumeUrl { get; init; }

    /// <summary>Environment variables expressions may read through <c>$env</c> (already allow-listed).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Project variables (<c>$vars</c>).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>Nesting depth of sub-workflow calls (0 for the top).</summary>
    public int Depth { get; init; }
}
