using System.Diagnostics;

namespace Tessera.Cli.Tests.Commands;

/// <summary>Runs the real <c>tessera</c> CLI as a child process, as a user would.</summary>
internal static class CliProcess
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        RunWithEnvironmentAsync(new Dictionary<string, string?>(), args);

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunWithInputAsync(environment, string.Empty, args);

    /// <summary>Runs the CLI with <paramref name="stdin"/> piped to its standard input.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithInputAsync(IReadOnlyDictionary<string, string?> environment, string stdin, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "tessera.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public static string TempWorkflow(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-cli-{Guid.NewGuid():n}.json");
        File.WriteAllText(path, json);
        return path;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tessera.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Tessera.sln not found above the test binaries.");
    }
}
