namespace Tessera.Engine.JavaScript;

/// <summary>Finds the runner folder (the one holding <c>runner.js</c>).</summary>
public static class RunnerLocator
{
    /// <summary>
    /// The runner folder: <paramref name="configured"/> when set, else <c>TESSERA_RUNNER_DIR</c>, else the first
    /// <c>runner/</c> folder holding <c>runner.js</c> found walking up from the application's base directory. Null when none.
    /// </summary>
    public static string? Find(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        if (Environment.GetEnvironmentVariable(JavaScriptRunnerOptions.RunnerDirectoryVariable) is { Length: > 0 } fromEnv)
        {
            return Path.GetFullPath(fromEnv);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "runner");
            if (File.Exists(Path.Combine(candidate, "runner.js")))
            {
                return candidate;
            }
        }

        return null;
    }
}
