using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Expressions.JmesPath;

namespace Tessera.Engine.Tests.Expressions.JmesPath;

/// <summary>Each JMESPath construct (jmespath.org/specification) over a small document, and the syntax errors.</summary>
public sealed class JmesPathSyntaxTests
{
    internal const string Document = """
        {
          "a": {"b": {"c": 1}, "list": [0, 1, 2, 3, 4, 5]},
          "foo bar": 7,
          "people": [
            {"name": "Ada", "age": 36, "tags": ["math", "poetry"], "city": {"name": "London"}},
            {"name": "Bob", "age": 17, "tags": [], "city": null},
            {"name": "Cy", "age": 52, "tags": ["navy"], "city": {"name": "Paris"}}
          ],
          "nested": [[1, 2], [3, [4, 5]], 6],
          "ops": {"x": {"v": 1}, "y": {"v": 2}, "z": {"w": 3}},
          "flags": {"t": true, "f": false, "n": null, "e": "", "el": [], "eo": {}, "zero": 0}
        }
        """;

    internal static string Search(string expression, string json = Document) =>
        JsonCodec.Serialize(JmesPathSearch.Instance.Search(JsonCodec.Parse(json), expression));

    [Theory]
    [InlineData("a.b.c", "1")]
    [InlineData("a.b", """{"c":1}""")]
    [InlineData("missing", "null")]
    [InlineData("a.missing.deeper", "null")]
    [InlineData("a.list.b", "null")]
    [InlineData("\"foo bar\"", "7")]
    [InlineData("a.\"b\".c", "1")]
    [InlineData("\"a\"", """{"b":{"c":1},"list":[0,1,2,3,4,5]}""")]
    public void Search_IdentifiersAndSubExpressions_SelectFields(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Theory]
    [InlineData("a.list[0]", "0")]
    [InlineData("a.list[-1]", "5")]
    [InlineData("a.list[-6]", "0")]
    [InlineData("a.list[6]", "null")]
    [InlineData("a.list[-7]", "null")]
    [InlineData("a[0]", "null")]
    [InlineData("people[1].name", "\"Bob\"")]
    [InlineData("nested[1][1][0]", "4")]
    public void Search_Index_SelectsElementsFromEitherEnd(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Theory]
    [InlineData("a.list[1:3]", "[1,2]")]
    [InlineData("a.list[:2]", "[0,1]")]
    [InlineData("a.list[4:]", "[4,5]")]
    [InlineData("a.list[::2]", "[0,2,4]")]
    [InlineData("a.list[::-1]", "[5,4,3,2,1,0]")]
    [InlineData("a.list[-2:]", "[4,5]")]
    [InlineData("a.list[5:1:-2]", "[5,3]")]
    [InlineData("a.list[10:20]", "[]")]
    [InlineData("a.list[-100:2]", "[0,1]")]
    [InlineData("a.list[100:-100:-3]", "[5,2]")]
    [InlineData("a.list[:]", "[0,1,2,3,4,5]")]
    [InlineData("people[:2].name", """["Ada","Bob"]""")]
    [InlineData("a.b[0:1]", "null")]
    public void Search_Slice_FollowsPythonSliceRules(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Fact]
    public void Search_SliceWithZeroStep_FailsNamingThePosition()
    {
        var e = Assert.Throws<ExpressionException>(() => Search("a.list[::0]"));
        Assert.Contains("step cannot be 0", e.Message, StringComparison.Ordinal);
        Assert.Equal(6, e.Position);
    }

    [Theory]
    [InlineData("people[*].name", """["Ada","Bob","Cy"]""")]
    [InlineData("people[*].city.name", """["London","Paris"]""")]
    [InlineData("people[*].tags[0]", """["math","navy"]""")]
    [InlineData("people[*]", null)]
    [InlineData("a.b[*]", "null")]
    [InlineData("[*]", "null")]
    [InlineData("ops.*.v", "[1,2]")]
    [InlineData("ops.*", """[{"v":1},{"v":2},{"w":3}]""")]
    [InlineData("*.c", "[]")]
    [InlineData("a.list.*", "null")]
    [InlineData("people[*].tags[]", """["math","poetry","navy"]""")]
    [InlineData("nested[]", "[1,2,3,[4,5],6]")]
    [InlineData("nested[][]", "[1,2,3,4,5,6]")]
    [InlineData("nested[*][0]", "[1,3]")]
    [InlineData("a.b[]", "null")]
    public void Search_Projections_MapAndDropNulls(string expression, string? expected) =>
        Assert.Equal(expected ?? Search("people"), Search(expression));

