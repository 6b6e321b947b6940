using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Engine.Tests.Expressions.JmesPath;

/// <summary><c>$jmespath(data, query)</c> inside n8n expressions, through the expression evaluator.</summary>
public sealed class JmesPathExpressionTests
{
    private static ExpressionTestHost Host()
    {
        var host = new ExpressionTestHost();
        host.Inputs.Add(new Item(JsObject.Parse("""{"a":{"b":42},"people":[{"name":"Ada","age":36},{"name":"Bob","age":17}]}""")));
        host.Inputs.Add(new Item(JsObject.Parse("""{"a":{"b":7},"people":[]}""")));
        return host;
    }

    [Fact]
    public void Evaluate_JmesPathOnJson_ReturnsTheSelectedValue()
    {
        var value = Host().Eval("={{ $jmespath($json, 'a.b') }}");

        Assert.Equal(42, value.AsNumber());
    }

    [Fact]
    public void Evaluate_JmesPathPerItem_UsesThatItemsJson()
    {
        Assert.Equal("7", Host().Json("$jmespath($json, 'a.b')", itemIndex: 1));
    }

    [Fact]
    public void Evaluate_JmesPathResult_IsAnOrdinaryValueForFurtherJavaScript()
    {
        var host = Host();

        Assert.Equal("\"Ada\"", host.Json("$jmespath($json, 'people[?age > `18`].name').join(', ')"));
        Assert.Equal("2", host.Json("$jmespath($json, 'people').length"));
        Assert.Equal("Names: Ada, Bob", host.Eval("=Names: {{ $jmespath($json, 'people[*].name').join(', ') }}").AsString());
    }

    [Fact]
    public void Evaluate_JmesPathOverAllInputItems_SeesTheirJson()
    {
        Assert.Equal("[42,7]", Host().Json("$jmespath($input.all(), '[*].json.a.b')"));
    }

    [Fact]
    public void Evaluate_JmesPathOverAJavaScriptObjectLiteral_Works()
    {
        Assert.Equal("[1,2]", Host().Json("$jmespath({ list: [{ v: 1 }, { v: 2 }] }, 'list[*].v')"));
    }

    [Theory]
    [InlineData("$jmespath($json, 'people[')")]
    [InlineData("$jmespath($json, 'abs(a)')")]
    [InlineData("$jmespath($json, 'nope(@)')")]
    [InlineData("$jmespath($json, 1)")]
    [InlineData("$jmespath($json)")]
    public void Evaluate_FailingJmesPath_IsUndefinedLikeAJavaScriptErrorInN8n(string expression)
    {
        var value = Host().Eval("={{ " + expression + " }}");

        Assert.True(value.IsUndefined);
    }
}
