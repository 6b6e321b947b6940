using Tessera.Engine.Data;
using Tessera.Nodes.Shared.Conditions;

namespace Tessera.Nodes.Tests.Flow;

public sealed class FilterEvaluatorTests
{
    private static bool Eval(string type, string operation, JsValue left, JsValue right, bool caseSensitive = true, bool loose = false, string? rightType = null, bool literalRight = false)
    {
        var op = new JsObject { ["type"] = type, ["operation"] = operation };
        if (rightType is not null)
        {
            op["rightType"] = rightType;
        }

        var filter = new JsObject
        {
            ["options"] = new JsObject { ["caseSensitive"] = caseSensitive, ["typeValidation"] = loose ? "loose" : "strict" },
            ["conditions"] = new JsArray { new JsObject { ["leftValue"] = left, ["rightValue"] = right, ["operator"] = op } },
            ["combinator"] = "and",
        };
        var raw = new JsObject
        {
            ["conditions"] = new JsArray { new JsObject { ["leftValue"] = "={{ x }}", ["rightValue"] = literalRight ? right : "={{ y }}" } },
        };
        return FilterEvaluator.Evaluate(filter, raw, default, TimeZoneInfo.Utc, 0);
    }

    [Theory]
    [InlineData("equals", "abc", "abc", true)]
    [InlineData("notEquals", "abc", "abd", true)]
    [InlineData("contains", "hello world", "lo w", true)]
    [InlineData("notContains", "hello", "x", true)]
    [InlineData("startsWith", "Shane", "Sh", true)]
    [InlineData("notStartsWith", "Shane", "Sh", false)]
    [InlineData("endsWith", "a@yahoo.com", "@yahoo.com", true)]
    [InlineData("notEndsWith", "a@gmail.com", "@yahoo.com", true)]
    [InlineData("regex", "alpha-123", "/^alpha-\\d+$/", true)]
    [InlineData("regex", "value", "^value$", true)]
    [InlineData("notRegex", "value", "/^value$/g", false)]
    public void Evaluate_StringOperations_MatchJavaScript(string operation, string left, string right, bool expected) =>
        Assert.Equal(expected, Eval("string", operation, left, right));

    [Fact]
    public void Evaluate_CaseInsensitive_IgnoresCase()
    {
        Assert.True(Eval("string", "startsWith", "Sarah", "s", caseSensitive: false));
        Assert.False(Eval("string", "startsWith", "Sarah", "s", caseSensitive: true));
        Assert.True(Eval("string", "regex", "ABC", "^abc$", caseSensitive: false));
    }

    [Theory]
    [InlineData("exists", true)]
    [InlineData("notExists", false)]
    [InlineData("empty", false)]
    [InlineData("notEmpty", true)]
    public void Evaluate_PresenceOnText_Works(string operation, bool expected) =>
        Assert.Equal(expected, Eval("string", operation, "x", JsValue.Undefined));

    [Fact]
    public void Evaluate_ExistsOnNullAndUndefined_IsFalse()
    {
        Assert.False(Eval("string", "exists", JsValue.Null, ""));
        Assert.False(Eval("any", "exists", JsValue.Undefined, ""));
        Assert.True(Eval("string", "empty", JsValue.Null, ""));
    }

    [Theory]
    [InlineData("equals", 3, 3, true)]
    [InlineData("notEquals", 3, 4, true)]
    [InlineData("gt", 5, 3, true)]
    [InlineData("lt", 5, 3, false)]
    [InlineData("gte", 3, 3, true)]
    [InlineData("lte", 4, 3, false)]
    public void Evaluate_NumberOperations_Compare(string operation, double left, double right, bool expected) =>
        Assert.Equal(expected, Eval("number", operation, left, right));

