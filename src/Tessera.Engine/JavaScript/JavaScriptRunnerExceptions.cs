namespace Tessera.Engine.JavaScript;

/// <summary>
/// The JavaScript runner cannot start: Node.js or the runner files are missing. Only features that need JavaScript
/// (Code nodes, expressions our evaluator cannot compile) fail with it; everything else keeps working.
/// </summary>
public sealed class JavaScriptRunnerUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JavaScriptRunnerUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>Why a runner process failed a task.</summary>
public enum RunnerFailureKind
{
    /// <summary>The task ran past its time limit; the process was stopped and replaced.</summary>
    Timeout,
    /// <summary>The process ran out of memory and was replaced.</summary>
    OutOfMemory,
    /// <summary>The process exited unexpectedly and was replaced.</summary>
    Crashed,
}

/// <summary>A runner process failed while running a task (timeout, memory, crash). The pool replaces the process.</summary>
public sealed class JavaScriptRunnerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JavaScriptRunnerException(RunnerFailureKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    /// <summary>What went wrong.</summary>
    public RunnerFailureKind Kind { get; }
}
