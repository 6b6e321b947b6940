using Tessera.Engine.Data;

namespace Tessera.Cli.Tests.Commands;

/// <summary><c>tessera run --to &lt;node&gt;</c>: n8n's "execute to node".</summary>
public sealed class RunToNodeTests
{
    private static string Example => Path.Combine(CliProcess.RepositoryRoot(), "examples", "hello.json");

    [Fact]
    public async Task Run_To_RunsUpToTheNodeAndNothingAfterIt()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("run", Example, "--json", "--to", "Passed?");

        Assert.True(exit == 0, stderr);
        var runData = JsonCodec.Parse(stdout).AsObject()["runData"].AsObject();
        Assert.Equal(["When clicking 'Execute workflow'", "People", "Passed?"], runData.Keys);
    }

    [Fact]
    public async Task Run_ToUnknownNode_ExitsTwoNamingIt()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync("run", Example, "--to", "Nowhere");

        Assert.Equal(2, exit);
        Assert.Contains("Nowhere", stderr);
    }
}
