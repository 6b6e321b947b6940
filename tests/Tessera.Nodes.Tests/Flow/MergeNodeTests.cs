using Tessera.Engine.Items;
using Tessera.Nodes.Flow.Merge;

namespace Tessera.Nodes.Tests.Flow;

public sealed class MergeNodeTests
{
    private static readonly List<Item> Left = FlowHarness.Items(
        """{"id":1,"data":"a","text":"foo"}""", """{"id":2,"data":"b","text":"foo"}""");

    private static readonly List<Item> Right = FlowHarness.Items(
        """{"id":1,"data":"c","tag":"second"}""", """{"id":2,"data":"d","tag":"second"}""", """{"id":3,"data":"e","tag":"second"}""");

    private static async Task<string> Run(double version, string parameters, IReadOnlyList<Item> a, IReadOnlyList<Item> b)
    {
        var output = await new FlowHarness().RunAsync(new MergeNode(), FlowHarness.Node("n8n-nodes-base.merge", version, parameters), a, b);
        return output.Outputs.Count == 0 ? "none" : FlowHarness.Json(output.Main);
    }

    private const string ByFields = """{"mode":"combine","mergeByFields":{"values":[{"field1":"id","field2":"id"}]},"joinMode":"JOIN","options":{}}""";

    [Fact]
    public async Task Append_ConcatenatesInputs() =>
        Assert.Equal("""[{"id":1,"data":"a","text":"foo"},{"id":2,"data":"b","text":"foo"},{"id":3,"data":"e","tag":"second"}]""",
            await Run(2, "{}", Left, Right[2..]));

    [Fact]
    public async Task Combine_KeepMatches_MergesPreferringInput2() =>
        Assert.Equal("""[{"id":1,"data":"c","text":"foo","tag":"second"},{"id":2,"data":"d","text":"foo","tag":"second"}]""",
            await Run(2, ByFields.Replace("JOIN", "keepMatches", StringComparison.Ordinal), Left, Right));

    [Fact]
    public async Task Combine_KeepNonMatches_TagsSource() =>
        Assert.Equal("""[{"id":3,"data":"e","tag":"second","_source":"input2"}]""",
            await Run(2, ByFields.Replace("JOIN", "keepNonMatches", StringComparison.Ordinal), Left, Right));

    [Fact]
    public async Task Combine_KeepEverything_AddsUnmatched() =>
        Assert.Equal("""[{"id":1,"data":"c","text":"foo","tag":"second"},{"id":2,"data":"d","text":"foo","tag":"second"},{"id":3,"data":"e","tag":"second"}]""",
            await Run(2, ByFields.Replace("JOIN", "keepEverything", StringComparison.Ordinal), Left, Right));

    [Fact]
    public async Task Combine_EnrichInput1_KeepsOnlyInput1Rows() =>
        Assert.Equal(2, (await Run(2, ByFields.Replace("JOIN", "enrichInput1", StringComparison.Ordinal), Left, Right)).Split("\"id\"").Length - 1);

    [Fact]
    public async Task Combine_OutputDataFromInput1_ReturnsMatchedInput1Items() =>
        Assert.Equal("""[{"id":1,"data":"a","text":"foo"},{"id":2,"data":"b","text":"foo"}]""",
            await Run(2, """{"mode":"combine","mergeByFields":{"values":[{"field1":"id","field2":"id"}]},"outputDataFrom":"input1"}""", Left, Right));

    [Fact]
    public async Task Combine_AddSuffix_SuffixesEveryField() =>
        Assert.Equal("""[{"id_1":1,"data_1":"a","text_1":"foo","id_2":1,"data_2":"c","tag_2":"second"}]""",
            await Run(2, """{"mode":"combine","mergeByFields":{"values":[{"field1":"id","field2":"id"}]},"options":{"clashHandling":{"values":{"resolveClash":"addSuffix"}}}}""", Left[..1], Right));

