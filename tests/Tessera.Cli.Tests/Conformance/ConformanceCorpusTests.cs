using Spectre.Console;
using Tessera.Cli.Conformance;
using Xunit.Abstractions;

namespace Tessera.Cli.Tests.Conformance;

/// <summary>
/// Runs n8n's node-test corpus (../shared/conformance/n8n) and holds the flow nodes to it: every fixture in the flow
/// folders whose node types are all implemented must pass, except the known gaps listed here with their reason.
/// A known gap that starts passing fails the test too, so the list stays honest.
/// </summary>
public sealed class ConformanceCorpusTests(ITestOutputHelper output)
{
    private static readonly string[] FlowFolders = ["If/", "Switch/", "Merge/", "SplitInBatches/", "Filter/", "ExecuteWorkflow/", "Wait/"];

    /// <summary>Fixtures in the flow folders known to fail, with the reason.</summary>
    private static readonly Dictionary<string, string> KnownFailures = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public async Task RunAsync_FlowFixtures_PassExceptKnownGaps()
    {
        var corpus = FindCorpus();
        if (corpus is null)
        {
            output.WriteLine("SKIPPED: ../shared/conformance/n8n is not present next to the repository; nothing to check.");
            return;
        }

        var report = await new ConformanceRunner().RunAsync(corpus, CancellationToken.None);
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 250;
        ConformanceRenderer.Render(report, console);
        var printed = writer.ToString();
        output.WriteLine(printed);

        var problems = new List<string>();
        foreach (var c in report.Cases.Where(c => FlowFolders.Any(f => c.Name.StartsWith(f, StringComparison.Ordinal))))
        {
            var known = KnownFailures.ContainsKey(c.Name);
            if (c.Outcome == ConformanceOutcome.Failed && !known)
            {
                problems.Add($"{c.Name} failed: {c.Detail}");
            }
            else if (c.Outcome == ConformanceOutcome.Passed && known)
            {
                problems.Add($"{c.Name} passes now; remove it from KnownFailures ({KnownFailures[c.Name]})");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(report.Summary, printed.TrimEnd().Split('\n')[^1].TrimEnd());
    }

    [Fact]
    public async Task RunAsync_MissingDirectory_Throws() =>
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => new ConformanceRunner().RunAsync(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")), CancellationToken.None));

    internal static string? FindCorpus()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tessera.sln")))
        {
            dir = dir.Parent;
        }

        if (dir?.Parent is null)
        {
            return null;
        }

        var corpus = Path.Combine(dir.Parent.FullName, "shared", "conformance", "n8n");
        return Directory.Exists(corpus) ? corpus : null;
    }
}
