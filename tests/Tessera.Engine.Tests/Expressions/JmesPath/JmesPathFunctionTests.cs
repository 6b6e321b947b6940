using Tessera.Engine.Expressions;
using Tessera.Engine.Expressions.JmesPath;
using static Tessera.Engine.Tests.Expressions.JmesPath.JmesPathSyntaxTests;

namespace Tessera.Engine.Tests.Expressions.JmesPath;

/// <summary>Every built-in function: results, the jmespath npm package's deviations from the specification, and type errors.</summary>
public sealed class JmesPathFunctionTests
{
    [Theory]
    [InlineData("abs(`-2.5`)", "2.5")]
    [InlineData("abs(`3`)", "3")]
    [InlineData("avg(a.list)", "2.5")]
    [InlineData("avg(`[]`)", null)]
    [InlineData("ceil(`1.2`)", "2")]
    [InlineData("ceil(`-1.2`)", "-1")]
    [InlineData("floor(`1.8`)", "1")]
    [InlineData("floor(`-1.2`)", "-2")]
    [InlineData("sum(a.list)", "15")]
    [InlineData("sum(`[]`)", "0")]
    [InlineData("sum(`[0.1, 0.2]`)", "0.30000000000000004")]
    public void Search_NumberFunctions_Compute(string expression, string? expected) =>
        Assert.Equal(expected ?? "null", Search(expression));

    [Theory]
    [InlineData("contains(`[1, 2, 3]`, `2`)", "true")]
    [InlineData("contains(`[1, 2, 3]`, `\"2\"`)", "false")]
    [InlineData("contains('foobar', 'oba')", "true")]
    [InlineData("contains('a1', `1`)", "true")]
    [InlineData("contains(people, people[0])", "true")]
    [InlineData("contains(people, `{\"name\": \"Ada\"}`)", "false")]
    [InlineData("starts_with('foobar', 'foo')", "true")]
    [InlineData("starts_with('foobar', 'bar')", "false")]
    [InlineData("ends_with('foobar', 'bar')", "true")]
    [InlineData("ends_with('foobar', 'foo')", "false")]
    [InlineData("join(', ', people[*].name)", "\"Ada, Bob, Cy\"")]
    [InlineData("join('', `[]`)", "\"\"")]
    public void Search_StringAndMembershipFunctions_Compute(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Theory]
    [InlineData("keys(a.b)", """["c"]""")]
    [InlineData("keys(`{\"b\": 1, \"2\": 2, \"1\": 3}`)", """["1","2","b"]""")]
    [InlineData("values(ops.x)", "[1]")]
    [InlineData("values(`{\"b\": 1, \"a\": 2}`)", "[1,2]")]
    [InlineData("length('héllo')", "5")]
    [InlineData("length('😀')", "2")]
    [InlineData("length(people)", "3")]
    [InlineData("length(ops)", "3")]
    [InlineData("map(&name, people)", """["Ada","Bob","Cy"]""")]
    [InlineData("map(&city.name, people)", """["London",null,"Paris"]""")]
    [InlineData("map(&[0], nested)", "[1,3,null]")]
    [InlineData("merge(`{\"a\": 1, \"b\": 2}`, `{\"b\": 3}`)", """{"a":1,"b":3}""")]
    [InlineData("merge(`{\"a\": 1}`)", """{"a":1}""")]
    [InlineData("merge(`{\"a\": 1}`, `[\"x\"]`, 'yz', `5`, `null`)", """{"0":"y","1":"z","a":1}""")]
    [InlineData("not_null(missing, flags.n, `0`, 'x')", "0")]
    [InlineData("not_null(missing, flags.n)", "null")]
    [InlineData("reverse('abc')", "\"cba\"")]
    [InlineData("reverse(a.list)", "[5,4,3,2,1,0]")]
    [InlineData("reverse(`[]`)", "[]")]
    [InlineData("to_array(`1`)", "[1]")]
    [InlineData("to_array(a.list)", "[0,1,2,3,4,5]")]
    [InlineData("to_array(flags.n)", "[null]")]
    public void Search_CollectionFunctions_Compute(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Theory]
    [InlineData("to_number('42')", "42")]
    [InlineData("to_number(' 3.5 ')", "3.5")]
    [InlineData("to_number('0x10')", "16")]
    [InlineData("to_number('')", "0")]
    [InlineData("to_number('abc')", "null")]
    [InlineData("to_number(`7`)", "7")]
    [InlineData("to_number(`true`)", "null")]
    [InlineData("to_number(a.list)", "null")]
    [InlineData("to_string('x')", "\"x\"")]
    [InlineData("to_string(`1e21`)", "\"1e+21\"")]
    [InlineData("to_string(`[1, \"a\", {\"b\": null}]`)", "\"[1,\\\"a\\\",{\\\"b\\\":null}]\"")]
    [InlineData("to_string(flags.n)", "\"null\"")]
    [InlineData("type(`1`)", "\"number\"")]
    [InlineData("type('a')", "\"string\"")]
    [InlineData("type(`true`)", "\"boolean\"")]
    [InlineData("type(`[]`)", "\"array\"")]
    [InlineData("type(`{}`)", "\"object\"")]
    [InlineData("type(`null`)", "\"null\"")]
    [InlineData("type(missing)", "\"null\"")]
    [InlineData("type(&a)", "\"expref\"")]
    public void Search_ConversionFunctions_Compute(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Theory]
    [InlineData("max(a.list)", "5")]
    [InlineData("min(a.list)", "0")]
    [InlineData("max(`[\"b\", \"C\", \"a\"]`)", "\"C\"")]
    [InlineData("min(`[\"b\", \"C\", \"a\"]`)", "\"a\"")]
    [InlineData("min(`[\"_\", \"-\", \"a\"]`)", "\"_\"")]
    [InlineData("max(`[]`)", "null")]
    [InlineData("min(`[]`)", "null")]
    [InlineData("sort(`[3, 1.5, -2, 10]`)", "[-2,1.5,10,3]")]
    [InlineData("sort(`[\"b\", \"B\", \"a\", \"é\", \"e\"]`)", """["B","a","b","e","é"]""")]
    [InlineData("sort(`[]`)", "[]")]
    [InlineData("sort_by(people, &age)[*].name", """["Bob","Ada","Cy"]""")]
    [InlineData("sort_by(people, &name)[*].age", "[36,17,52]")]
    [InlineData("sort_by(`[{\"k\": 1, \"i\": 0}, {\"k\": 0, \"i\": 1}, {\"k\": 1, \"i\": 2}, {\"k\": 0, \"i\": 3}]`, &k)[*].i", "[1,3,0,2]")]
    [InlineData("sort_by(`[]`, &a)", "[]")]
    [InlineData("max_by(people, &age).name", "\"Cy\"")]
    [InlineData("min_by(people, &age).name", "\"Bob\"")]
    [InlineData("max_by(`[{\"a\": 1, \"i\": 0}, {\"a\": 1, \"i\": 1}]`, &a).i", "0")]
    public void Search_OrderingFunctions_Compute(string expression, string expected) =>
        Assert.Equal(expected, Search(expression));

