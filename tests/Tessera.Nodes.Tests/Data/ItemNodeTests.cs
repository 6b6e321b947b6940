using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Aggregate;
using Tessera.Nodes.Data.ItemLists;
using Tessera.Nodes.Data.Limit;
using Tessera.Nodes.Data.RenameKeys;
using Tessera.Nodes.Data.Sort;
using Tessera.Nodes.Data.SplitOut;
using Tessera.Nodes.Data.Summarize;
using static Tessera.Nodes.Tests.Data.DataNodeHarness;

namespace Tessera.Nodes.Tests.Data;

public sealed class RenameKeysNodeTests
{
    [Fact]
    public async Task Keys_DottedPaths_MoveValueAndLeaveParent()
    {
        var harness = new DataNodeHarness { Node = new RenameKeysNode(), Parameters = P("""{"keys":{"key":[{"currentKey":"a.b","newKey":"x.y"},{"currentKey":"missing","newKey":"z"}]}}""") };
        Assert.Equal("""{"a":{},"x":{"y":1}}""", (await harness.JsonAsync(Items("""{"a":{"b":1}}""")))[0]);
    }

    [Fact]
    public async Task Regex_CaseInsensitiveWithDepth_RenamesMatchingKeysDownToDepth()
    {
        var harness = new DataNodeHarness
        {
            Node = new RenameKeysNode(),
            Parameters = P("""{"additionalOptions":{"regexReplacement":{"replacements":[{"searchRegex":"^id","replaceRegex":"key","options":{"caseInsensitive":true,"depth":1}}]}}}"""),
        };
        var result = await harness.JsonAsync(Items("""{"ID":1,"child":{"idx":2,"deep":{"id":3}}}"""));
        Assert.Equal("""{"key":1,"child":{"keyx":2,"deep":{"id":3}}}""", result[0]);
    }

    [Theory]
    [InlineData("(a+)+b")]
    [InlineData("(a|a)*b")]
    [InlineData("aaaaaaaaa*c")]
    public async Task Regex_CatastrophicPattern_FailsWithHint(string pattern)
    {
        var parameters = P("""{"additionalOptions":{"regexReplacement":{"replacements":[{"searchRegex":"","replaceRegex":"x"}]}}}""");
        parameters.GetPath("additionalOptions.regexReplacement.replacements").AsArray()[0].AsObject()["searchRegex"] = pattern;
        var harness = new DataNodeHarness { Node = new RenameKeysNode(), Parameters = parameters };
        var e = await Assert.ThrowsAsync<NodeOperationException>(() => harness.RunAsync(Items("""{"a":1}""")));
        Assert.Equal($"Regex pattern \"{pattern}\" may cause performance issues. Please try a simpler pattern like \"[a-z]+\" or \"\\w+\". ", e.Message);
    }
}

public sealed class SplitOutNodeTests
{
    private static DataNodeHarness Split(string parameters) => new() { Node = new SplitOutNode(), Parameters = P(parameters) };

    [Fact]
    public async Task SingleField_ObjectElements_BecomeItems()
    {
        var result = await Split("""{"fieldToSplitOut":"list"}""").JsonAsync(Items("""{"list":[{"a":1},{"a":2}],"other":true}"""));
        Assert.Equal(["""{"a":1}""", """{"a":2}"""], result);
    }

    [Fact]
    public async Task AllOtherFields_PrimitiveElements_KeepOtherFields()
    {
        var result = await Split("""{"fieldToSplitOut":"list","include":"allOtherFields"}""").JsonAsync(Items("""{"list":[1,2],"other":true}"""));
        Assert.Equal(["""{"other":true,"list":1}""", """{"other":true,"list":2}"""], result);
    }

    [Fact]
    public async Task ObjectField_SplitsIntoItsValues()
    {
        var result = await Split("""{"fieldToSplitOut":"o"}""").JsonAsync(Items("""{"o":{"x":1,"y":2}}"""));
        Assert.Equal(["""{"o":1}""", """{"o":2}"""], result);
    }

