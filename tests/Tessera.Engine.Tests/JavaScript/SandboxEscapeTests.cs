using Tessera.Engine.JavaScript;
using static Tessera.Engine.Tests.JavaScript.RunnerTestData;

namespace Tessera.Engine.Tests.JavaScript;

public sealed class SandboxEscapeTests(RunnerPoolFixture fixture) : IClassFixture<RunnerPoolFixture>
{
    private readonly JavaScriptRunnerPool _pool = fixture.Pool;

    [Theory]
    [InlineData("return this.constructor.constructor('return process')();", "EvalError")]
    [InlineData("return [{ json: { p: ({}).constructor.constructor('return process')().pid } }];", "EvalError")]
    [InlineData("return $input.all().constructor.constructor('return process')();", "EvalError")]
    [InlineData("return DateTime.constructor.constructor('return process')();", "EvalError")]
    [InlineData("return eval('1 + 1');", "EvalError")]
    [InlineData("return require('fs').readFileSync('/etc/passwd', 'utf8');", "ReferenceError")]
    [InlineData("return require('child_process').execSync('id');", "ReferenceError")]
    [InlineData("return process.env;", "ReferenceError")]
    [InlineData("return await fetch('http://127.0.0.1:1/');", "ReferenceError")]
    [InlineData("return Buffer.from('x');", "ReferenceError")]
    [InlineData("return setTimeout.constructor('return process')();", "EvalError")]
    [InlineData("return await import('fs');", "TypeError")]
    [InlineData("return new WebAssembly.Module(new Uint8Array([0,97,115,109,1,0,0,0]));", "CompileError")]
    public async Task RunCodeAsync_EscapeAttempt_FailsCleanlyAndPoolStillWorks(string code, string errorName)
    {
        var result = await _pool.RunCodeAsync(code, Task(MakeItems("{}")));
        var after = await _pool.RunCodeAsync("return { ok: true };", Task(MakeItems("{}")));

        Assert.NotNull(result.Error);
        Assert.Equal(errorName, result.Error.Name);
        Assert.True(after.Items[0].Json["ok"].AsBoolean());
    }

    [Fact]
    public async Task RunCodeAsync_GlobalsOfNode_AreAbsent()
    {
        var result = await _pool.RunCodeAsync(
            "return { names: ['process','require','module','Buffer','fetch','queueMicrotask','globalThis.global','XMLHttpRequest','WebSocket'].filter(n => typeof globalThis[n] !== 'undefined') };",
            Task(MakeItems("{}")));

        Assert.Empty(result.Items[0].Json["names"].AsArray());
    }

    [Fact]
    public async Task RunCodeAsync_PrototypePollution_DoesNotLeakIntoTheNextTask()
    {
        await _pool.RunCodeAsync("Object.prototype.polluted = 'yes'; Array.prototype.sum = () => 999; return [];", Task(MakeItems("{}")));

        var next = await _pool.RunCodeAsync("return { p: ({}).polluted ?? 'clean', s: [1, 2].sum() };", Task(MakeItems("{}")));

        Assert.Equal("clean", next.Items[0].Json["p"].AsString());
        Assert.Equal(3, next.Items[0].Json["s"].AsNumber());
    }

    [Fact]
    public async Task RunCodeAsync_AllowListedModuleThatEscapes_IsStillStoppedByThePermissionModel()
    {
        // Even an administrator-allowed fs/child_process cannot write files or start processes.
        await using var pool = Pool(o => o.AllowedModules = ["fs", "child_process"]);
        var target = Path.Combine(Path.GetTempPath(), "tessera-escape-" + Guid.NewGuid().ToString("N"));

        var write = await pool.RunCodeAsync($"require('fs').writeFileSync({System.Text.Json.JsonSerializer.Serialize(target)}, 'x'); return [];", Task(MakeItems("{}")));
        var spawn = await pool.RunCodeAsync("require('child_process').execSync('id'); return [];", Task(MakeItems("{}")));
        var read = await pool.RunCodeAsync("return { s: require('fs').readFileSync('/etc/hostname', 'utf8') };", Task(MakeItems("{}")));

        Assert.Contains("Access to this API has been restricted", write.Error?.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.NotNull(spawn.Error);
        Assert.NotNull(read.Error);
    }

    [Fact]
    public async Task RunCodeAsync_ModuleNotAllowListed_FailsNamingTheSetting()
    {
        await using var pool = Pool(o => o.AllowedModules = ["crypto"]);

        var allowed = await pool.RunCodeAsync("return { h: require('crypto').createHash('sha256').update('a').digest('hex').length };", Task(MakeItems("{}")));
        var denied = await pool.RunCodeAsync("return require('fs');", Task(MakeItems("{}")));

        Assert.Equal(64, allowed.Items[0].Json["h"].AsNumber());
        Assert.Contains(JavaScriptRunnerOptions.AllowModulesVariable, denied.Error?.Message, StringComparison.Ordinal);
    }
}
