namespace Tessera.Engine.Tests.Expressions;

public sealed class CoreLanguageTests
{
    private const string Item = """{"a":{"b":5},"name":"Ada","n":"42","items":[{"x":1},{"x":2},{"x":3}],"nil":null,"flag":false,"tags":["b","a","c"]}""";

    [Theory]
    // Literals
    [InlineData("42", "42")]
    [InlineData("0x1F", "31")]
    [InlineData("1e3", "1000")]
    [InlineData("1_000", "1000")]
    [InlineData(".5", "0.5")]
    [InlineData("'it\\'s'", "\"it's\"")]
    [InlineData("\"\\u0041\\x42\\n\"", "\"AB\\n\"")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("undefined", "undefined")]
    [InlineData("[1, , 3]", "[1,null,3]")]
    [InlineData("`a${1 + 1}b${'c'}`", "\"a2bc\"")]
    [InlineData("`nested ${`inner ${$json.name}`}`", "\"nested inner Ada\"")]
    // Arithmetic and coercion
    [InlineData("1 + '2'", "\"12\"")]
    [InlineData("'3' * '4'", "12")]
    [InlineData("'10' - 1", "9")]
    [InlineData("true + 1", "2")]
    [InlineData("null + 1", "1")]
    [InlineData("undefined + 1", "null")]
    [InlineData("[1,2] + ''", "\"1,2\"")]
    [InlineData("({}) + ''", "\"[object Object]\"")]
    [InlineData("7 % 3", "1")]
    [InlineData("-7 % 3", "-1")]
    [InlineData("2 ** 10", "1024")]
    [InlineData("2 ** 3 ** 2", "512")]
    [InlineData("1 / 0", "null")]
    [InlineData("0.1 + 0.2", "0.30000000000000004")]
    [InlineData("5 & 3 | 8 ^ 1", "9")]
    [InlineData("-1 >>> 28", "15")]
    [InlineData("1 << 31", "-2147483648")]
    [InlineData("~5", "-6")]
    [InlineData("+'  12  '", "12")]
    [InlineData("-'abc'", "null")]
    // Comparison and equality
    [InlineData("'b' > 'a'", "true")]
    [InlineData("'10' < '9'", "true")]
    [InlineData("'10' < 9", "false")]
    [InlineData("null == undefined", "true")]
    [InlineData("null === undefined", "false")]
    [InlineData("'1' == 1", "true")]
    [InlineData("0 == ''", "true")]
    [InlineData("0 == null", "false")]
    [InlineData("NaN == NaN", "false")]
    [InlineData("[1] == 1", "true")]
    [InlineData("null >= 0", "true")]
    [InlineData("undefined >= 0", "false")]
    [InlineData("$json.a === $json.a", "true")]
    [InlineData("({}) === ({})", "false")]
    // Logical, nullish, ternary
    [InlineData("0 || 'x'", "\"x\"")]
    [InlineData("0 ?? 'x'", "0")]
    [InlineData("$json.nil ?? 'd'", "\"d\"")]
    [InlineData("'' && 'x'", "\"\"")]
    [InlineData("1 && 2", "2")]
    [InlineData("!$json.flag", "true")]
    [InlineData("!!'0'", "true")]
    [InlineData("$json.a.b > 3 ? 'big' : 'small'", "\"big\"")]
    [InlineData("false ? 1 : null ? 2 : 3", "3")]
    // typeof, in, instanceof, void, delete, comma
    [InlineData("typeof $json.a", "\"object\"")]
    [InlineData("typeof notDefinedAnywhere", "\"undefined\"")]
    [InlineData("typeof (x => x)", "\"function\"")]
    [InlineData("typeof null", "\"object\"")]
    [InlineData("'b' in $json.a", "true")]
    [InlineData("0 in [5]", "true")]
    [InlineData("[] instanceof Array", "true")]
    [InlineData("({}) instanceof Array", "false")]
    [InlineData("new Date(0) instanceof Date", "true")]
    [InlineData("void 0", "undefined")]
    [InlineData("(1, 2, 3)", "3")]
    // Member access and optional chaining
    [InlineData("$json['a']['b']", "5")]
    [InlineData("$json.items[1].x", "2")]
    [InlineData("$json.items.length", "3")]
    [InlineData("$json.name[0]", "\"A\"")]
    [InlineData("$json.name.length", "3")]
    [InlineData("$json.nope?.deeper.deepest", "undefined")]
    [InlineData("$json.nope?.[0]", "undefined")]
    [InlineData("$json.nope?.()", "undefined")]
    [InlineData("$json.a?.b", "5")]
    [InlineData("($json.nope?.x)?.y ?? 'fallback'", "\"fallback\"")]
    [InlineData("$json.items?.map(i => i.x).length", "3")]
    [InlineData("$json.name.nope?.toUpperCase()", "undefined")]
    // Objects and arrays
    [InlineData("({ a: 1, 'b c': 2, [`k${1}`]: 3 })", "{\"a\":1,\"b c\":2,\"k1\":3}")]
    [InlineData("(() => { const x = 1; return { x } })()", "{\"x\":1}")]
    [InlineData("({ ...$json.a, c: 1 })", "{\"b\":5,\"c\":1}")]
    [InlineData("[...$json.tags, 'd']", "[\"b\",\"a\",\"c\",\"d\"]")]
    [InlineData("[...'hé']", "[\"h\",\"é\"]")]
    [InlineData("Math.max(...[1, 5, 3])", "5")]
    [InlineData("({ 1: 'a', 2: 'b' })[1]", "\"a\"")]
    // Arrow functions
    [InlineData("(x => x * 2)(21)", "42")]
    [InlineData("((a, b = 10) => a + b)(1)", "11")]
    [InlineData("((...rest) => rest.length)(1, 2, 3)", "3")]
    [InlineData("(({ a, b: { c } }) => a + c)({ a: 1, b: { c: 2 } })", "3")]
    [InlineData("(([x, , z]) => x + z)([1, 2, 3])", "4")]
    [InlineData("Object.entries({ a: 1, b: 2 }).map(([k, v]) => k + v).join()", "\"a1,b2\"")]
    [InlineData("(() => { let s = 0; for (let i = 0; i < 5; i++) { if (i === 2) continue; s += i; } return s; })()", "8")]
    [InlineData("(() => { let s = ''; for (const c of 'abc') s = c + s; return s })()", "\"cba\"")]
    [InlineData("(() => { const r = []; for (const k in { a: 1, b: 2 }) r.push(k); return r })()", "[\"a\",\"b\"]")]
    [InlineData("(() => { let i = 0; while (true) { if (++i > 3) break; } return i })()", "4")]
    [InlineData("(() => { let i = 0; do { i++ } while (i < 5); return i })()", "5")]
    [InlineData("(() => { if ($json.a.b > 1) { return 'yes' } else { return 'no' } })()", "\"yes\"")]
    [InlineData("(() => { var x = 1; x += 2; x *= 3; x -= 1; x **= 2; return x })()", "64")]
    [InlineData("(() => { const o = {}; o.a ??= 1; o.a ??= 2; o.b ||= 3; o.b &&= 4; return o })()", "{\"a\":1,\"b\":4}")]
    [InlineData("(() => { try { throw new Error('boom') } catch (e) { return e.message } })()", "\"boom\"")]
    [InlineData("(() => { try { null.x } catch { return 'caught' } })()", "\"caught\"")]
    [InlineData("(() => { const fact = n => n <= 1 ? 1 : n * fact(n - 1); return fact(10) })()", "3628800")]
    [InlineData("(() => { let a = 1; const f = () => a++; f(); f(); return a })()", "3")]
    [InlineData("(() => {\n const a = 1\n const b = 2\n return a + b\n})()", "3")]
    [InlineData("[1,2,3].map((x, i, arr) => x + i + arr.length)", "[4,6,8]")]
    [InlineData("((x) => { x.added = true; return x })({}).added", "true")]
    [InlineData("(() => { fieldName = 'id'; return ({ id: 7 })[fieldName] })()", "7")]
    [InlineData("[3, 1, 2].sort((a, b) => { if (a < b) return -1; if (a > b) return 1; return 0 })", "[1,2,3]")]
    public void Evaluate_Construct_MatchesJavaScript(string expression, string expected)
    {
        var host = ExpressionTestHost.WithItem(Item);
        Assert.Equal(expected, host.Json(expression));
    }

