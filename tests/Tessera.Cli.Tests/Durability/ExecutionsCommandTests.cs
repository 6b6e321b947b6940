using Tessera.Cli.Tests.Commands;
using Tessera.Engine.Data;

namespace Tessera.Cli.Tests.Durability;

public sealed class ExecutionsCommandTests
{
    private static string Example => Path.Combine(CliProcess.RepositoryRoot(), "examples", "hello.json");

    [Fact]
    public async Task Run_Default_RecordsTheExecutionAndListShowsIt()
    {
        await using var cli = new DurableCli();

        var (exit, stdout, stderr) = await cli.RunAsync("run", Example, "--execution-id", "first");
        var list = await cli.RunAsync("executions", "list", "--json");
        var show = await cli.RunAsync("executions", "show", "first", "--json");

        Assert.True(exit == 0, stderr);
        Assert.Contains("execution first", stdout);
        var items = JsonCodec.Parse(list.Stdout)["items"].AsArray();
        Assert.Equal("first", Assert.Single(items)["id"].AsString());
        Assert.Equal("success", items[0]["status"].AsString());
        var nodes = JsonCodec.Parse(show.Stdout)["nodes"].AsArray();
        Assert.Contains(nodes, n => n["node"].AsString() == "Congratulate");
    }

    [Fact]
    public async Task Run_NoSave_RecordsNothing()
    {
        await using var cli = new DurableCli();

        var (exit, stdout, _) = await cli.RunAsync("run", Example, "--no-save");
        var list = await cli.RunAsync("executions", "list", "--json");

        Assert.Equal(0, exit);
        Assert.Contains("(not saved)", stdout);
        Assert.Empty(JsonCodec.Parse(list.Stdout)["items"].AsArray());
    }

    [Fact]
    public async Task ReplayAndFork_FromANode_CreateLinkedExecutionsWithTheEditedData()
    {
        await using var cli = new DurableCli();
        await cli.RunAsync("run", Example, "--execution-id", "origin");
        var data = CliProcess.TempWorkflow("""[{"name":"Edsger Dijkstra","email":"e@example.com","score":100}]""");

        var replay = await cli.RunAsync("executions", "replay", "origin", "--from", "Passed?", "--json");
        var fork = await cli.RunAsync("executions", "fork", "origin", "--from", "People", "--set-data", data, "--json");

        Assert.True(replay.ExitCode == 0, replay.Stderr);
        Assert.True(fork.ExitCode == 0, fork.Stderr);
        var congratulated = JsonCodec.Parse(fork.Stdout)["runData"]["Congratulate"].AsArray()[0]["data"]["main"].AsArray()[0].AsArray();
        Assert.Equal(["Edsger Dijkstra"], congratulated.Select(i => i["json"]["name"].AsString()));
        var list = JsonCodec.Parse((await cli.RunAsync("executions", "list", "--json")).Stdout)["items"].AsArray();
        Assert.Equal(2, list.Count(i => i["parentExecutionId"].TryGetString() == "origin"));
    }

    [Fact]
    public async Task Prune_MaxCount_KeepsTheNewest()
    {
        await using var cli = new DurableCli();
        foreach (var id in new[] { "a", "b", "c" })
        {
            await cli.RunAsync("run", Example, "--execution-id", id);
        }

        var (exit, stdout, stderr) = await cli.RunAsync("executions", "prune", "--max-count", "1");
        var list = JsonCodec.Parse((await cli.RunAsync("executions", "list", "--json")).Stdout)["items"].AsArray();

        Assert.True(exit == 0, stderr);
        Assert.Contains("pruned 2", stdout);
        Assert.Equal("c", Assert.Single(list)["id"].AsString());
    }