    [Theory]
    [InlineData("max_by(people, &name)")]
    [InlineData("min_by(people, &name)")]
    [InlineData("max_by(`[]`, &a)")]
    public void Search_MaxByWithStringKeysOrNoElements_IsUndefinedAsInTheNpmPackage(string expression) =>
        Assert.True(JmesPathSearch.Instance.Search(Tessera.Engine.Data.JsonCodec.Parse(Document), expression).IsUndefined);

    [Theory]
    [InlineData("abs('a')", "abs() expected argument 1 to be a number but received a string")]
    [InlineData("avg(`[1, \"a\"]`)", "avg() expected argument 1 to be an array of numbers but received an array")]
    [InlineData("ceil(`null`)", "ceil() expected argument 1 to be a number but received null")]
    [InlineData("floor(`true`)", "floor() expected argument 1 to be a number but received a boolean")]
    [InlineData("contains(`{}`, 'a')", "contains() expected argument 1 to be a string or an array but received an object")]
    [InlineData("ends_with('a', `1`)", "ends_with() expected argument 2 to be a string but received a number")]
    [InlineData("starts_with(`null`, 'a')", "starts_with() expected argument 1 to be a string")]
    [InlineData("join(`1`, `[]`)", "join() expected argument 1 to be a string")]
    [InlineData("join(',', `[1]`)", "join() expected argument 2 to be an array of strings")]
    [InlineData("keys(`[]`)", "keys() expected argument 1 to be an object but received an array")]
    [InlineData("values('a')", "values() expected argument 1 to be an object")]
    [InlineData("length(`1`)", "length() expected argument 1 to be a string or an array or an object but received a number")]
    [InlineData("map(name, people)", "map() expected argument 1 to be an expression reference (&expr)")]
    [InlineData("map(&a, `{}`)", "map() expected argument 2 to be an array")]
    [InlineData("max(`[1, \"a\"]`)", "max() expected argument 1 to be an array of numbers or an array of strings")]
    [InlineData("min(`{}`)", "min() expected argument 1 to be an array of numbers or an array of strings but received an object")]
    [InlineData("max_by(people, &city)", "max_by() expected the expression to give a number or a string for every element but it gave object")]
    [InlineData("min_by(`{}`, &a)", "min_by() expected argument 1 to be an array")]
    [InlineData("merge(`[]`)", "merge() expected argument 1 to be an object")]
    [InlineData("reverse(`1`)", "reverse() expected argument 1 to be a string or an array")]
    [InlineData("sort(`[1, \"a\"]`)", "sort() expected argument 1 to be an array of numbers or an array of strings")]
    [InlineData("sort_by(people, 'age')", "sort_by() expected argument 2 to be an expression reference (&expr) but received a string")]
    [InlineData("sort_by(`[1, \"a\"]`, &@)", "sort_by() expected the expression to give a number (like the first key)")]
    [InlineData("sort_by(people, &city)", "sort_by() expected the expression to give a number or a string")]
    [InlineData("sum(`[\"1\"]`)", "sum() expected argument 1 to be an array of numbers")]
    [InlineData("abs(&a)", "abs() expected argument 1 to be a number but received an expref")]
    public void Search_WrongArgumentType_FailsNamingFunctionArgumentAndTypes(string expression, string message)
    {
        var e = Assert.Throws<ExpressionException>(() => Search(expression));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Position);
        Assert.NotNull(e.Description);
    }

    [Theory]
    [InlineData("abs()", "abs() takes 1 argument but received 0")]
    [InlineData("abs(`1`, `2`)", "abs() takes 1 argument but received 2")]
    [InlineData("join(',')", "join() takes 2 arguments but received 1")]
    [InlineData("merge()", "merge() takes at least 1 argument but received 0")]
    [InlineData("not_null()", "not_null() takes at least 1 argument but received 0")]
    [InlineData("to_string()", "to_string() takes 1 argument but received 0")]
    public void Search_WrongArgumentCount_FailsWithTheExpectedCount(string expression, string message)
    {
        var e = Assert.Throws<ExpressionException>(() => Search(expression));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_UnknownFunction_FailsListingTheFunctions()
    {
        var e = Assert.Throws<ExpressionException>(() => Search("a.upper(@)"));

        Assert.Contains("unknown function upper()", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Position);
        Assert.Contains("sort_by", e.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Functions_CoverTheSpecification()
    {
        string[] specified =
        [
            "abs", "avg", "ceil", "contains", "ends_with", "floor", "join", "keys", "length", "map", "max", "max_by", "merge", "min",
            "min_by", "not_null", "reverse", "sort", "sort_by", "starts_with", "sum", "to_array", "to_number", "to_string", "type", "values",
        ];

        Assert.Equal(specified.Order(StringComparer.Ordinal), JmesPathFunctions.Names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("max(`[-0, 0]`)", false)]
    [InlineData("max(`[0, -0]`)", false)]
    [InlineData("min(`[0, -0]`)", true)]
    [InlineData("min(`[-0, 0]`)", true)]
    public void Search_MaxMinOfZeros_FollowMathMaxAndMin(string expression, bool negativeZero) =>
        Assert.Equal(negativeZero, double.IsNegative(JmesPathSearch.Instance.Search(Tessera.Engine.Data.JsValue.Null, expression).AsNumber()));

    [Fact]
    public void Search_FunctionOnMissingValue_IsATypeErrorNotNull()
    {
        var e = Assert.Throws<ExpressionException>(() => Search("missing.abs(@)"));

        Assert.Contains("abs() expected argument 1 to be a number but received null", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_FunctionErrorInsideProjection_NamesTheFunctionPosition()
    {
        var e = Assert.Throws<ExpressionException>(() => Search("people[*].abs(name)"));

        Assert.Equal(10, e.Position);
        Assert.Contains("abs() expected argument 1 to be a number but received a string", e.Message, StringComparison.Ordinal);
    }
}
