using Tessera.Engine.Data;
using Tessera.Nodes.Shared.Conditions;

namespace Tessera.Nodes.Tests.Flow;

public sealed class LegacyConditionsTests
{
    private static bool Compare(string type, string op, JsValue a, JsValue b) => LegacyConditions.Compare(type, op, a, b, TimeZoneInfo.Utc, 0);

    [Fact]
    public void Compare_Equal_IsStrict()
    {
        Assert.True(Compare("number", "equal", 1, 1));
        Assert.False(Compare("number", "equal", "1", 1));
        Assert.True(Compare("string", "notEqual", "a@b.com", JsValue.Null));
    }

    [Fact]
    public void Compare_Relational_CoercesLikeJavaScript()
    {
        Assert.True(Compare("number", "smaller", 1, 2));
        Assert.True(Compare("number", "smallerEqual", 2, 2));
        Assert.True(Compare("number", "larger", "10", 9));
        Assert.False(Compare("number", "larger", "abc", 1));
        Assert.False(Compare("number", "smaller", "abc", 1));
    }

    [Fact]
    public void Compare_TextOperations_TreatNullAsEmpty()
    {
        Assert.False(Compare("string", "contains", JsValue.Null, "notes"));
        Assert.True(Compare("string", "notContains", JsValue.Null, "spam"));
        Assert.True(Compare("string", "regex", "Elon Musk", "([E])"));
        Assert.True(Compare("string", "notRegex", "Victor", "^[A-Z]+$/"));
        Assert.True(Compare("string", "isEmpty", "", JsValue.Undefined));
        Assert.True(Compare("number", "isNotEmpty", 1, JsValue.Undefined));
    }

    [Fact]
    public void Compare_Dates_CompareInstantsAcrossZones()
    {
        Assert.True(Compare("dateTime", "after", "2023-01-02T00:00:00.000-05:00", "2023-01-01T00:00:00.000-05:00"));
        Assert.True(Compare("dateTime", "before", "2011-10-05T14:48:00.000Z", "2021-08-03T03:30:08.000Z"));
        Assert.False(Compare("dateTime", "after", "not a date", "2021-08-03T03:30:08.000Z"));
    }

    [Fact]
    public void EvaluateAll_AnyAndAll_CombineGroups()
    {
        var conditions = JsObject.Parse("""{ "boolean": [ { "value1": true, "value2": true } ], "number": [ { "value1": 5, "operation": "larger", "value2": 10 } ] }""");
        Assert.False(LegacyConditions.EvaluateAll(conditions, any: false, TimeZoneInfo.Utc, 0));
        Assert.True(LegacyConditions.EvaluateAll(conditions, any: true, TimeZoneInfo.Utc, 0));
    }

    [Fact]
    public void EvaluateAll_MissingValues_UseTypeDefaults()
    {
        // boolean: value2 defaults to false, number: operation defaults to "smaller" and value2 to 0.
        var conditions = JsObject.Parse("""{ "boolean": [ { "value1": false } ], "number": [ { "value1": -1 } ] }""");
        Assert.True(LegacyConditions.EvaluateAll(conditions, any: false, TimeZoneInfo.Utc, 0));
    }

    [Fact]
    public void Compare_UnknownOperation_Throws() =>
        Assert.Throws<Tessera.Engine.Nodes.NodeOperationException>(() => Compare("number", "between", 1, 2));
}
