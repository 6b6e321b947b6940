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
