using Tessera.Engine.Journal;
using Tessera.Storage.Executions;
using Tessera.Cli.Tests.Commands;

namespace Tessera.Cli.Tests.Durability;

/// <summary>
/// The crash test of issue #8: a long workflow runs in a child process that is killed with SIGKILL at random points,
/// again and again; `tessera executions resume` continues it. The end result must equal an uninterrupted run's, and no
/// completed node may have run twice.
/// </summary>
public sealed class CrashTests
{
    [Fact]
    public async Task Resume_AfterRepeatedSigkills_EqualsAnUninterruptedRunAndNoCompletedNodeRanTwice()
    {
        // Arrange: 50 waits of 30 ms make a run last at least 1.5 s, so a monitor slowed by a busy machine still
        // catches it mid-way (with 10 ms waits and pipelined commits a run took ~0.7 s, and the test sometimes saw
        // it finish before its kill).
        var workflow = CliProcess.TempWorkflow(DurableCli.LongWorkflow(200, 0.03));
        await using var reference = new DurableCli();
        var (refExit, _, refErr) = await reference.RunAsync("run", workflow, "--execution-id", "reference");
        Assert.True(refExit == 0, refErr);
        var expected = Outputs(await reference.JournalAsync("reference"));
        Assert.Equal(201, expected.Count);

        await using var cli = new DurableCli();
        await using var monitor = await cli.OpenAsync();
        const string id = "crashed";
        var random = new Random();
        var kills = 0;
        var killedMidRun = 0;

        // Act: start (then resume) the run and SIGKILL it once its journal has grown by a random number of events.
        while (kills < 5)
        {
            var before = await monitor.Executions.GetAsync(id, CancellationToken.None);
            if (before is { Status: ExecutionState.Success })
            {
                break;
            }

            using var process = before is null ? cli.Start("run", workflow, "--execution-id", id) : cli.Start("executions", "resume");
            var target = (before?.LastSequence ?? 0) + random.Next(5, 60);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!process.HasExited && DateTime.UtcNow < deadline
                && ((await monitor.Executions.GetAsync(id, CancellationToken.None))?.LastSequence ?? 0) < target)
            {
                await Task.Delay(5);
            }

            if (!process.HasExited)
            {
                process.Kill(); // SIGKILL on Unix: no finally blocks, no flush.
                kills++;
                await process.WaitForExitAsync();
                killedMidRun += (await monitor.Executions.GetAsync(id, CancellationToken.None))?.Status is ExecutionState.Running ? 1 : 0;
            }

            await process.WaitForExitAsync();
        }

        var (exit, stdout, stderr) = await cli.RunAsync("executions", "resume");

