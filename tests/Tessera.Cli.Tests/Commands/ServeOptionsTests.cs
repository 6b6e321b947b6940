namespace Tessera.Cli.Tests.Commands;

/// <summary><c>tessera serve</c> refuses bad operations settings before it starts, naming the setting and the fix.</summary>
public sealed class ServeOptionsTests
{
    [Fact]
    public async Task Serve_UnknownLogFormat_ExitsTwoNamingTheChoices()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync("serve", "--port", "0", "--log-format", "yaml");

        Assert.Equal(2, exit);
        Assert.Contains("--log-format is \"yaml\"", stderr, StringComparison.Ordinal);
        Assert.Contains("\"json\"", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TESSERA_EXECUTIONS_MAX_AGE")]
    [InlineData("TESSERA_EXECUTIONS_PRUNE_INTERVAL")]
    public async Task Serve_BadRetentionSetting_ExitsTwoBeforeStartingNamingTheVariable(string variable)
    {
        // Read at start like the other settings: before, the retention service threw after start-up and the host
        // stopped with its own noise and exit code 1.
        var dir = Path.Combine(Path.GetTempPath(), "tessera-cli-serve-" + Guid.NewGuid().ToString("n"));
        try
        {
            var (exit, _, stderr) = await CliProcess.RunWithEnvironmentAsync(
                new Dictionary<string, string?> { [variable] = "soon", ["TESSERA_EXECUTIONS_MAX_COUNT"] = "10", ["TESSERA_DATA_DIR"] = dir, ["TESSERA_DATABASE_URL"] = null },
                "serve", "--port", "0", "--no-examples");

            Assert.Equal(2, exit);
            Assert.Contains($"{variable}='soon' is not an age", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("BackgroundService", stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Serve_BadShutdownTimeout_ExitsTwoNamingTheVariable()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tessera-cli-serve-" + Guid.NewGuid().ToString("n"));
        try
        {
            var (exit, _, stderr) = await CliProcess.RunWithEnvironmentAsync(
                new Dictionary<string, string?> { ["TESSERA_SHUTDOWN_TIMEOUT"] = "soon", ["TESSERA_DATA_DIR"] = dir, ["TESSERA_DATABASE_URL"] = null },
                "serve", "--port", "0", "--no-examples");

            Assert.Equal(2, exit);
            Assert.Contains("TESSERA_SHUTDOWN_TIMEOUT is \"soon\"", stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
