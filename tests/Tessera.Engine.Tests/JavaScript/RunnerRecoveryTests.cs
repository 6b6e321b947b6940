using Tessera.Engine.Expressions;
using Tessera.Engine.JavaScript;
using static Tessera.Engine.Tests.JavaScript.RunnerTestData;

namespace Tessera.Engine.Tests.JavaScript;

public sealed class RunnerRecoveryTests
{
    [Fact]
    public async Task RunCodeAsync_InfiniteLoop_TimesOutAndNextTaskRuns()
    {
        await using var pool = Pool(o => o.CodeTimeout = TimeSpan.FromMilliseconds(500));

        var looped = await pool.RunCodeAsync("while (true) {}", Task(MakeItems("{}")));
        var after = await pool.RunCodeAsync("return { ok: 1 };", Task(MakeItems("{}")));

        Assert.Equal("TimeoutError", looped.Error?.Name);
        Assert.Equal(1, after.Items[0].Json["ok"].AsNumber());
    }

    [Fact]
    public async Task RunCodeAsync_EndlessPromiseChain_TimesOut()
    {
        await using var pool = Pool(o => o.CodeTimeout = TimeSpan.FromMilliseconds(500));

        var result = await pool.RunCodeAsync("async function spin() { while (true) { await null; } }\nawait spin();", Task(MakeItems("{}")));

        Assert.Equal("TimeoutError", result.Error?.Name);
    }

