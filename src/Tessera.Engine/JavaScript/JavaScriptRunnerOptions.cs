namespace Tessera.Engine.JavaScript;

/// <summary>Settings of the sandboxed JavaScript runner pool. Defaults suit one engine process on a small machine.</summary>
public sealed class JavaScriptRunnerOptions
{
    /// <summary>Environment variable listing modules Code nodes may <c>require</c> (comma-separated).</summary>
    public const string AllowModulesVariable = "TESSERA_CODE_ALLOW_MODULES";

    /// <summary>Environment variable naming the runner folder (the one holding <c>runner.js</c>).</summary>
    public const string RunnerDirectoryVariable = "TESSERA_RUNNER_DIR";

    /// <summary>Environment variable naming the Node.js executable.</summary>
    public const string NodePathVariable = "TESSERA_NODE_PATH";

    /// <summary>How many runner processes may run tasks at once (default 2).</summary>
    public int PoolSize { get; set; } = 2;

    /// <summary>Time limit of one Code-node task (default 60 s).</summary>
    public TimeSpan CodeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time limit of one expression task (default 5 s).</summary>
    public TimeSpan ExpressionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Extra time the engine waits beyond a task's limit before it kills the process. The runner stops synchronous
    /// code itself; the watchdog catches what it cannot (a wedged process, huge results).
    /// </summary>
    public TimeSpan WatchdogGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>V8 heap limit of each runner process in MB (default 256).</summary>
    public int MemoryLimitMb { get; set; } = 256;

    /// <summary>The folder holding <c>runner.js</c>; null finds it (see <see cref="RunnerLocator"/>).</summary>
    public string? RunnerDirectory { get; set; }

    /// <summary>The Node.js executable (default <c>node</c> from PATH, or <c>TESSERA_NODE_PATH</c>).</summary>
    public string NodeExecutable { get; set; } = Environment.GetEnvironmentVariable(NodePathVariable) is { Length: > 0 } p ? p : "node";

    /// <summary>Modules Code nodes may <c>require</c>; default from <c>TESSERA_CODE_ALLOW_MODULES</c>.</summary>
    public IReadOnlyList<string> AllowedModules { get; set; } = ParseModules(Environment.GetEnvironmentVariable(AllowModulesVariable));

    /// <summary>The <c>TZ</c> of runner processes, which JavaScript <c>Date</c> uses (default UTC).</summary>
    public string ProcessTimeZone { get; set; } = "UTC";

    /// <summary>
    /// Run Node with its permission model (file reads only inside the runner folder; no writes, child processes or
    /// workers). On by default; turn off only for a Node build without it.
    /// </summary>
    public bool UsePermissionModel { get; set; } = true;

    /// <summary>Splits a comma-separated module list.</summary>
    public static IReadOnlyList<string> ParseModules(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Checks the settings, reporting every problem at once.</summary>
    /// <exception cref="InvalidOperationException">A setting is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (PoolSize < 1)
        {
            problems.Add($"PoolSize must be at least 1 (was {PoolSize}).");
        }

        if (CodeTimeout <= TimeSpan.Zero || ExpressionTimeout <= TimeSpan.Zero)
        {
            problems.Add("CodeTimeout and ExpressionTimeout must be positive.");
        }

        if (MemoryLimitMb < 16)
        {
            problems.Add($"MemoryLimitMb must be at least 16 (was {MemoryLimitMb}).");
        }

        if (string.IsNullOrWhiteSpace(NodeExecutable))
        {
            problems.Add("NodeExecutable must name the Node.js executable.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid JavaScript runner options: " + string.Join(" ", problems));
        }
    }
}
