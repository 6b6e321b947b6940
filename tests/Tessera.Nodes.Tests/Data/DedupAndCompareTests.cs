using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Nodes.Data.CompareDatasets;
using Tessera.Nodes.Data.RemoveDuplicates;
using static Tessera.Nodes.Tests.Data.DataNodeHarness;

namespace Tessera.Nodes.Tests.Data;

public sealed class RemoveDuplicatesNodeTests
{
    [Fact]
    public async Task V11_AllFields_KeepsFirstAndRespectsTypes()
    {
        var harness = new DataNodeHarness { Node = new RemoveDuplicatesNode(), TypeVersion = 1.1 };
        var result = await harness.JsonAsync(Items("""{"m":"1"}""", """{"m":1}""", """{"m":{}}""", """{"m":[]}""", """{"m":1}""", """{"m":"1"}"""));
        Assert.Equal(["""{"m":"1"}""", """{"m":1}""", """{"m":{}}""", """{"m":[]}"""], result);
    }

    [Fact]
    public async Task V1_SelectedFieldsRemoveOtherFields_OutputsComparedFieldsOnly()
    {
        var harness = new DataNodeHarness { Node = new RemoveDuplicatesNode(), Parameters = P("""{"compare":"selectedFields","fieldsToCompare":"a.b","options":{"removeOtherFields":true}}""") };
        Assert.Equal(["""{"a":{"b":1}}"""], await harness.JsonAsync(Items("""{"a":{"b":1},"x":1}""", """{"a":{"b":1},"x":2}""")));
    }

    [Fact]
    public async Task V1_AllFieldsExcept_IgnoresExcludedField()
    {
        var harness = new DataNodeHarness { Node = new RemoveDuplicatesNode(), Parameters = P("""{"compare":"allFieldsExcept","fieldsToExclude":"age"}""") };
        Assert.Equal(["""{"id":1,"age":18}"""], await harness.JsonAsync(Items("""{"id":1,"age":18}""", """{"age":98,"id":1}""")));
    }

    [Fact]
    public async Task V2_PreviousExecutions_RemovesValuesSeenBeforeUntilCleared()
    {
        var store = new InMemoryDeduplicationStore();
        DataNodeHarness Harness(string parameters) => new()
        {
            Node = new RemoveDuplicatesNode(),
            TypeVersion = 2,
            Parameters = P(parameters),
            Services = { [typeof(IDeduplicationStore)] = store },
        };
        var dedupe = Harness("""{"operation":"removeItemsRepeatedInPreviousExecutions","dedupeValue":"={{ $json.id }}"}""");

        var first = await dedupe.JsonAsync(Items("""{"id":1}""", """{"id":2}"""));
        var second = await dedupe.JsonAsync(Items("""{"id":2}""", """{"id":3}"""));
        await Harness("""{"operation":"clearDeduplicationHistory"}""").RunAsync(Items("{}"));
        var third = await dedupe.JsonAsync(Items("""{"id":1}"""));

        Assert.Equal(2, first.Count);
        Assert.Equal(["""{"id":3}"""], second);
        Assert.Equal(["""{"id":1}"""], third);
    }

    [Fact]
    public async Task Store_IncrementalKeys_KeepOnlyValuesAboveEarlierMaximum()
    {
        var store = new InMemoryDeduplicationStore();
        var first = await store.CheckAndRecordAsync("c", ["5", "3"], DeduplicationLogic.IncrementalNumber, 10, CancellationToken.None);
        var second = await store.CheckAndRecordAsync("c", ["4", "6"], DeduplicationLogic.IncrementalNumber, 10, CancellationToken.None);
        Assert.Equal([true, true], first);
        Assert.Equal([false, true], second);
    }

    [Fact]
    public async Task Store_SeenValues_ForgetsOldestBeyondHistorySize()
    {
        var store = new InMemoryDeduplicationStore();
        await store.CheckAndRecordAsync("c", ["a", "b", "c"], DeduplicationLogic.SeenValues, 2, CancellationToken.None);
        var again = await store.CheckAndRecordAsync("c", ["a", "c"], DeduplicationLogic.SeenValues, 2, CancellationToken.None);
        Assert.Equal([true, false], again);
    }
}

