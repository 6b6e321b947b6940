using Tessera.Engine.Data;
using Tessera.Engine.Expressions;

namespace Tessera.Engine.Tests.Expressions;

public sealed class TemplateTests
{
    private static ExpressionTestHost Host() => ExpressionTestHost.WithItem("""{"name":"Ada","age":36,"zero":0,"no":false,"nil":null,"empty":"","arr":["a","b"],"obj":{"k":1}}""");

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("=Hello {{ $json.name }}, you are {{ $json.age }}", "Hello Ada, you are 36")]
    [InlineData("={{ $json.nil }}|{{ $json.missing }}|{{ 0/0 }}|{{ $json.empty }}|", "||||")]
    [InlineData("={{ $json.zero }}|{{ $json.no }}", "0|false")]
    [InlineData("=obj: {{ $json.obj }} arr: {{ $json.arr }}", "obj: [object Object] arr: a,b")]
    [InlineData("=a {{ 1 + 1 }}", "a 2")]
    [InlineData("={{ '}}' }}", "}}")]
    [InlineData("={{ \"a\\}}b\" }}", "a}}b")]
    [InlineData("=x {{ $json.name }} \\{{ not }}", "x Ada \\{{ not }}")]
    [InlineData("=unclosed {{ $json.name", "unclosed Ada")]
    [InlineData("=a {{ $json.age }} b {{ $json.name", "a 36 b Ada")]
    [InlineData("={{ `t${ {a:1}.a }` }} end", "t1 end")]
    [InlineData("=", "")]
    public void Evaluate_Template_JoinsSegmentsAsN8n(string template, string expected)
    {
        Assert.Equal(expected, Host().Eval(template).AsString());
    }

    // n8n's splitter treats an unclosed {{ as code running to the end of the template (tournament's ExpressionSplitter
    // tests, "Unclosed expression"), so a stray opener is a syntax error rather than literal text.
    [Theory]
    [InlineData("={{ {{ }}")]
    [InlineData("=text {{ 1 +")]
    public void Evaluate_UnclosedOpenerWithBadCode_IsSyntaxError(string template)
    {
        Assert.Throws<ExpressionException>(() => Host().Eval(template));
    }

    [Fact]
    public void Evaluate_SingleExpression_KeepsValueType()
    {
        var host = Host();
        Assert.Equal(36, host.Eval("={{ $json.age }}").AsNumber());
        Assert.True(host.Eval("={{ $json.obj }}").IsObject);
        Assert.True(host.Eval("={{ $json.arr }}").IsArray);
        Assert.True(host.Eval("={{ {a: {b: 1}} }}")["a"]["b"].IsNumber);
        Assert.True(host.Eval("={{$json.missing}}").IsUndefined);
    }

    [Fact]
    public void Evaluate_SameTemplateManyItems_CompilesOnceAndTracksItem()
    {
        var host = new ExpressionTestHost();
        for (var i = 0; i < 5; i++)
        {
            host.Inputs.Add(new Items.Item(new JsObject { ["v"] = i }));
        }

        var results = Enumerable.Range(0, 5).Select(i => host.Eval("={{ $json.v * 10 }}", i).AsNumber()).ToArray();
        Assert.Equal([0, 10, 20, 30, 40], results);
    }
}

public sealed class ErrorSemanticsTests
{
    private static ExpressionTestHost Host() => ExpressionTestHost.WithItem("""{"a":null,"list":[]}""");

    [Theory]
    [InlineData("$json.missing.child")]
    [InlineData("$json.a.b")]
    [InlineData("$json.list.reduce((a, b) => a + b)")]
    [InlineData("JSON.parse('{bad')")]
    [InlineData("(() => { throw new Error('x') })()")]
    [InlineData("notDefined + 1")]
    [InlineData("$json.list.nope()")]
    [InlineData("decodeURIComponent('%')")]
    [InlineData("'a'.repeat(-1)")]
    [InlineData("(() => { const f = () => f(); return f() })()")]
    public void Evaluate_JavaScriptRuntimeError_YieldsUndefined(string expression)
    {
        Assert.True(Host().Eval("={{ " + expression + " }}").IsUndefined);
    }

    [Fact]
    public void Evaluate_RuntimeErrorInMultiSegmentTemplate_PrintsEmpty()
    {
        Assert.Equal("x--y", Host().Eval("=x-{{ $json.missing.child }}-y").AsString());
    }

    [Theory]
    [InlineData("1 +", 5)]
    [InlineData("(1, 2", 7)]
    [InlineData("$json.a..b", 9)]
    [InlineData("'unterminated", 1)]
    [InlineData("a b", 3)]
    public void Evaluate_SyntaxError_ThrowsWithPosition(string expression, int position)
    {
        var e = Assert.Throws<ExpressionException>(() => Host().Eval("={{ " + expression + " }}"));
        Assert.StartsWith("Invalid syntax", e.Message, StringComparison.Ordinal);
        Assert.Equal(position, e.Position);
        Assert.Equal(" " + expression + " ", e.Expression);
    }

    [Fact]
    public void Evaluate_SyntaxErrorTwice_ThrowsFreshExceptionEachTime()
    {
        var host = Host();
        var first = Assert.Throws<ExpressionException>(() => host.Eval("={{ 1 + }}"));
        first.NodeName = "Set";
        var second = Assert.Throws<ExpressionException>(() => host.Eval("={{ 1 + }}"));
        Assert.NotSame(first, second);
        Assert.Null(second.NodeName);
    }