    [Theory]
    [InlineData("people[?age > `20`].name", """["Ada","Cy"]""")]
    [InlineData("people[?age >= `36`].name", """["Ada","Cy"]""")]
    [InlineData("people[?age < `36`].name", """["Bob"]""")]
    [InlineData("people[?age <= `17`].name", """["Bob"]""")]
    [InlineData("people[?name == 'Bob'].age", "[17]")]
    [InlineData("people[?name != 'Bob'].age", "[36,52]")]
    [InlineData("people[?city].name", """["Ada","Cy"]""")]
    [InlineData("people[?tags].name", """["Ada","Cy"]""")]
    [InlineData("people[?!tags].name", """["Bob"]""")]
    [InlineData("people[?age > `20` && city.name == 'Paris'].name", """["Cy"]""")]
    [InlineData("people[?age < `20` || name == 'Cy'].name", """["Bob","Cy"]""")]
    [InlineData("people[?tags == `[]`].name", """["Bob"]""")]
    [InlineData("people[?city == `{\"name\": \"Paris\"}`].age", "[52]")]
    [InlineData("a.list[?@ > `3`]", "[4,5]")]
    [InlineData("a[?b]", "null")]
    public void Search_FilterProjections_KeepMatchingElements(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Theory]
    [InlineData("`\"a\"` < `\"b\"`", "true")]
    [InlineData("`\"10\"` < `\"9\"`", "true")]
    [InlineData("`1` < `\"2\"`", "true")]
    [InlineData("`null` < `1`", "true")]
    [InlineData("`1` == `1.0`", "true")]
    [InlineData("`{\"a\":1,\"b\":[2]}` == `{\"b\":[2],\"a\":1}`", "true")]
    [InlineData("`[1,2]` == `[2,1]`", "false")]
    [InlineData("`1` == `\"1\"`", "false")]
    [InlineData("missing == `null`", "true")]
    public void Search_Comparators_UseDeepEqualityAndJavaScriptOrdering(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Theory]
    [InlineData("people | [0].name", "\"Ada\"")]
    [InlineData("people[*].name | [1]", "\"Bob\"")]
    [InlineData("people[*].name[1]", "[]")]
    [InlineData("a | b | c", "1")]
    [InlineData("people[?age > `20`] | length(@)", "2")]
    public void Search_Pipe_StopsTheProjection(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Theory]
    [InlineData("[a.b.c, \"foo bar\"]", "[1,7]")]
    [InlineData("{c: a.b.c, n: people[0].name}", """{"c":1,"n":"Ada"}""")]
    [InlineData("{\"quoted key\": a.b.c}", """{"quoted key":1}""")]
    [InlineData("people[*].[name, age]", """[["Ada",36],["Bob",17],["Cy",52]]""")]
    [InlineData("people[*].{n: name, c: city.name}", """[{"n":"Ada","c":"London"},{"n":"Bob","c":null},{"n":"Cy","c":"Paris"}]""")]
    [InlineData("missing.[a, b]", "null")]
    [InlineData("missing.{a: a}", "null")]
    [InlineData("people[0].[name, missing]", """["Ada",null]""")]
    public void Search_MultiSelect_BuildsListsAndHashes(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Theory]
    [InlineData("`[1, {\"a\": true}]`", """[1,{"a":true}]""")]
    [InlineData("`\"text\"`", "\"text\"")]
    [InlineData("`bare words`", "\"bare words\"")]
    [InlineData("`1abc`", "\"1abc\"")]
    [InlineData("` -2.5e1`", "-25")]
    [InlineData("`a\\`b`", "\"a`b\"")]
    [InlineData("'raw string'", "\"raw string\"")]
    [InlineData("'it\\'s'", "\"it's\"")]
    [InlineData("'back\\\\slash'", "\"back\\\\\\\\slash\"")]
    [InlineData("@.a.b.c", "1")]
    [InlineData("a.b.c || 'x'", "1")]
    [InlineData("missing || flags.e || 'x'", "\"x\"")]
    [InlineData("flags.zero || 'x'", "0")]
    [InlineData("flags.el || flags.eo || flags.f || 'x'", "\"x\"")]
    [InlineData("flags.t && 'yes'", "\"yes\"")]
    [InlineData("flags.e && 'yes'", "\"\"")]
    [InlineData("!(flags.n)", "true")]
    [InlineData("!(flags.zero)", "false")]
    [InlineData("!flags.t", "null")] // '!' binds tighter than '.' in the npm package: (!flags).t
    [InlineData("!people[0]", "false")]
    [InlineData("!!people", "true")]
    [InlineData("(missing || a).b.c", "1")]
    [InlineData("!(flags.t && flags.f)", "true")]
    public void Search_LiteralsCurrentNodeAndLogic_FollowJmesPathTruthiness(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Fact]
    public void Search_LiteralResult_IsACopyTheCallerMayChange()
    {
        var first = JmesPathSearch.Instance.Search(JsValue.Null, "`[1, 2]`");
        first.AsArray().Add(3);

        Assert.Equal("[1,2]", Search("`[1, 2]`", "{}"));
    }

