namespace Tessera.Cli.Tests.Commands;

public sealed class BadInputTests
{
    [Fact]
    public async Task Run_TruncatedJson_ExitsTwoNamingLineAndColumn()
    {
        var path = CliProcess.TempWorkflow("{\n  \"nodes\": [ {\"name\": \"a\"");

        var (exit, _, stderr) = await CliProcess.RunAsync("run", path);

        Assert.Equal(2, exit);
        Assert.Contains($"{path}:2:", stderr);
        Assert.Contains("Malformed JSON", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
    }

    [Fact]
    public async Task Run_MissingFile_ExitsTwo()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync("run", "/definitely/not/here.json");

        Assert.Equal(2, exit);
        Assert.Contains("no such file", stderr);
    }

    [Fact]
    public async Task Run_UnknownTypeAndConnectionToNowhere_ReportsBothAndExitsTwo()
    {
        var path = CliProcess.TempWorkflow("""
            {"nodes":[{"name":"A","type":"x.unknown","typeVersion":1,"position":[0,0],"parameters":{}}],
             "connections":{"A":{"main":[[{"node":"Ghost","type":"main","index":0}]]}}}
            """);

        var (exit, _, stderr) = await CliProcess.RunAsync("run", path);

        Assert.Equal(2, exit);
        Assert.Contains("Unknown node type \"x.unknown\"", stderr);
        Assert.Contains("\"Ghost\", which is not a node", stderr);
    }

    [Fact]
    public async Task Validate_LoopWithNoExit_ExitsTwoInsteadOfHanging()
    {
        var path = CliProcess.TempWorkflow("""
            {"nodes":[
              {"name":"T","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
              {"name":"A","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}},
              {"name":"B","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[400,0],"parameters":{}}],
             "connections":{"T":{"main":[[{"node":"A","type":"main","index":0}]]},
                            "A":{"main":[[{"node":"B","type":"main","index":0}]]},
                            "B":{"main":[[{"node":"A","type":"main","index":0}]]}}}
            """);

        var (validateExit, _, validateErr) = await CliProcess.RunAsync("validate", path);
        var (runExit, _, runErr) = await CliProcess.RunAsync("run", path);

        Assert.Equal(2, validateExit);
        Assert.Contains("loop that nothing can end", validateErr);
        Assert.Equal(2, runExit);
        Assert.Contains("workflow.endlessLoop", runErr);
    }

    [Fact]
    public async Task Run_BadInputItems_ExitsTwo()
    {
        var example = Path.Combine(CliProcess.RepositoryRoot(), "examples", "hello.json");

        var (exit, _, stderr) = await CliProcess.RunAsync("run", example, "--input", "[{\"a\":");

        Assert.Equal(2, exit);
        Assert.Contains("--input:1:", stderr);
    }
}
