using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Set;
using static Tessera.Nodes.Tests.Data.DataNodeHarness;

namespace Tessera.Nodes.Tests.Data;

public sealed class SetNodeTests
{
    private static DataNodeHarness Set(double version, string parameters) => new() { Node = new SetNode(), TypeVersion = version, Parameters = P(parameters) };

    [Fact]
    public async Task V1_NestedAndIndexPaths_SetIntoExistingData()
    {
        var harness = Set(1, """{"values":{"string":[{"name":"nested.s","value":"foo"},{"name":"list[1]","value":"bar"}],"number":[{"name":"n","value":1}]}}""");
        var result = await harness.JsonAsync(Items("""{"nested":{"a":1},"list":["x"]}"""));
        Assert.Equal("""{"nested":{"a":1,"s":"foo"},"list":["x","bar"],"n":1}""", result[0]);
    }

    [Fact]
    public async Task V1_KeepOnlySet_DropsInputFieldsAndUsesDefaultsForEmptyEntries()
    {
        var harness = Set(1, """{"keepOnlySet":true,"values":{"number":[{}],"boolean":[{"name":"b","value":true}]}}""");
        var result = await harness.JsonAsync(Items("""{"old":1}"""));
        Assert.Equal("""{"b":true,"propertyName":0}""", result[0]);
    }

    [Fact]
    public async Task V1_DotNotationOff_WritesDottedKey()
    {
        var harness = Set(1, """{"values":{"string":[{"name":"a.b","value":"x"}]},"options":{"dotNotation":false}}""");
        Assert.Equal("""{"a.b":"x"}""", (await harness.JsonAsync(Items("{}")))[0]);
    }

    [Fact]
    public async Task V2_NumberFromExpressionText_BecomesNumber()
    {
        var harness = Set(2, """{"keepOnlySet":true,"values":{"number":[{"name":"n","value":"={{ $json.v }}"}]}}""");
        Assert.Equal("""{"n":123456}""", (await harness.JsonAsync(Items("""{"v":"123456"}""")))[0]);
    }

    [Fact]
    public async Task V34_TypedAssignments_ConvertValues()
    {
        var harness = Set(3.4, """
            {"assignments":{"assignments":[
              {"name":"n","type":"number","value":"={{ $json.s }}"},
              {"name":"t","type":"string","value":"={{ $json.o }}"},
              {"name":"b","type":"boolean","value":"TRUE"},
              {"name":"a","type":"array","value":"['x','y']"},
              {"name":"nil","type":"number","value":"={{ null }}"}]}}
            """);
        var result = await harness.JsonAsync(Items("""{"s":"3 ","o":{"k":[1]}}"""));
        Assert.Equal("""{"n":3,"t":"{\"k\":[1]}","b":true,"a":["x","y"],"nil":null}""", result[0]);
    }

    [Fact]
    public async Task V34_WrongType_FailsNamingFieldAndItem()
    {
        var harness = Set(3.4, """{"assignments":{"assignments":[{"name":"n","type":"number","value":"hello"}]}}""");
        var e = await Assert.ThrowsAsync<NodeOperationException>(() => harness.RunAsync(Items("{}")));
        Assert.Contains("'n' expects a number but we got 'hello'", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.ItemIndex);
    }

    [Fact]
    public async Task V34_IgnoreConversionErrors_KeepsOriginalValue()
    {
        var harness = Set(3.4, """{"assignments":{"assignments":[{"name":"n","type":"number","value":"hello"}]},"options":{"ignoreConversionErrors":true}}""");
        Assert.Equal("""{"n":"hello"}""", (await harness.JsonAsync(Items("{}")))[0]);
    }

