using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Expressions.Compilation;

namespace Tessera.Engine.Tests.Expressions;

/// <summary>
/// Templates that are exactly <c>{{ $json.a.b }}</c> are read directly, without running compiled code; the result must
/// be what the general evaluation gives (<c>0 || X</c> always evaluates X the general way).
/// </summary>
public sealed class JsonPathFastPathTests
{
    private const string Item = """{"a":1,"b":{"c":null,"d":[1,2],"e b":"x","f":{"g":false}},"s":"str","n":null,"keys":5,"0":"zero","":"empty"}""";

    [Theory]
    [InlineData("$json.a")]
    [InlineData("$json.b")]
    [InlineData("$json.b.c")]
    [InlineData("$json.b.d")]
    [InlineData("$json.b.d.length")]
    [InlineData("$json.b.f.g")]
    [InlineData("$json.b[\"e b\"]")]
    [InlineData("$json['b']['e b']")]
    [InlineData("$json[\"0\"]")]
    [InlineData("$json[\"\"]")]
    [InlineData("$json.missing")]
    [InlineData("$json.missing.deeper")]
    [InlineData("$json.n")]
    [InlineData("$json.n.x")]
    [InlineData("$json.a.x")]
    [InlineData("$json.s.length")]
    [InlineData("$json.keys")]
    [InlineData("$json.hasOwnProperty")]
    [InlineData("$json.b.toString")]
    [InlineData("$json.b.d[0]")]
    public void Evaluate_PlainJsonRead_SameAsGeneralEvaluation(string expression)
    {
        var host = ExpressionTestHost.WithItem(Item);

        foreach (var itemIndex in new[] { 0, 1 }) // item 1 does not exist: $json is undefined
        {
            var direct = host.Eval("={{ " + expression + " }}", itemIndex);
            var general = host.Eval("={{ 0 || " + expression + " }}", itemIndex);

            Assert.Equal(Describe(general), Describe(direct));
        }
    }

    [Theory]
    [InlineData("={{ $json.a }}", "a")]
    [InlineData("={{$json.b.c}}", "b,c")]
    [InlineData("={{ $json[\"e b\"].x }}", "e b,x")]
    [InlineData("={{ $json.a.b.c.d }}", "a,b,c,d")]
    [InlineData("={{ $json }}", null)]
    [InlineData("={{ $json?.a }}", null)]
    [InlineData("={{ $json.a?.b }}", null)]
    [InlineData("={{ $json.constructor }}", null)]
    [InlineData("={{ $json[$json.k] }}", null)]
    [InlineData("={{ $json[0] }}", null)]
    [InlineData("={{ $json.a }} and text", null)]
    [InlineData("={{ $json.a }}{{ $json.b }}", null)]
    [InlineData("={{ $input.item.json.a }}", null)]
    [InlineData("={{ $json.a() }}", null)]
    public void Compile_Template_FindsPlainJsonReadsOnly(string template, string? path)
    {
        var compiled = CompiledTemplate.Compile(template, ExpressionEvaluatorOptions.Default);

        Assert.Equal(path, compiled.JsonPath is null ? null : string.Join(',', compiled.JsonPath));
    }

    [Fact]
    public void TryReadJsonPath_OwnProperties_ReadsWithoutEvaluating()
    {
        var host = ExpressionTestHost.WithItem(Item);
        var compiled = CompiledTemplate.Compile("={{ $json.b.f.g }}", ExpressionEvaluatorOptions.Default);

        Assert.True(compiled.TryReadJsonPath(host.Context(0), out var value));
        Assert.Equal(JsValue.False, value);
        Assert.False(compiled.TryReadJsonPath(host.Context(1), out _)); // no current item
        Assert.False(CompiledTemplate.Compile("={{ $json.s.length }}", ExpressionEvaluatorOptions.Default).TryReadJsonPath(host.Context(0), out _));
    }

    private static string Describe(JsValue value) => value.Kind switch
    {
        JsKind.Undefined => "undefined",
        JsKind.Host => "host " + JsConvert.TypeOf(value),
        _ => JsConvert.TypeOf(value) + " " + JsonCodec.Serialize(value),
    };
}