    [Fact]
    public async Task SeveralFieldsWithDestinations_SplitSideBySide()
    {
        var result = await Split("""{"fieldToSplitOut":"a, b","options":{"destinationFieldName":"x, y"}}""").JsonAsync(Items("""{"a":[1,2],"b":"single"}"""));
        Assert.Equal(["""{"x":1,"y":"single"}""", """{"x":2}"""], result);
    }

    [Fact]
    public async Task MissingField_ProducesNoItems()
    {
        Assert.Empty(await Split("""{"fieldToSplitOut":"nope"}""").JsonAsync(Items("""{"a":1}""")));
    }

    [Fact]
    public async Task UnsafeDestination_FallsBackToFieldName()
    {
        var result = await Split("""{"fieldToSplitOut":"d","include":"allOtherFields","options":{"destinationFieldName":"__proto__.polluted"}}""").JsonAsync(Items("""{"d":[{"id":1}]}"""));
        Assert.Equal(["""{"d":{"id":1}}"""], result);
    }
}

public sealed class AggregateNodeTests
{
    private static DataNodeHarness Aggregate(string parameters) => new() { Node = new AggregateNode(), Parameters = P(parameters) };

    [Fact]
    public async Task IndividualFields_RenameMergeListsAndSkipMissing()
    {
        var harness = Aggregate("""{"fieldsToAggregate":{"fieldToAggregate":[{"fieldToAggregate":"a.b"},{"fieldToAggregate":"l","renameField":true,"outputFieldName":"all"}]},"options":{"mergeLists":true}}""");
        var result = await harness.JsonAsync(Items("""{"a":{"b":1},"l":[1,2]}""", """{"l":[3]}""", """{"a":{"b":null}}"""));
        Assert.Equal(["""{"b":[1],"all":[1,2,3]}"""], result);
    }

    [Fact]
    public async Task IndividualFields_KeepMissing_AddsNulls()
    {
        var harness = Aggregate("""{"fieldsToAggregate":{"fieldToAggregate":[{"fieldToAggregate":"a"}]},"options":{"keepMissing":true}}""");
        Assert.Equal(["""{"a":[1,null]}"""], await harness.JsonAsync(Items("""{"a":1}""", "{}")));
    }

    [Fact]
    public async Task IndividualFields_SameOutputTwice_Fails()
    {
        var harness = Aggregate("""{"fieldsToAggregate":{"fieldToAggregate":[{"fieldToAggregate":"a"},{"fieldToAggregate":"b","renameField":true,"outputFieldName":"a"}]}}""");
        await Assert.ThrowsAsync<NodeOperationException>(() => harness.RunAsync(Items("{}")));
    }

    [Fact]
    public async Task AllItemData_SpecifiedFieldsGroupedBy_OneItemPerGroup()
    {
        var harness = Aggregate("""{"aggregate":"aggregateAllItemData","include":"specifiedFields","fieldsToInclude":"v","destinationFieldName":"out","options":{"groupByFields":"g"}}""");
        var result = await harness.JsonAsync(Items("""{"g":"x","v":1,"w":0}""", """{"g":"y","v":2}""", """{"g":"x","v":3}"""));
        Assert.Equal(["""{"g":"x","out":[{"v":1},{"v":3}]}""", """{"g":"y","out":[{"v":2}]}"""], result);
    }
}

public sealed class SummarizeNodeTests
{
    private static DataNodeHarness Summarize(double version, string parameters) => new() { Node = new SummarizeNode(), TypeVersion = version, Parameters = P(parameters) };

    private const string Data = """[{"c":"r","v":1,"t":"a"},{"c":"b","v":2,"t":""},{"c":"r","v":4,"t":"a"}]""";

    private static List<Tessera.Engine.Items.Item> DataItems() => [.. JsonCodec.Parse(Data).AsArray().Select(v => new Tessera.Engine.Items.Item(v.AsObject()))];

    [Fact]
    public async Task Aggregations_WithoutSplit_OneItem()
    {
        var harness = Summarize(1.1, """{"fieldsToSummarize":{"values":[{"field":"t"},{"aggregation":"countUnique","field":"t","includeEmpty":true},{"aggregation":"sum","field":"v"},{"aggregation":"average","field":"v"},{"aggregation":"min","field":"v"},{"aggregation":"max","field":"v"},{"aggregation":"concatenate","field":"t","separateBy":"other","customSeparator":"|"},{"aggregation":"append","field":"v"}]}}""");
        var result = await harness.JsonAsync(DataItems());
        Assert.Equal(["""{"count_t":2,"unique_count_t":2,"sum_v":7,"average_v":2.3333333333333335,"min_v":1,"max_v":4,"concatenated_t":"a|a","appended_v":[1,2,4]}"""], result);
    }