    [Fact]
    public async Task V34_ContinueOnFail_EmitsErrorItem()
    {
        var harness = Set(3.4, """{"assignments":{"assignments":[{"name":"n","type":"boolean","value":"maybe"}]}}""");
        var context = harness.Context(Items("{}"));
        context.Node.OnError = "continueRegularOutput";
        var output = await harness.Node.ExecuteAsync(context);
        Assert.NotNull(output.Main[0].Error);
        Assert.StartsWith("'n' expects a boolean", output.Main[0].Json["error"].AsString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("all", "", """{"a":1,"b":{"c":2,"d":3},"x":"new"}""")]
    [InlineData("selected", "a, b.c", """{"a":1,"b":{"c":2},"x":"new"}""")]
    [InlineData("except", "b.d", """{"a":1,"b":{"c":2},"x":"new"}""")]
    public async Task V34_IncludeOtherFields_KeepsChosenInputFields(string include, string fields, string expected)
    {
        var parameters = P("""{"assignments":{"assignments":[{"name":"x","type":"string","value":"new"}]},"includeOtherFields":true}""");
        parameters["include"] = include;
        parameters[include == "except" ? "excludeFields" : "includeFields"] = fields;
        var harness = new DataNodeHarness { Node = new SetNode(), TypeVersion = 3.4, Parameters = parameters };
        Assert.Equal(expected, (await harness.JsonAsync(Items("""{"a":1,"b":{"c":2,"d":3}}""")))[0]);
    }

    [Fact]
    public async Task V32_FieldsValues_UseTypedValueKeys()
    {
        var harness = Set(3.2, """{"include":"none","fields":{"values":[{"name":"o","type":"objectValue","objectValue":"{\"a\":1}"},{"name":"s","stringValue":"={{ $json.n }}"}]}}""");
        Assert.Equal("""{"o":{"a":1},"s":"5"}""", (await harness.JsonAsync(Items("""{"n":5}""")))[0]);
    }

    [Fact]
    public async Task V34_RawMode_MergesJsonIntoItem()
    {
        var harness = Set(3.4, """{"mode":"raw","jsonOutput":"{\"a\": {\"b\": 1}}","includeOtherFields":true}""");
        Assert.Equal("""{"keep":true,"a":{"b":1}}""", (await harness.JsonAsync(Items("""{"keep":true}""")))[0]);
    }

    [Fact]
    public async Task V34_RawModeInvalidJson_Fails()
    {
        var harness = Set(3.4, """{"mode":"raw","jsonOutput":"{not json"}""");
        var e = await Assert.ThrowsAsync<NodeOperationException>(() => harness.RunAsync(Items("{}")));
        Assert.Contains("contains invalid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V34_DuplicateItemInManualMode_RepeatsItems()
    {
        var harness = Set(3.4, """{"duplicateItem":true,"duplicateCount":2,"assignments":{"assignments":[]}}""");
        Assert.Equal(3, (await harness.JsonAsync(Items("{}"))).Count);
    }

    [Fact]
    public async Task V34_SettingsNamesAndTypesFromExpressions_ResolvedPerItem()
    {
        var harness = Set(3.4, """
            {"includeOtherFields":"={{ $json.keep }}","options":{"dotNotation":"={{ $json.dots }}"},
             "assignments":{"assignments":[{"name":"={{ $json.key }}","type":"={{ $json.t }}","value":"={{ $json.v }}"}]}}
            """);
        var result = await harness.JsonAsync(Items(
            """{"keep":true,"dots":true,"key":"a.b","t":"number","v":"7"}""",
            """{"keep":false,"dots":false,"key":"a.b","t":"string","v":7}"""));
        Assert.Equal("""{"keep":true,"dots":true,"key":"a.b","t":"number","v":"7","a":{"b":7}}""", result[0]);
        Assert.Equal("""{"a.b":"7"}""", result[1]);
    }

    [Fact]
    public async Task V34_ConstantObjectValue_EachItemGetsItsOwnCopy()
    {
        var harness = Set(3.4, """{"assignments":{"assignments":[{"name":"o","type":"object","value":"{\"a\":1}"},{"name":"s","type":"number","value":"5"}]}}""");
        var output = await harness.RunAsync(Items("{}", "{}"));
        Assert.NotSame(output.Main[0].Json["o"].AsObject(), output.Main[1].Json["o"].AsObject());
        output.Main[0].Json["o"].AsObject()["a"] = 2;
        Assert.Equal("""{"o":{"a":1},"s":5}""", JsonCodec.Serialize(output.Main[1].Json));
    }

    [Fact]
    public async Task V34_ConstantValueOfWrongType_FailsForEveryItemWithItsIndex()
    {
        var harness = Set(3.4, """{"assignments":{"assignments":[{"name":"n","type":"number","value":"hello"}]}}""");
        var context = harness.Context(Items("{}", "{}"));
        context.Node.OnError = "continueRegularOutput";
        var output = await harness.Node.ExecuteAsync(context);
        Assert.Equal(2, output.Main.Count);
        Assert.All(output.Main, item => Assert.NotNull(item.Error));
        Assert.EndsWith("[item 1]", output.Main[1].Json["error"].AsString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V32_TypeFromExpression_PicksTheValueKeyPerItem()
    {
        var harness = Set(3.2, """{"include":"none","fields":{"values":[{"name":"s","type":"={{ $json.t }}","numberValue":"7","stringValue":"x"}]}}""");
        var result = await harness.JsonAsync(Items("""{"t":"numberValue"}""", """{"t":"stringValue"}""", """{"t":"booleanValue"}"""));
        Assert.Equal(new[] { """{"s":7}""", """{"s":"x"}""", """{"s":false}""" }, result);
    }

    [Fact]
    public async Task V34_Output_PairsEachItemWithItsInputSharingOneArrayPerIndex()
    {
        var harness = Set(3.4, """{"assignments":{"assignments":[{"name":"x","type":"string","value":"y"}]}}""");
        var first = await harness.RunAsync(Items("{}", "{}"));
        var second = await harness.RunAsync(Items("{}", "{}"));
        Assert.Equal(new[] { new PairedItem(0) }, first.Main[0].Paired!);
        Assert.Equal(new[] { new PairedItem(1) }, first.Main[1].Paired!);
        Assert.Same(first.Main[1].Paired, second.Main[1].Paired);
    }
}
