namespace Tessera.Cli.Commands;

/// <summary>The CLI's exit codes (stable; scripts rely on them).</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>The workflow ran and failed (or was cancelled).</summary>
    public const int WorkflowFailed = 1;

    /// <summary>Bad input: unreadable file, malformed JSON, invalid workflow, bad option.</summary>
    public const int BadInput = 2;

    /// <summary>What was to be created already exists (a user with that email), so scripts can treat it as done.</summary>
    public const int Conflict = 3;
}