    [Fact]
    public async Task SplitBy_SeparateItems_OnePerGroup()
    {
        var harness = Summarize(1.1, """{"fieldsToSummarize":{"values":[{"aggregation":"sum","field":"v"}]},"fieldsToSplitBy":"c"}""");
        Assert.Equal(["""{"c":"r","sum_v":5}""", """{"c":"b","sum_v":2}"""], await harness.JsonAsync(DataItems()));
    }

    [Fact]
    public async Task SplitBy_SingleItem_NestsByValue()
    {
        var harness = Summarize(1.1, """{"fieldsToSummarize":{"values":[{"aggregation":"sum","field":"v"}]},"fieldsToSplitBy":"c","options":{"outputFormat":"singleItem"}}""");
        Assert.Equal(["""{"r":{"sum_v":5},"b":{"sum_v":2}}"""], await harness.JsonAsync(DataItems()));
    }

    [Fact]
    public async Task V1_SplitValues_AreText_AndIndexKeysComeFirst()
    {
        var harness = Summarize(1, """{"fieldsToSummarize":{"values":[{"field":"v"}]},"fieldsToSplitBy":"g"}""");
        var result = await harness.JsonAsync(Items("""{"g":null,"v":1}""", """{"g":2,"v":1}""", """{"g":0,"v":1}"""));
        Assert.Equal(["""{"g":"0","count_v":1}""", """{"g":"2","count_v":1}""", """{"g":"null","count_v":1}"""], result);
    }

    [Fact]
    public async Task V1_FieldInNoItem_FailsUnlessContinue()
    {
        await Assert.ThrowsAsync<NodeOperationException>(() => Summarize(1, """{"fieldsToSummarize":{"values":[{"field":"nope"}]}}""").RunAsync(DataItems()));
        var result = await Summarize(1, """{"fieldsToSummarize":{"values":[{"field":"nope"}]},"options":{"continueIfFieldNotFound":true}}""").JsonAsync(DataItems());
        Assert.Equal(["""{"count_nope":0}"""], result);
    }

    [Fact]
    public async Task Sum_NonNumericValue_Fails()
    {
        await Assert.ThrowsAsync<NodeOperationException>(() => Summarize(1.1, """{"fieldsToSummarize":{"values":[{"aggregation":"sum","field":"c"}]}}""").RunAsync(DataItems()));
    }
}

public sealed class SortAndLimitNodeTests
{
    [Fact]
    public async Task Sort_SeveralFields_OrdersStablyWithDirections()
    {
        var harness = new DataNodeHarness { Node = new SortNode(), Parameters = P("""{"sortFieldsUi":{"sortField":[{"fieldName":"g","order":"descending"},{"fieldName":"n"}]}}""") };
        var result = await harness.JsonAsync(Items("""{"g":1,"n":2}""", """{"g":2,"n":9}""", """{"g":1,"n":1}"""));
        Assert.Equal(["""{"g":2,"n":9}""", """{"g":1,"n":1}""", """{"g":1,"n":2}"""], result);
    }

