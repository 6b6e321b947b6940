using Tessera.Engine.Expressions;

namespace Tessera.Engine.Tests.Expressions;

public sealed class IteratorTests
{
    private static ExpressionTestHost Host() => ExpressionTestHost.WithItem("""{"list":[10,20,30]}""");

    [Theory]
    [InlineData("[1, 2, 3].entries().next().value", "[0,1]")]
    [InlineData("[1, 2, 3].keys().next()", "{\"value\":0,\"done\":false}")]
    [InlineData("(() => { const it = [7].values(); it.next(); return it.next(); })()", "{\"done\":true}")]
    [InlineData("(() => { const it = [7].values(); it.next(); return it.next().value === undefined; })()", "true")]
    [InlineData("[...[1, 2].keys()]", "[0,1]")]
    [InlineData("[...$json.list.values()]", "[10,20,30]")]
    [InlineData("Array.from([5, 6].entries())", "[[0,5],[1,6]]")]
    [InlineData("Array.from([5, 6].keys(), k => k * 10)", "[0,10]")]
    [InlineData("(() => { const it = $json.list.values(); it.next(); return [...it]; })()", "[20,30]")]
    [InlineData("(() => { const it = $json.list.values(); [...it]; return [...it]; })()", "[]")]
    [InlineData("(() => { let s = ''; for (const [i, v] of ['x', 'y'].entries()) s += i + v; return s; })()", "\"0x1y\"")]
    [InlineData("(() => { const a = [1]; const it = a.values(); a.push(2); return [...it]; })()", "[1,2]")]
    [InlineData("[1, 2].entries().toString()", "\"[object Array Iterator]\"")]
    [InlineData("typeof [].keys()", "\"object\"")]
    [InlineData("[1, 2].keys().length", "undefined")]
    [InlineData("JSON.stringify([1].keys())", "\"{}\"")]
    [InlineData("new Map(['a', 'b'].entries()).get(1)", "\"b\"")]
    [InlineData("[...new Set([3, 3, 4]).values()]", "[3,4]")]
    [InlineData("[...new Set([3]).entries()]", "[[3,3]]")]
    [InlineData("[...new Map([['k', 1], ['j', 2]]).keys()]", "[\"k\",\"j\"]")]
    [InlineData("new Map([['k', 1]]).values().next()", "{\"value\":1,\"done\":false}")]
    [InlineData("new Set([1]).keys().toString()", "\"[object Set Iterator]\"")]
    [InlineData("[4, 5][Symbol.iterator]().next().value", "4")]
    [InlineData("[...'h😀'[Symbol.iterator]()]", "[\"h\",\"😀\"]")]
    [InlineData("(() => { const it = [1, 2].values(); return it[Symbol.iterator]() === it; })()", "true")]
    [InlineData("typeof ({})[Symbol.iterator]", "\"undefined\"")]
    public void Evaluate_Iterator_MatchesJavaScript(string expression, string expected)
    {
        Assert.Equal(expected, Host().Json(expression));
    }
}

public sealed class SymbolTests
{
    private static ExpressionTestHost Host() => ExpressionTestHost.WithItem("{}");

    [Theory]
    [InlineData("typeof Symbol", "\"function\"")]
    [InlineData("typeof Symbol('x')", "\"symbol\"")]
    [InlineData("Symbol('x').toString()", "\"Symbol(x)\"")]
    [InlineData("Symbol().toString()", "\"Symbol()\"")]
    [InlineData("Symbol('x').description", "\"x\"")]
    [InlineData("Symbol().description", "undefined")]
    [InlineData("String(Symbol('s'))", "\"Symbol(s)\"")]
    [InlineData("Symbol('a') === Symbol('a')", "false")]
    [InlineData("(() => { const s = Symbol('a'); return s === s && s == s; })()", "true")]
    [InlineData("!!Symbol()", "true")]
    [InlineData("typeof Symbol.iterator", "\"symbol\"")]
    [InlineData("Symbol.iterator.toString()", "\"Symbol(Symbol.iterator)\"")]
    [InlineData("(() => { try { return `${Symbol('t')}`; } catch (e) { return e.name + ': ' + e.message; } })()", "\"TypeError: Cannot convert a Symbol value to a string\"")]
    [InlineData("(() => { try { return Symbol('t') + ''; } catch (e) { return e.name; } })()", "\"TypeError\"")]
    [InlineData("(() => { try { return Symbol('t') * 2; } catch (e) { return e.message; } })()", "\"Cannot convert a Symbol value to a number\"")]
    [InlineData("(() => { try { return new Symbol('t'); } catch (e) { return e.name; } })()", "\"TypeError\"")]
    public void Evaluate_Symbol_MatchesJavaScript(string expression, string expected)
    {
        Assert.Equal(expected, Host().Json(expression));
    }
}

