using Tessera.Engine.JavaScript;
using Tessera.Nodes.Code;

namespace Tessera.Nodes.Tests.Code;

public sealed class CodeSandboxTests
{
    [Fact]
    public void IsClosed_FollowsTheModuleAllowList()
    {
        var allowed = JavaScriptRunnerOptions.ParseModules(Environment.GetEnvironmentVariable(JavaScriptRunnerOptions.AllowModulesVariable));

        Assert.Equal(allowed.Count == 0, CodeSandbox.IsClosed);
        Assert.Equal(CodeSandbox.IsClosed, new CodeNode(() => throw new InvalidOperationException()).Description.SideEffectFree);
    }
}