    [Fact]
    public void Evaluate_AssignmentToJson_IsVisibleToLaterExpressions()
    {
        var host = ExpressionTestHost.WithItem(Item);
        host.Json("$json.tags.sort()");
        Assert.Equal("[\"a\",\"b\",\"c\"]", host.Json("$json.tags"));
        Assert.Equal("[\"a\",\"b\",\"c\"]", host.Inputs[0].Json["tags"].ToString());
    }

    [Fact]
    public void Evaluate_ComparatorThrows_YieldsUndefined()
    {
        var host = ExpressionTestHost.WithItem(Item);
        Assert.Equal("undefined", host.Json("[2, 1].sort((a, b) => { throw new Error('x') })"));
    }

    [Fact]
    public void Evaluate_ImplicitGlobal_DoesNotLeakIntoNextEvaluation()
    {
        var host = ExpressionTestHost.WithItem(Item);
        host.Json("(() => { leaked = 1 })()");
        Assert.Equal("undefined", host.Json("leaked"));
    }

    [Fact]
    public void Evaluate_NegativeZero_SurvivesInsideExpression()
    {
        var host = ExpressionTestHost.WithItem("{}");
        Assert.Equal("true", host.Json("Object.is(-0 * 1, -0)"));
        Assert.Equal("\"0\"", host.Json("String(-0)"));
    }
}