    [Fact]
    public async Task Combine_FuzzyCompare_MatchesTextAndNumber()
    {
        var text = FlowHarness.Items("""{"id":"1","x":true}""");
        Assert.Equal("none", await Run(2.1, ByFields.Replace("JOIN", "keepMatches", StringComparison.Ordinal), text, FlowHarness.Items()));
        Assert.Equal("[]", await Run(2.1, ByFields.Replace("JOIN", "keepMatches", StringComparison.Ordinal), text, Right));
        Assert.Contains("\"x\":true", await Run(2.1, """{"mode":"combine","mergeByFields":{"values":[{"field1":"id","field2":"id"}]},"options":{"fuzzyCompare":true}}""", text, Right), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Combine_OneEmptyInput_FollowsN8nShortcuts()
    {
        var keepNonMatches = ByFields.Replace("JOIN", "keepNonMatches", StringComparison.Ordinal);
        Assert.Equal(FlowHarness.Json(Left), await Run(2.1, keepNonMatches, Left, []));
        Assert.Equal(FlowHarness.Json(Left), await Run(2, ByFields.Replace("JOIN", "keepMatches", StringComparison.Ordinal), Left, []));
        Assert.Equal("none", await Run(2.1, ByFields.Replace("JOIN", "keepMatches", StringComparison.Ordinal), Left, []));
    }

    [Fact]
    public async Task Combine_ByPosition_PairsAndOptionallyKeepsUnpaired()
    {
        var parameters = """{"mode":"combine","combinationMode":"mergeByPosition","options":{"clashHandling":{"values":{"resolveClash":"preferInput1"}}}}""";
        Assert.Equal("""[{"id":1,"data":"a","tag":"second","text":"foo"},{"id":2,"data":"b","tag":"second","text":"foo"}]""".Length, (await Run(2, parameters, Left, Right)).Length);
        var unpaired = """{"mode":"combine","combinationMode":"mergeByPosition","options":{"includeUnpaired":true}}""";
        Assert.EndsWith("""{"id":3,"data":"e","tag":"second"}]""", await Run(2, unpaired, Left, Right), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Combine_Multiplex_CrossProduct()
    {
        var node = FlowHarness.Node("n8n-nodes-base.merge", 2, """{"mode":"combine","combinationMode":"multiplex","options":{"clashHandling":{"values":{"resolveClash":"preferInput1"}}}}""");
        var output = (await new FlowHarness().RunAsync(new MergeNode(), node, Left, Right)).Main;
        Assert.Equal(6, output.Count);
        Assert.Equal("a", output[0].Json["data"].AsString());
        Assert.Equal("second", output[0].Json["tag"].AsString());
        Assert.Equal([new PairedItem(1, 0), new PairedItem(2, 1)], output[5].Paired!);
        Assert.Equal("b", output[1].Json["data"].AsString());
    }

    [Fact]
    public async Task ChooseBranch_V2_OutputsChosenInputOrEmptyItem()
    {
        Assert.Equal(FlowHarness.Json(Right), await Run(2, """{"mode":"chooseBranch","output":"input2"}""", Left, Right));
        Assert.Equal("[{}]", await Run(2, """{"mode":"chooseBranch","output":"empty"}""", Left, Right));
    }

    [Fact]
    public async Task V3_AppendsThreeInputsAndChoosesByNumber()
    {
        var node = FlowHarness.Node("n8n-nodes-base.merge", 3, """{"numberInputs":3}""");
        var output = await new FlowHarness().RunAsync(new MergeNode(), node, Left, Right, FlowHarness.Items("""{"z":1}"""));
        Assert.Equal(6, output.Main.Count);
        Assert.Equal(3, new MergeNode().Description.Inputs(node));

        var choose = FlowHarness.Node("n8n-nodes-base.merge", 3, """{"mode":"chooseBranch","useDataOfInput":2}""");
        Assert.Equal(3, (await new FlowHarness().RunAsync(new MergeNode(), choose, Left, Right)).Main.Count);
    }

    [Fact]
    public async Task V3_CombineByFieldsString_MatchesNamedFields() =>
        Assert.Equal("""[{"id":2,"data":"d","text":"foo","tag":"second"}]""",
            await Run(3, """{"mode":"combine","combineBy":"combineByFields","fieldsToMatchString":"id","options":{}}""", Left[1..], Right));

    [Fact]
    public async Task V1_LegacyModes_Work()
    {
        Assert.Equal("""[{"id":1,"data":"a","text":"foo"}]""", await Run(1, """{"mode":"keepKeyMatches","propertyName1":"id","propertyName2":"id"}""", Left, Right[..1]));
        Assert.Equal("""[{"id":2,"data":"b","text":"foo"}]""", await Run(1, """{"mode":"removeKeyMatches","propertyName1":"id","propertyName2":"id"}""", Left, Right[..1]));
        Assert.Equal("""[{"id":1,"data":"c","text":"foo","tag":"second"},{"id":2,"data":"b","text":"foo"}]""", await Run(1, """{"mode":"mergeByKey","propertyName1":"id","propertyName2":"id"}""", Left, Right[..1]));
        Assert.Equal("""[{"id":1,"data":"c","text":"foo","tag":"second"}]""", await Run(1, """{"mode":"mergeByIndex","join":"inner"}""", Left, Right[..1]));
        Assert.Equal(FlowHarness.Json(Right), await Run(1, """{"mode":"passThrough","output":"input2"}""", Left, Right));
        Assert.Equal("[{}]", await Run(1, """{"mode":"wait"}""", Left, Right));
        Assert.Equal(6, (await Run(1, """{"mode":"multiplex"}""", Left, Right)).Split("\"id\"").Length - 1);
    }

    [Fact]
    public async Task SqlMode_FailsWithClearMessage() =>
        await Assert.ThrowsAsync<Tessera.Engine.Nodes.NodeOperationException>(async () => await Run(3, """{"mode":"combineBySql"}""", Left, Right));
}
