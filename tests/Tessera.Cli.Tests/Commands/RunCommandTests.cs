using Tessera.Engine.Data;

namespace Tessera.Cli.Tests.Commands;

public sealed class RunCommandTests
{
    private static string Example => Path.Combine(CliProcess.RepositoryRoot(), "examples", "hello.json");

    [Fact]
    public async Task Run_HelloExample_SucceedsAndPrintsEveryNode()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("run", Example);

        Assert.True(exit == 0, stderr);
        foreach (var node in new[] { "People", "Passed?", "Congratulate", "Encourage" })
        {
            Assert.Contains(node, stdout);
        }
    }

    [Fact]
    public async Task Run_Json_PrintsRunDataWithEachNodesItems()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("run", Example, "--json");

        Assert.True(exit == 0, stderr);
        var json = JsonCodec.Parse(stdout).AsObject();
        Assert.Equal("success", json["status"].AsString());
        var congratulate = json["runData"]["Congratulate"].AsArray()[0]["data"]["main"].AsArray()[0].AsArray();
        Assert.Equal(["Ada Lovelace", "Grace Hopper"], congratulate.Select(i => i["json"]["name"].AsString()));
    }

    [Fact]
    public async Task Run_FailingWorkflow_ExitsOneAndNamesTheNode()
    {
        var path = CliProcess.TempWorkflow("""
            {"nodes":[
              {"name":"T","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
              {"name":"Stop","type":"n8n-nodes-base.stopAndError","typeVersion":1,"position":[200,0],"parameters":{"errorMessage":"stopped on purpose"}}],
             "connections":{"T":{"main":[[{"node":"Stop","type":"main","index":0}]]}}}
            """);

        var (exit, _, stderr) = await CliProcess.RunAsync("run", path);

        Assert.Equal(1, exit);
        Assert.Contains("Stop", stderr);
        Assert.Contains("stopped on purpose", stderr);
    }
}
