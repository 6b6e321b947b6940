namespace Tessera.Engine.Tests.Expressions;

/// <summary>The evaluator recognises recently used template strings by reference; each must still give its own result.</summary>
public sealed class TemplateCacheTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(20)]
    public void Evaluate_TemplatesInTurn_EachGivesItsOwnResult(int templateCount)
    {
        var host = ExpressionTestHost.WithItem("""{"a":2}""");
        var templates = Enumerable.Range(0, templateCount).Select(i => "={{ $json.a * " + i + " }}").ToArray();

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < templates.Length; i++)
            {
                Assert.Equal(2.0 * i, host.Eval(templates[i]).AsNumber());
            }
        }

        // An equal string that is another object finds the same compiled template.
        Assert.Equal(2.0, host.Eval(new string("={{ $json.a * 1 }}".AsSpan())).AsNumber());
    }
}