    [Fact]
    public async Task Sort_FieldInNoItem_Fails()
    {
        var harness = new DataNodeHarness { Node = new SortNode(), Parameters = P("""{"sortFieldsUi":{"sortField":[{"fieldName":"zzz"}]}}""") };
        var e = await Assert.ThrowsAsync<NodeOperationException>(() => harness.RunAsync(Items("""{"a":1}""")));
        Assert.Contains("zzz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sort_Random_KeepsEveryItem()
    {
        var harness = new DataNodeHarness { Node = new SortNode(), Parameters = P("""{"type":"random"}""") };
        var result = await harness.JsonAsync(Items("""{"a":1}""", """{"a":2}""", """{"a":3}"""));
        Assert.Equal(["""{"a":1}""", """{"a":2}""", """{"a":3}"""], result.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sort_CodeTheEvaluatorReturnsOrderFor_AppliesIt()
    {
        var harness = new DataNodeHarness
        {
            Node = new SortNode(),
            Parameters = P("""{"type":"code","code":"return a.json.n - b.json.n;"}"""),
            Evaluate = (template, _) => template.Contains("return a.json.n - b.json.n;", StringComparison.Ordinal) ? new JsArray([2, 0, 1]) : JsValue.Undefined,
        };
        Assert.Equal(["""{"n":1}""", """{"n":3}""", """{"n":2}"""], await harness.JsonAsync(Items("""{"n":3}""", """{"n":2}""", """{"n":1}""")));
    }

    [Fact]
    public async Task Sort_CodeTheEvaluatorCannotRun_FailsSayingTheRunnerIsNeeded()
    {
        var harness = new DataNodeHarness { Node = new SortNode(), Parameters = P("""{"type":"code","code":"x = 1; return 0;"}""") };
        var e = await Assert.ThrowsAsync<NodeOperationException>(() => harness.RunAsync(Items("{}", "{}")));
        Assert.Contains("JavaScript runner", e.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("firstItems", 2, new[] { 1, 2 })]
    [InlineData("lastItems", 2, new[] { 2, 3 })]
    [InlineData("firstItems", 10, new[] { 1, 2, 3 })]
    public async Task Limit_KeepsRequestedEnd(string keep, int max, int[] expected)
    {
        var harness = new DataNodeHarness { Node = new LimitNode(), Parameters = new JsObject { ["keep"] = keep, ["maxItems"] = max } };
        var output = await harness.RunAsync(Items("""{"a":1}""", """{"a":2}""", """{"a":3}"""));
        Assert.Equal(expected, output.Main.Select(i => (int)i.Json["a"].AsNumber()));
    }
}

public sealed class ItemListsNodeTests
{
    [Fact]
    public async Task V1_SplitMissingField_PassesItemThrough()
    {
        var harness = new DataNodeHarness { Node = new ItemListsNode(), TypeVersion = 1, Parameters = P("""{"fieldToSplitOut":"nope"}""") };
        Assert.Equal(["""{"a":1}"""], await harness.JsonAsync(Items("""{"a":1}""")));
    }

    [Fact]
    public async Task V21_AggregateMissingField_GivesEmptyList_WhileV2PassesThrough()
    {
        const string parameters = """{"operation":"aggregateItems","fieldsToAggregate":{"fieldToAggregate":[{"fieldToAggregate":"idd"}]}}""";
        var v21 = new DataNodeHarness { Node = new ItemListsNode(), TypeVersion = 2.1, Parameters = P(parameters) };
        var v2 = new DataNodeHarness { Node = new ItemListsNode(), TypeVersion = 2, Parameters = P(parameters) };
        Assert.Equal(["""{"idd":[]}"""], await v21.JsonAsync(Items("""{"id":1}""", """{"id":2}""")));
        Assert.Equal(["""{"id":1}""", """{"id":2}"""], await v2.JsonAsync(Items("""{"id":1}""", """{"id":2}""")));
    }

    [Fact]
    public async Task V3_ConcatenateAndLegacyFieldCollection_Work()
    {
        var harness = new DataNodeHarness { Node = new ItemListsNode(), TypeVersion = 3, Parameters = P("""{"operation":"concatenateItems","aggregate":"aggregateAllItemData","include":"allFieldsExcept","fieldsToExclude":{"fields":[{"fieldName":"b"}]}}""") };
        Assert.Equal(["""{"data":[{"a":1},{"a":2}]}"""], await harness.JsonAsync(Items("""{"a":1,"b":0}""", """{"a":2}""")));
    }

    [Fact]
    public async Task V2_SummarizeMissingField_PassesInputThrough()
    {
        var harness = new DataNodeHarness { Node = new ItemListsNode(), TypeVersion = 2, Parameters = P("""{"operation":"summarize","fieldsToSummarize":{"values":[{"field":"idd"}]}}""") };
        Assert.Equal(["""{"id":1}"""], await harness.JsonAsync(Items("""{"id":1}""")));
    }
}