    [Fact]
    public async Task PruneReplayFork_AreAuditedAsCli_OnePruneEntryWithTheCount()
    {
        await using var cli = new DurableCli();
        foreach (var id in new[] { "a", "b", "c" })
        {
            await cli.RunAsync("run", Example, "--execution-id", id);
        }

        var data = CliProcess.TempWorkflow("""[{"name":"Ada","email":"a@example.com","score":90}]""");
        await cli.RunAsync("executions", "replay", "c", "--from", "Passed?");
        await cli.RunAsync("executions", "fork", "c", "--from", "People", "--set-data", data);
        await cli.RunAsync("executions", "prune", "--max-count", "3");

        var (_, json, stderr) = await cli.RunAsync("audit", "list", "--json");
        var (verifyExit, _, verifyError) = await cli.RunAsync("audit", "verify");

        var entries = JsonCodec.Parse(json)["items"].AsArray();
        Assert.True(entries.Count == 3, stderr + json);
        var pruned = entries[0];
        Assert.Equal("executions.pruned", pruned["action"].AsString());
        Assert.Equal("cli", pruned["actor"].AsString());
        Assert.Equal(2, pruned["details"]["deleted"].AsNumber());
        Assert.Equal("execution.forked", entries[1]["action"].AsString());
        Assert.Equal("c", entries[1]["target"].AsString());
        Assert.Equal("execution.replayed", entries[2]["action"].AsString());
        Assert.Equal("Passed?", entries[2]["details"]["fromNode"].AsString());
        Assert.True(verifyExit == 0, verifyError);
    }

    [Fact]
    public async Task ReplayAndFork_OfASavedWorkflowsRun_AreAuditedWithItsProject()
    {
        // Arrange: the workflow saved in a project (as the server does), and a run of it from its file.
        await using var cli = new DurableCli();
        var json = File.ReadAllText(Example).TrimStart().TrimStart('{');
        var file = CliProcess.TempWorkflow("{\"id\":\"wf-audited\"," + json);
        await using (var storage = await cli.OpenAsync())
        {
            var project = await storage.Projects.CreateAsync("Sales", "p-sales", CancellationToken.None);
            await storage.Workflows.CreateAsync(new Tessera.Storage.Workflows.WorkflowDraft { Id = "wf-audited", Name = "Audited", Json = File.ReadAllText(file), ProjectId = project.Id }, CancellationToken.None);
        }

        await cli.RunAsync("run", file, "--execution-id", "c");
        var data = CliProcess.TempWorkflow("""[{"name":"Ada","email":"a@example.com","score":90}]""");

        // Act
        await cli.RunAsync("executions", "replay", "c", "--from", "Passed?");
        await cli.RunAsync("executions", "fork", "c", "--from", "People", "--set-data", data);

        // Assert: as the API's entries, named by the workflow's project (so a project's audit view shows them).
        var (_, listed, stderr) = await cli.RunAsync("audit", "list", "--json");
        var entries = JsonCodec.Parse(listed)["items"].AsArray();
        Assert.True(entries.Count == 2, stderr + listed);
        Assert.All(entries, e => Assert.Equal("p-sales", e["projectId"].AsString()));
    }

    [Theory]
    [InlineData("executions", "show", "missing")]
    [InlineData("executions", "replay", "missing", "--from", "X")]
    [InlineData("executions", "prune")]
    [InlineData("executions", "prune", "--max-age", "fortnight")]
    [InlineData("executions", "list", "--status", "sleeping")]
    [InlineData("export")]
    [InlineData("import", "/no/such/folder")]
    public async Task BadInput_ExitsTwoWithAMessage(params string[] args)
    {
        await using var cli = new DurableCli();

        var (exit, _, stderr) = await cli.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("error", stderr);
    }

    [Fact]
    public async Task ImportExport_Folder_RoundTripsTheWorkflow()
    {
        await using var cli = new DurableCli();
        var output = Path.Combine(cli.DataDirectory, "export");

        var import = await cli.RunAsync("import", Path.GetDirectoryName(Example)!);
        var export = await cli.RunAsync("export", "--all", "--output", output);

        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.True(export.ExitCode == 0, export.Stderr);
        var file = Assert.Single(Directory.GetFiles(output, "*.json"));
        var original = JsonCodec.Parse(await File.ReadAllTextAsync(Example));
        var exported = JsonCodec.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(original["name"].AsString(), exported["name"].AsString());
        Assert.True(JsonEquality.DeepEquals(original["nodes"], exported["nodes"]));
    }

    [Fact]
    public async Task Show_DamagedDatabase_ExitsTwoAndLeavesTheFileAlone()
    {
        await using var cli = new DurableCli();
        Directory.CreateDirectory(cli.DataDirectory);
        var path = Path.Combine(cli.DataDirectory, "tessera.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));

        var (exit, _, stderr) = await cli.RunAsync("executions", "list");

        Assert.Equal(2, exit);
        Assert.Contains("damaged", stderr);
        Assert.Equal(new string('x', 4096), await File.ReadAllTextAsync(path));
    }
}