        // Assert
        Assert.True(exit == 0, stdout + stderr);
        Assert.True(await StateAsync(cli, id) is ExecutionState.Success, $"{cli.Log}\n$ tessera executions resume\n{stdout}{stderr}");
        var journal = await cli.JournalAsync(id);
        var completed = journal.OfType<NodeCompleted>().ToList();
        Assert.All(completed.GroupBy(c => (c.Node, c.RunIndex)), g => Assert.True(g.Count() == 1, $"{g.Key.Node} run {g.Key.RunIndex} completed {g.Count()} times"));
        Assert.Equal(expected, Outputs(journal));
        Assert.True(killedMidRun >= 3, $"the test should kill the run mid-way several times (kills {kills}, mid-run {killedMidRun})");
        var restarts = journal.OfType<ExecutionResumed>().Count(r => r.Reason == "restart");
        Assert.InRange(restarts, 1, killedMidRun + 1);
    }

    [Fact]
    public async Task Resume_BesideALiveRunInAnotherProcess_LeavesTheRunToIt()
    {
        // Arrange: a run that waits 6 s in its process (a short wait is slept, not parked), so it stays running and its
        // lease far from expiry: only the liveness check of its holder decides. That check once judged every holder in
        // another process dead (Process.StartTime differs between processes on Linux): the second process took the run
        // over and the first one died on a journal conflict.
        await using var cli = new DurableCli();
        const string id = "live";
        using var running = await StartSleepingRunAsync(cli, id);

        // Act
        var (exit, stdout, stderr) = await cli.RunAsync("executions", "resume");
        await running.WaitForExitAsync();

        // Assert: the second process left it alone, and the first finished it alone.
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("0 interrupted execution(s) resumed", stdout);
        Assert.True(running.ExitCode == 0, cli.Log.ToString());
        var journal = await cli.JournalAsync(id);
        Assert.DoesNotContain(journal, e => e is ExecutionResumed);
        Assert.Single(journal.OfType<NodeCompleted>(), c => c.Node == "B");
        Assert.Equal(ExecutionState.Success, await StateAsync(cli, id));
    }

    [Fact]
    public async Task Run_AnotherWriterAppendsToItsJournalMidRun_ReportsTheConflictWithoutAStackTrace()
    {
        // Arrange: the run sleeps in its Wait node while another writer appends to its journal.
        await using var cli = new DurableCli();
        const string id = "contended";
        using var running = await StartSleepingRunAsync(cli, id);

        // Act
        await using (var storage = await cli.OpenAsync())
        {
            var last = (await storage.Executions.GetAsync(id, CancellationToken.None))!.LastSequence;
            await storage.Executions.AppendAsync(id, last, [new NodeStarted { ExecutionId = id, Node = "Elsewhere" }], CancellationToken.None);
        }

        await running.WaitForExitAsync();

        // Assert
        var log = cli.Log.ToString();
        Assert.Equal(2, running.ExitCode);
        Assert.Contains("another writer appended first", log);
        Assert.DoesNotContain("Unhandled exception", log);
        Assert.DoesNotContain("   at ", log);
    }

    /// <summary>Start → A (Set) → Wait <paramref name="amount"/> <paramref name="unit"/> → B (Set), as a temp file.</summary>
    private static string AWaitB(int amount, string unit) => CliProcess.TempWorkflow("""
        {"name":"a-wait-b","settings":{"executionOrder":"v1"},"nodes":[
          {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
          {"name":"A","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[0,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"step","value":"A","type":"string"}]},"options":{}}},
          {"name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[0,0],"parameters":{"resume":"timeInterval","amount":AMOUNT,"unit":"UNIT"}},
          {"name":"B","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[0,0],"parameters":{"assignments":{"assignments":[{"id":"b","name":"after","value":"={{ $json.step }}-B","type":"string"}]},"options":{}}}],
         "connections":{"Start":{"main":[[{"node":"A","type":"main","index":0}]]},"A":{"main":[[{"node":"Wait","type":"main","index":0}]]},"Wait":{"main":[[{"node":"B","type":"main","index":0}]]}}}
        """.Replace("AMOUNT", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("UNIT", unit, StringComparison.Ordinal));

    /// <summary>
    /// Starts A → Wait 6 s → B in its own process and returns once A is in the journal: the run then sleeps in its
    /// process (a short wait is not parked), running, its lease far from expiry.
    /// </summary>
    private static async Task<System.Diagnostics.Process> StartSleepingRunAsync(DurableCli cli, string id)
    {
        var running = cli.Start("run", AWaitB(6, "seconds"), "--execution-id", id);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!running.HasExited && DateTime.UtcNow < deadline
            && !(await cli.JournalAsync(id)).OfType<NodeCompleted>().Any(c => c.Node == "A"))
        {
            await Task.Delay(20);
        }

        Assert.False(running.HasExited, $"the run ended before the test could act beside it\n{cli.Log}");
        return running;
    }

    [Fact]
    public async Task Resume_DurableTimerAcrossProcessDeath_WakesWhenDueAndFinishes()
    {
        // Arrange: A → Wait 2 hours (parks in the store) → B.
        var workflow = AWaitB(2, "hours");
        await using var cli = new DurableCli();
        using (var process = cli.Start("run", workflow, "--execution-id", "parked"))
        {
            for (var i = 0; i < 200 && await StateAsync(cli, "parked") is not ExecutionState.Waiting; i++)
            {
                await Task.Delay(100);
            }

            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
        }

        Assert.Equal(ExecutionState.Waiting, await StateAsync(cli, "parked"));
        var early = await cli.RunAsync("executions", "resume");
        Assert.Contains("0 due wait(s) woken", early.Stdout);
        Assert.Equal(ExecutionState.Waiting, await StateAsync(cli, "parked"));

        // Act: two hours pass (the timer row is moved into the past), then a new process polls.
        await using (var storage = await cli.OpenAsync())
        {
            Assert.Equal(1L, await ExecAsync(cli, "UPDATE waits SET wake_at = '2000-01-01 00:00:00.000000' WHERE execution_id = 'parked'"));
        }

        var (exit, stdout, stderr) = await cli.RunAsync("executions", "resume");

        // Assert
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("1 due wait(s) woken", stdout);
        Assert.Equal(ExecutionState.Success, await StateAsync(cli, "parked"));
        var b = (await cli.JournalAsync("parked")).OfType<NodeCompleted>().Single(c => c.Node == "B");
        Assert.Contains("\"after\":\"A-B\"", b.OutputsJson);
    }

    private static async Task<ExecutionState?> StateAsync(DurableCli cli, string id)
    {
        await using var storage = await cli.OpenAsync();
        return (await storage.Executions.GetAsync(id, CancellationToken.None))?.Status;
    }

    private static async Task<long> ExecAsync(DurableCli cli, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(cli.DataDirectory, "tessera.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private static Dictionary<string, string> Outputs(IEnumerable<ExecutionEvent> journal) =>
        journal.OfType<NodeCompleted>().ToDictionary(c => $"{c.Node}#{c.RunIndex}", c => c.OutputsJson);
}
