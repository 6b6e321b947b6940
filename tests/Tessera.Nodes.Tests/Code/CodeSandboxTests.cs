using Tessera.Engine.JavaScript;
using Tessera.Nodes.Code;

namespace Tessera.Nodes.Tests.Code;

public sealed class CodeSandboxTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData(" , ", true)]
    [InlineData("lodash", false)]
    [InlineData("lodash,axios", false)]
    public void IsClosedFor_ModuleAllowList_ClosedOnlyWhenEmpty(string? allowModules, bool closed)
    {
        Assert.Equal(closed, CodeSandbox.IsClosedFor(allowModules));
    }

    [Fact]
    public void Description_SideEffectFree_FollowsTheSandbox()
    {
        var expected = CodeSandbox.IsClosedFor(Environment.GetEnvironmentVariable(JavaScriptRunnerOptions.AllowModulesVariable));

        Assert.Equal(expected, new CodeNode(() => throw new InvalidOperationException()).Description.SideEffectFree);
    }
}