    [Fact]
    public async Task RunCodeAsync_NeverSettlingPromise_FailsWithExplanation()
    {
        await using var pool = Pool();

        var result = await pool.RunCodeAsync("await new Promise(() => {});\nreturn [];", Task(MakeItems("{}")));

        Assert.Contains("never settles", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCodeAsync_AllocatesUntilOutOfMemory_FailsAndProcessIsReplaced()
    {
        await using var pool = Pool(o =>
        {
            o.MemoryLimitMb = 64;
            o.PoolSize = 1;
        });
        await pool.RunCodeAsync("return [];", Task(MakeItems("{}")));
        var startedBefore = pool.ProcessesStarted;

        var error = await Assert.ThrowsAsync<JavaScriptRunnerException>(() =>
            pool.RunCodeAsync("const keep = [];\nwhile (true) { keep.push(new Array(100000).fill({ a: 'xxxxxxxx' })); }", Task(MakeItems("{}"))));
        var after = await pool.RunCodeAsync("return { ok: 1 };", Task(MakeItems("{}")));

        Assert.Equal(RunnerFailureKind.OutOfMemory, error.Kind);
        Assert.Equal(1, after.Items[0].Json["ok"].AsNumber());
        Assert.Equal(startedBefore + 1, pool.ProcessesStarted);
    }

    [Fact]
    public async Task RunCodeAsync_RunnerNeverAnswers_WatchdogKillsAndReplacesIt()
    {
        // A stand-in runner that reads tasks but never answers: only the engine-side watchdog can end the wait.
        using var folder = new FakeRunnerFolder("process.stdin.on('data', () => {}); setInterval(() => {}, 1000);");
        await using var pool = Pool(o =>
        {
            o.RunnerDirectory = folder.Path;
            o.CodeTimeout = TimeSpan.FromMilliseconds(200);
            o.WatchdogGrace = TimeSpan.FromMilliseconds(100);
        });

        var first = await Assert.ThrowsAsync<JavaScriptRunnerException>(() => pool.RunCodeAsync("return [];", Task(MakeItems("{}"))));
        var second = await Assert.ThrowsAsync<JavaScriptRunnerException>(() => pool.RunCodeAsync("return [];", Task(MakeItems("{}"))));

        Assert.Equal(RunnerFailureKind.Timeout, first.Kind);
        Assert.Equal(RunnerFailureKind.Timeout, second.Kind);
        Assert.Equal(2, pool.ProcessesStarted);
    }

    [Fact]
    public async Task RunCodeAsync_RunnerCrashes_FailsWithItsOutputAndIsReplaced()
    {
        using var folder = new FakeRunnerFolder("process.stdin.once('data', () => { process.stderr.write('boom from runner\\n'); process.exit(7); });");
        await using var pool = Pool(o => o.RunnerDirectory = folder.Path);

        var error = await Assert.ThrowsAsync<JavaScriptRunnerException>(() => pool.RunCodeAsync("return [];", Task(MakeItems("{}"))));
        await Assert.ThrowsAsync<JavaScriptRunnerException>(() => pool.RunCodeAsync("return [];", Task(MakeItems("{}"))));

        Assert.Equal(RunnerFailureKind.Crashed, error.Kind);
        Assert.Contains("exit code 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("boom from runner", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, pool.ProcessesStarted);
    }

    [Fact]
    public async Task RunCodeAsync_CallerCancels_ThrowsCancellationAndPoolRecovers()
    {
        await using var pool = Pool(o => o.PoolSize = 1);
        await pool.PingAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.RunCodeAsync("while (true) {}", Task(MakeItems("{}")), cts.Token));
        var after = await pool.RunCodeAsync("return { ok: 1 };", Task(MakeItems("{}")));

        Assert.Equal(1, after.Items[0].Json["ok"].AsNumber());
    }

    [Fact]
    public async Task RunCodeAsync_NodeMissing_ThrowsUnavailableWithHowToFix()
    {
        await using var pool = Pool(o => o.NodeExecutable = "/nonexistent/tessera-node");

        var error = await Assert.ThrowsAsync<JavaScriptRunnerUnavailableException>(() => pool.RunCodeAsync("return [];", Task(MakeItems("{}"))));

        Assert.Contains("Node.js", error.Message, StringComparison.Ordinal);
        Assert.Contains(JavaScriptRunnerOptions.NodePathVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCodeAsync_RunnerFolderMissing_ThrowsUnavailableNamingTheSetting()
    {
        await using var pool = Pool(o => o.RunnerDirectory = Path.Combine(Path.GetTempPath(), "no-such-runner-" + Guid.NewGuid().ToString("N")));

        var error = await Assert.ThrowsAsync<JavaScriptRunnerUnavailableException>(() => pool.RunCodeAsync("return [];", Task(MakeItems("{}"))));

        Assert.Contains(JavaScriptRunnerOptions.RunnerDirectoryVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_NodeMissing_FailsTheExpressionSayingNodeIsNeeded()
    {
        using var pool = Pool(o => o.NodeExecutable = "/nonexistent/tessera-node");
        var fallback = new JavaScriptExpressionFallback(pool);

        var error = Assert.Throws<ExpressionException>(() => fallback.Evaluate("(() => { return 1; })()", Context(MakeItems("{}"))));

        Assert.Contains("Node.js", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_Evaluate_ReturnsValueAndThrowsForSyntaxErrors()
    {
        using var pool = Pool();
        var fallback = new JavaScriptExpressionFallback(pool);
        var context = Context(MakeItems("""{"a":2}""", """{"a":5}"""));
        context.ItemIndex = 1;

        var value = fallback.Evaluate("(() => { let x = $json.a; for (let i = 0; i < 3; i++) x *= 2; return x; })()", context);

        Assert.Equal(40, value.AsNumber());
        Assert.Throws<ExpressionException>(() => fallback.Evaluate("(() => {", context));
    }

    [Fact]
    public void Options_Validate_ReportsEveryProblem()
    {
        var options = new JavaScriptRunnerOptions { PoolSize = 0, MemoryLimitMb = 1 };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("PoolSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("MemoryLimitMb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ParseModules_SplitsAndTrims()
    {
        Assert.Equal(["lodash", "crypto"], JavaScriptRunnerOptions.ParseModules(" lodash , crypto,,"));
        Assert.Empty(JavaScriptRunnerOptions.ParseModules(null));
    }

    [Fact]
    public async Task Dispose_StopsRunnerProcesses()
    {
        var pool = Pool();
        await pool.PingAsync();

        pool.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.PingAsync());
    }
}

/// <summary>A temporary runner folder holding a stand-in runner.js (and the marker file the pool checks for).</summary>
internal sealed class FakeRunnerFolder : IDisposable
{
    public FakeRunnerFolder(string script)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tessera-fake-runner-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "node_modules", "luxon"));
        File.WriteAllText(System.IO.Path.Combine(Path, "node_modules", "luxon", "package.json"), "{}");
        File.WriteAllText(System.IO.Path.Combine(Path, "runner.js"), script);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