public sealed class CompareDatasetsNodeTests
{
    private static async Task<IReadOnlyList<IReadOnlyList<Item>>> Compare(double version, string parameters, string a, string b)
    {
        var harness = new DataNodeHarness { Node = new CompareDatasetsNode(), TypeVersion = version, Parameters = P(parameters) };
        List<Item> Parse(string json) => [.. JsonCodec.Parse(json).AsArray().Select(v => new Item(v.AsObject()))];
        var output = await harness.RunAsync(Parse(a), Parse(b));
        return output.Outputs;
    }

    private static string Texts(IReadOnlyList<Item> items) => JsonCodec.Serialize(new JsArray(items.Select(i => (JsValue)i.Json)));

    private const string ById = """{"mergeByFields":{"values":[{"field1":"id","field2":"id"}]}""";

    [Fact]
    public async Task V23_IncludeBoth_SplitsIntoFourOutputs()
    {
        var outputs = await Compare(2.3, ById + "}", """[{"id":1,"v":"a"},{"id":2,"v":"b"},{"id":3}]""", """[{"id":2,"v":"b"},{"id":3,"x":1},{"id":4}]""");
        Assert.Equal("""[{"id":1,"v":"a"}]""", Texts(outputs[0]));
        Assert.Equal("""[{"id":2,"v":"b"}]""", Texts(outputs[1]));
        Assert.Equal("""[{"keys":{"id":3},"same":{"id":3},"different":{"x":{"inputA":null,"inputB":1}}}]""", Texts(outputs[2]));
        Assert.Equal("""[{"id":4}]""", Texts(outputs[3]));
    }

    [Fact]
    public async Task V1_DefaultResolve_PrefersInputB()
    {
        var outputs = await Compare(1, ById + "}", """[{"id":1,"v":"a"}]""", """[{"id":1,"v":"b"}]""");
        Assert.Equal("""[{"id":1,"v":"b"}]""", Texts(outputs[2]));
    }

    [Fact]
    public async Task Mix_PrefersOneInputExceptListedFields()
    {
        var outputs = await Compare(2.3, ById + ""","resolve":"mix","preferWhenMix":"input1","exceptWhenMix":"qty"}""", """[{"id":1,"qty":1,"o":"y"}]""", """[{"id":1,"qty":0}]""");
        Assert.Equal("""[{"id":1,"qty":0,"o":"y"}]""", Texts(outputs[2]));
    }

    [Fact]
    public async Task Fuzzy_LooselyEqualValues_AreSame()
    {
        var outputs = await Compare(2.3, ById + ""","fuzzyCompare":true}""", """[{"id":"1","n":"25","b":"TRUE","l":"[1,2]","e":null}]""", """[{"id":1,"n":25,"b":true,"l":[1,2],"e":""}]""");
        Assert.Single(outputs[1]);
        Assert.Empty(outputs[2]);
    }

    [Fact]
    public async Task MultipleMatchesAll_ComparesEveryMatch()
    {
        var outputs = await Compare(1, ById + ""","resolve":"includeBoth","options":{"multipleMatches":"all"}}""", """[{"id":1,"v":"a"}]""", """[{"id":1,"v":"b"},{"id":1,"v":"c"},{"id":1,"v":"a"}]""");
        Assert.Equal(2, outputs[2].Count);
        Assert.Single(outputs[1]);
        Assert.Empty(outputs[3]);
    }

    [Fact]
    public async Task SkipFields_DifferencesOnlyInSkippedFields_AreSame()
    {
        var outputs = await Compare(2.1, ById + ""","options":{"skipFields":"meta.updated"}}""", """[{"id":1,"meta":{"updated":1,"k":2}}]""", """[{"id":1,"meta":{"updated":5,"k":2}}]""");
        Assert.Single(outputs[1]);
    }
}