    [Theory]
    [InlineData("a.", 2, "expected an identifier")]
    [InlineData("a..b", 2, "expected an identifier")]
    [InlineData(".a", 0, "expected an expression")]
    [InlineData("a b", 2, "expected the end of the expression")]
    [InlineData("people[", 7, "expected '*'")]
    [InlineData("people[?age > `1`", 17, "']' to close the filter")]
    [InlineData("a[1:2:3:4]", 7, "in an index or slice")]
    [InlineData("a ^ b", 2, "unexpected character '^'")]
    [InlineData("a = b", 2, "'=' is not an operator")]
    [InlineData("\"abc", 0, "missing its closing '\"'")]
    [InlineData("`[1,", 0, "missing its closing '`'")]
    [InlineData("`[1,`", 0, "not valid JSON")]
    [InlineData("{}", 1, "a key name")]
    [InlineData("{a: b,}", 6, "a key name")]
    [InlineData("[a, b", 5, "',' or ']'")]
    [InlineData("people[*]*", 9, "the end of the projection")]
    [InlineData("a.&b", 2, "an identifier")]
    [InlineData("-1", 0, "expected an expression")]
    [InlineData("abs(,)", 4, "expected an expression but found ','")]
    [InlineData("(@ > `1`)", 3, "expected an expression but found '>'")]
    [InlineData("length(@.a)", 8, "expected an expression but found '.'")]
    [InlineData("()", 0, "empty parentheses")]
    [InlineData("\"abs\"(@)", 0, "function name cannot be quoted")]
    [InlineData("(a", 2, "expected an expression but found the end")]
    public void Search_SyntaxError_NamesPositionAndProblem(string expression, int position, string problem)
    {
        var e = Assert.Throws<ExpressionException>(() => Search(expression));

        Assert.Equal(position, e.Position);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Contains($"position {position} of '{expression}'", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Description);
    }

    [Theory]
    [InlineData("not_null(missing a.b.c)", "1")]
    [InlineData("not_null(missing, a.b.c,)", "1")]
    [InlineData("(a.b.c missing)", "1")]
    [InlineData("(@)", null)]
    [InlineData("a.b.c || nope(@)", "1")]
    [InlineData("'a\\\\'", "\"a\\\\\\\\\"")]
    [InlineData("`\\\\`", "\"\\\\\"")]
    public void Search_NpmPackageLeniency_IsMatched(string expression, string? expected) =>
        Assert.Equal(expected ?? JsonCodec.Serialize(JsonCodec.Parse(Document)), Search(expression));

    [Fact]
    public void Search_UnknownFunctionThatIsReached_Fails()
    {
        var e = Assert.Throws<ExpressionException>(() => Search("missing || nope(@)"));

        Assert.Contains("unknown function nope()", e.Message, StringComparison.Ordinal);
        Assert.Equal(11, e.Position);
    }

    [Fact]
    public void Search_DeeplyNestedExpression_FailsInsteadOfOverflowingTheStack()
    {
        var expression = new string('(', 300) + "a" + new string(')', 300);

        var e = Assert.Throws<ExpressionException>(() => Search(expression));

        Assert.Contains("nests more than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_VeryLongExpression_FailsInsteadOfNestingTooDeeply()
    {
        var expression = "a" + string.Concat(Enumerable.Repeat(".b", 3000));

        var e = Assert.Throws<ExpressionException>(() => Search(expression));

        Assert.Contains("tokens", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a", "null")]
    [InlineData("@", "undefined")]
    [InlineData("[a]", "[null]")]
    [InlineData("@ || 'x'", "undefined")]
    [InlineData("!@", "false")]
    [InlineData("@ == `null`", "false")]
    [InlineData("not_null(@, `1`)", "undefined")]
    [InlineData("type(@)", "undefined")]
    [InlineData("to_string(@)", "undefined")]
    public void Search_UndefinedData_BehavesAsInTheNpmPackage(string expression, string expected) =>
        Assert.Equal(expected, JsonCodec.Serialize(JmesPathSearch.Instance.Search(JsValue.Undefined, expression)));

    [Fact]
    public void Search_UndefinedInTypedArgument_FailsNamingUndefined()
    {
        var e = Assert.Throws<ExpressionException>(() => JmesPathSearch.Instance.Search(JsValue.Undefined, "length(@)"));

        Assert.Contains("but received undefined", e.Message, StringComparison.Ordinal);
    }
}