    [Theory]
    [InlineData("(function () { return 1 })()")]
    [InlineData("class A {}")]
    [InlineData("(async () => 1)()")]
    public void Evaluate_UnsupportedSyntaxWithoutFallback_ThrowsNeedsRunner(string expression)
    {
        var e = Assert.Throws<ExpressionException>(() => Host().Eval("={{ " + expression + " }}"));
        Assert.Contains("JavaScript runner (Node.js)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnsupportedSyntaxWithFallback_CallsFallbackWithExpressionAndItem()
    {
        var fallback = new RecordingFallback();
        var host = new ExpressionTestHost(new ExpressionEvaluatorOptions { Fallback = fallback });
        host.Inputs.Add(new Items.Item(new JsObject { ["v"] = 1 }));
        host.Inputs.Add(new Items.Item(new JsObject { ["v"] = 2 }));
        var result = host.Eval("=n={{ (function () { return $json.v })() }}", 1);
        Assert.Equal("n=from runner", result.AsString());
        Assert.Equal(" (function () { return $json.v })() ", fallback.Expression);
        Assert.Equal(1, fallback.ItemIndex);
    }

    private sealed class RecordingFallback : IExpressionFallback
    {
        public string? Expression { get; private set; }

        public int ItemIndex { get; private set; }

        public JsValue Evaluate(string expression, ExpressionContext context)
        {
            Expression = expression;
            ItemIndex = context.ItemIndex;
            return "from runner";
        }
    }
}

public sealed class SecurityTests
{
    [Theory]
    [InlineData("this.constructor.constructor('return process')()", "constructor")]
    [InlineData("$json.constructor", "constructor")]
    [InlineData("$json['constr' + 'uctor']", "constructor")]
    [InlineData("''.constructor.constructor('return this')()", "constructor")]
    [InlineData("(x => x).constructor('return process')()", "constructor")]
    [InlineData("Object.prototype.hasOwnProperty.call($json, 'a')", "prototype")]
    [InlineData("$json.__proto__", "__proto__")]
    [InlineData("({}).__proto__.polluted = 1", "__proto__")]
    [InlineData("[]['const' + 'ructor']", "constructor")]
    [InlineData("Object.fromEntries([['__proto__', 1]])", "__proto__")]
    [InlineData("(() => { const k = 'prototype'; return Object[k] })()", "prototype")]
    public void Evaluate_BlockedMember_FailsWithSecurityMessage(string expression, string member)
    {
        var host = ExpressionTestHost.WithItem("""{"a":1}""");
        var e = Assert.Throws<ExpressionException>(() => host.Eval("={{ " + expression + " }}"));
        Assert.Equal($"Cannot access \"{member}\" due to security concerns", e.Message);
    }

    [Theory]
    [InlineData("typeof process")]
    [InlineData("typeof require")]
    [InlineData("typeof globalThis")]
    [InlineData("typeof Function")]
    [InlineData("typeof eval")]
    [InlineData("typeof System")]
    public void Evaluate_HostGlobals_AreNotReachable(string expression)
    {
        var host = ExpressionTestHost.WithItem("{}");
        Assert.Equal("\"undefined\"", host.Json(expression));
    }

    [Fact]
    public void Evaluate_ObjectHasOwn_IsAllowed()
    {
        Assert.Equal("true", ExpressionTestHost.WithItem("""{"a":1}""").Json("Object.hasOwn($json, 'a')"));
    }

    [Fact]
    public void Evaluate_HostObjectToStringAndGetType_DoNotExposeClrTypes()
    {
        var host = ExpressionTestHost.WithItem("{}");
        Assert.Equal("undefined", host.Json("$input.GetType"));
        Assert.Equal("undefined", host.Json("Math.GetType()"));
        Assert.DoesNotContain("Tessera", host.Eval("={{ $input }} {{ Math }} {{ x => 1 }}").AsString(), StringComparison.Ordinal);
    }
}

public sealed class LimitTests
{
    [Theory]
    [InlineData("(() => { while (true) {} })()")]
    [InlineData("(() => { for (;;) { } })()")]
    public void Evaluate_EndlessLoop_StopsWithStepLimit(string expression)
    {
        var host = new ExpressionTestHost(new ExpressionEvaluatorOptions { MaxSteps = 10_000 });
        var e = Assert.Throws<ExpressionException>(() => host.Eval("={{ " + expression + " }}"));
        Assert.Contains("ran too long", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Array(1e9).fill(0)", "array")]
    [InlineData("'x'.repeat(2e7)", "string")]
    [InlineData("(() => { let s = 'ab'; for (let i = 0; i < 40; i++) s = s + s; return s.length })()", "string")]
    [InlineData("(() => { const a = []; a[5e6] = 1; return a })()", "array")]
    [InlineData("'x'.padStart(2e7)", "string")]
    public void Evaluate_HugeValue_FailsWithLimit(string expression, string what)
    {
        var host = new ExpressionTestHost();
        var e = Assert.Throws<ExpressionException>(() => host.Eval("={{ " + expression + " }}"));
        Assert.Contains("tried to create " + (what == "array" ? "an array" : "a string"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CancelledToken_StopsLoop()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var host = new ExpressionTestHost { CancellationToken = cts.Token };
        Assert.ThrowsAny<OperationCanceledException>(() => host.Eval("={{ (() => { while (true) {} })() }}"));
    }

    [Fact]
    public void Evaluate_DeeplyNestedExpression_FailsCleanly()
    {
        var host = new ExpressionTestHost();
        var expression = new string('(', 5000) + "1" + new string(')', 5000);
        var e = Assert.Throws<ExpressionException>(() => host.Eval("={{ " + expression + " }}"));
        Assert.Contains("nested too deeply", e.Message, StringComparison.Ordinal);
    }
}