public sealed class BigIntTests
{
    private static ExpressionTestHost Host() => ExpressionTestHost.WithItem("""{"big":9007199254740991,"text":"12345678901234567890"}""");

    [Theory]
    [InlineData("typeof BigInt(2)", "\"bigint\"")]
    [InlineData("typeof 2n", "\"bigint\"")]
    [InlineData("BigInt(1).toString()", "\"1\"")]
    [InlineData("(BigInt(2) * BigInt(3)).toString()", "\"6\"")]
    [InlineData("(2n ** 64n).toString()", "\"18446744073709551616\"")]
    [InlineData("String(BigInt($json.big) + 2n)", "\"9007199254740993\"")]
    [InlineData("String(BigInt($json.text) * 10n)", "\"123456789012345678900\"")]
    [InlineData("String(-7n / 2n) + ',' + String(-7n % 2n)", "\"-3,-1\"")]
    [InlineData("String(5n - 8n) + String(6n & 3n) + String(6n | 1n) + String(6n ^ 2n)", "\"-3274\"")]
    [InlineData("String(1n << 70n) + ',' + String(-9n >> 1n)", "\"1180591620717411303424,-5\"")]
    [InlineData("String(-(5n)) + ',' + String(~5n)", "\"-5,-6\"")]
    [InlineData("0x1fn + 0b11n + 0o7n + 1_000n + ''", "\"1041\"")]
    [InlineData("BigInt('0x1f') + BigInt(' 12 ') + BigInt(true) + BigInt('') + ''", "\"44\"")]
    [InlineData("(255n).toString(16) + (-255n).toString(2)", "\"ff-11111111\"")]
    [InlineData("1n == 1 && 1n == '1' && 1n !== 1 && 2n === 2n", "true")]
    [InlineData("2n > 1.5 && 1n < 2 && '3' > 2n && !(1n < NaN) && 5n >= 5", "true")]
    [InlineData("[3n, 1n, 2n].sort((a, b) => (a < b ? -1 : 1)).join()", "\"1,2,3\"")]
    [InlineData("0n ? 'truthy' : 'falsy'", "\"falsy\"")]
    [InlineData("1n && 'truthy'", "\"truthy\"")]
    [InlineData("Number(12n) + 1", "13")]
    [InlineData("'n=' + 12n", "\"n=12\"")]
    [InlineData("`${3n}`", "\"3\"")]
    [InlineData("String(BigInt.asUintN(8, 257n)) + String(BigInt.asIntN(8, 255n))", "\"1-1\"")]
    [InlineData("(() => { let x = 1n; x *= 3n; x += 1n; return String(x); })()", "\"4\"")]
    public void Evaluate_BigInt_MatchesJavaScript(string expression, string expected)
    {
        Assert.Equal(expected, Host().Json(expression));
    }

    [Theory]
    [InlineData("BigInt(1) + 1", "TypeError: Cannot mix BigInt and other types, use explicit conversions")]
    [InlineData("2n * 3", "TypeError: Cannot convert a BigInt value to a number")]
    [InlineData("+1n", "TypeError: Cannot convert a BigInt value to a number")]
    [InlineData("Math.max(1n)", "TypeError: Cannot convert a BigInt value to a number")]
    [InlineData("1n / 0n", "RangeError: Division by zero")]
    [InlineData("2n ** -1n", "RangeError: Exponent must be non-negative")]
    [InlineData("1n >>> 1n", "TypeError: BigInts have no unsigned right shift, use >> instead")]
    [InlineData("BigInt(1.5)", "RangeError: The number 1.5 cannot be converted to a BigInt because it is not an integer")]
    [InlineData("BigInt('1.5')", "SyntaxError: Cannot convert 1.5 to a BigInt")]
    [InlineData("BigInt(undefined)", "TypeError: Cannot convert undefined to a BigInt")]
    [InlineData("new BigInt(1)", "TypeError: BigInt is not a constructor")]
    [InlineData("JSON.stringify({ a: 1n })", "TypeError: Do not know how to serialize a BigInt")]
    public void Evaluate_BigIntMisuse_ThrowsJavaScriptError(string expression, string expected)
    {
        var result = Host().Json("(() => { try { " + expression + "; return 'no error'; } catch (e) { return e.name + ': ' + e.message; } })()");

        Assert.Equal("\"" + expected + "\"", result);
    }

    [Fact]
    public void Evaluate_BigIntMisuseOutsideTry_YieldsUndefinedAsOtherRuntimeErrors()
    {
        Assert.True(Host().Eval("={{ BigInt(1) + 1 }}").IsUndefined);
    }

    [Fact]
    public void Evaluate_BigIntLiteralWithFraction_IsSyntaxError()
    {
        Assert.Throws<ExpressionException>(() => Host().Eval("={{ 1.5n }}"));
    }
}