    [Fact]
    public void Evaluate_StrictNumberGivenText_ThrowsN8nStyleTypeError()
    {
        var e = Assert.Throws<ConditionException>(() => Eval("number", "equals", "5", 5));
        Assert.Equal("Wrong type: '5' is a string but was expecting a number [condition 0, item 0]", e.Message);
        Assert.Contains("Convert types where required", e.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TypedInNumberText_IsReadAsNumberInStrictMode() =>
        Assert.True(Eval("number", "equals", 1, "1", literalRight: true));

    [Fact]
    public void Evaluate_LooseMode_ConvertsTextAndBooleans()
    {
        Assert.True(Eval("number", "gt", "10", 5, loose: true));
        Assert.True(Eval("boolean", "true", "true", JsValue.Undefined, loose: true));
        Assert.False(Eval("boolean", "true", "0", JsValue.Undefined, loose: true));
        Assert.True(Eval("boolean", "true", 1, JsValue.Undefined, loose: true));
        Assert.True(Eval("array", "contains", "[\"a\",\"b\"]", "b", loose: true, rightType: "any"));
    }

    [Fact]
    public void Evaluate_LooseModeUnconvertible_ThrowsConversionError()
    {
        var e = Assert.Throws<ConditionException>(() => Eval("number", "equals", "abc", 1, loose: true));
        Assert.StartsWith("Conversion error: the string 'abc' can't be converted to a number", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("after", "2023-10-26T16:45:52.367Z", "2023-10-21", true)]
    [InlineData("before", "2023-10-20T16:45:52.367Z", "2023-10-21", true)]
    [InlineData("afterOrEquals", "2023-01-01T00:00:00Z", "2023-01-01T00:00:00.000Z", true)]
    [InlineData("beforeOrEquals", "2023-01-02T00:00:00Z", "2023-01-01T00:00:00Z", false)]
    [InlineData("equals", "2023-01-01T05:00:00+05:00", "2023-01-01T00:00:00Z", true)]
    public void Evaluate_DateOperations_CompareInstants(string operation, string left, string right, bool expected) =>
        Assert.Equal(expected, Eval("dateTime", operation, left, right));

    [Fact]
    public void Evaluate_BooleanOperations_Work()
    {
        Assert.True(Eval("boolean", "true", true, JsValue.Undefined));
        Assert.True(Eval("boolean", "false", false, JsValue.Undefined));
        Assert.True(Eval("boolean", "equals", true, true));
        Assert.True(Eval("boolean", "notEquals", true, false));
        Assert.Throws<ConditionException>(() => Eval("boolean", "true", "true", JsValue.Undefined));
    }

    [Fact]
    public void Evaluate_ArrayOperations_Work()
    {
        var tags = new JsArray { "exotic", "red" };
        Assert.True(Eval("array", "contains", tags, "exotic", rightType: "any"));
        Assert.True(Eval("array", "notContains", tags, "blue", rightType: "any"));
        Assert.True(Eval("array", "lengthEquals", tags, 2));
        Assert.True(Eval("array", "lengthGt", tags, 1));
        Assert.False(Eval("array", "lengthLt", tags, 2));
        Assert.True(Eval("array", "empty", new JsArray(), JsValue.Undefined));
        Assert.False(Eval("array", "contains", JsValue.Undefined, "exotic", rightType: "any"));
    }

    [Fact]
    public void Evaluate_ObjectOperations_Work()
    {
        Assert.True(Eval("object", "notEmpty", JsObject.Parse("{\"foo\":\"bar\"}"), JsValue.Undefined));
        Assert.True(Eval("object", "empty", new JsObject(), JsValue.Undefined));
        Assert.Throws<ConditionException>(() => Eval("object", "empty", "text", JsValue.Undefined));
    }

    [Fact]
    public void Evaluate_OrCombinator_NeedsOneCondition()
    {
        var filter = JsObject.Parse("""
            { "options": { "caseSensitive": true }, "combinator": "or", "conditions": [
              { "leftValue": 1, "rightValue": 2, "operator": { "type": "number", "operation": "equals" } },
              { "leftValue": "a", "rightValue": "a", "operator": { "type": "string", "operation": "equals" } } ] }
            """);
        Assert.True(FilterEvaluator.Evaluate(filter, null, default, TimeZoneInfo.Utc, 0));
        filter["combinator"] = "and";
        Assert.False(FilterEvaluator.Evaluate(filter, null, default, TimeZoneInfo.Utc, 0));
    }

    [Fact]
    public void Evaluate_Overrides_WinOverFilterOptions()
    {
        var filter = JsObject.Parse("""
            { "options": { "caseSensitive": true, "typeValidation": "strict" }, "combinator": "and", "conditions": [
              { "leftValue": "ABC", "rightValue": "abc", "operator": { "type": "string", "operation": "equals" } },
              { "leftValue": "7", "rightValue": 7, "operator": { "type": "number", "operation": "equals" } } ] }
            """);
        Assert.True(FilterEvaluator.Evaluate(filter, null, new FilterOverrides(IgnoreCase: true, Loose: true), TimeZoneInfo.Utc, 0));
    }
}
