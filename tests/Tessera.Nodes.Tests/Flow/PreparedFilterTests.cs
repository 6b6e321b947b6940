using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Flow;
using Tessera.Nodes.Shared.Conditions;
using Tessera.Nodes.Tests.Data;

namespace Tessera.Nodes.Tests.Flow;

/// <summary>The filter prepared once per run must decide every item as the general filter evaluation does, errors included.</summary>
public sealed class PreparedFilterTests
{
    private static readonly ExpressionEvaluator Evaluator = new();

    private static readonly string[] ItemJson =
    [
        """{"price":30,"name":"Apple","tags":["a","b"],"flag":true}""",
        """{"price":10,"name":"banana","tags":[],"flag":false}""",
        """{"price":"30","name":"","tags":"x"}""",
        """{"price":null,"name":null}""",
        """{"other":1}""",
        """{"price":25,"name":"APPLE pie","tags":["x"],"flag":"true"}""",
    ];

    [Theory]
    [InlineData("""{"options":{"caseSensitive":true,"typeValidation":"strict"},"combinator":"and","conditions":[{"id":"c","leftValue":"={{ $json.price }}","rightValue":25,"operator":{"type":"number","operation":"gt"}}]}""")]
    [InlineData("""{"options":{"typeValidation":"loose"},"combinator":"and","conditions":[{"leftValue":"={{ $json.price }}","rightValue":"25","operator":{"type":"number","operation":"gte"}}]}""")]
    [InlineData("""{"options":{"caseSensitive":false},"combinator":"or","conditions":[{"leftValue":"={{ $json.name }}","rightValue":"apple","operator":{"type":"string","operation":"contains"}},{"leftValue":"={{ $json.price }}","rightValue":"={{ 10 }}","operator":{"type":"number","operation":"equals"}}]}""")]
    [InlineData("""{"combinator":"AND","conditions":[{"leftValue":"={{ $json.name }}","operator":{"type":"string","operation":"exists","singleValue":true}},{"leftValue":"={{ $json.name }}","operator":{"type":"string","operation":"notEmpty","singleValue":true}}]}""")]
    [InlineData("""{"conditions":[{"leftValue":"={{ $json.tags }}","rightValue":1,"operator":{"type":"array","operation":"lengthGt","rightType":"number"}}]}""")]
    [InlineData("""{"conditions":[{"leftValue":"={{ $json.flag }}","operator":{"type":"boolean","operation":"true","singleValue":true}}]}""")]
    [InlineData("""{"conditions":[null,{"leftValue":"={{ $json.missing }}","operator":{"type":"string","operation":"notExists"}}]}""")]
    [InlineData("""{"conditions":[]}""")]
    [InlineData("""{"conditions":[{"leftValue":"Apple","rightValue":"={{ $json.name }}","operator":{"type":"string","operation":"equals"}}]}""")]
    [InlineData("""{"conditions":[{"leftValue":"={{ $json.price.nope.deeper }}","rightValue":"x","operator":{"operation":"equals"}}]}""")]
    public void Evaluate_SameFilterAndItems_MatchesGeneralEvaluation(string filterJson)
    {
        var filter = JsObject.Parse(filterJson);
        var items = DataNodeHarness.Items(ItemJson);
        var context = Context(filter, items);
        var prepared = new PreparedFilter(filter);
        FilterOverrides[] overrides = [default, new(IgnoreCase: true), new(IgnoreCase: false, Loose: true)];

        foreach (var option in overrides)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var general = Outcome(() => FilterEvaluator.Evaluate(context, "conditions", i, option));
                var fast = Outcome(() => prepared.Evaluate(context, "conditions", i, option));
                Assert.Equal(general, fast);
            }
        }
    }

    [Fact]
    public void Evaluate_StrictTypeMismatch_FailsWithTheSameMessageAsGeneralEvaluation()
    {
        var filter = JsObject.Parse("""{"conditions":[{"leftValue":"={{ $json.price }}","rightValue":25,"operator":{"type":"number","operation":"gt"}}]}""");
        var items = DataNodeHarness.Items(ItemJson);
        var context = Context(filter, items);

        var general = Assert.Throws<NodeOperationException>(() => FilterEvaluator.Evaluate(context, "conditions", 2));
        var fast = Assert.Throws<NodeOperationException>(() => new PreparedFilter(filter).Evaluate(context, "conditions", 2, default));

        Assert.Equal(general.Message, fast.Message);
        Assert.Equal(general.Description, fast.Description);
        Assert.Contains("[condition 0, item 2]", fast.Message, StringComparison.Ordinal);
    }

    private static NodeExecutionContext Context(JsObject filter, List<Item> items) => new DataNodeHarness
    {
        Node = new FilterNode(),
        TypeVersion = 2,
        Evaluate = Evaluator.Evaluate,
        Parameters = new JsObject { ["conditions"] = filter },
    }.Context(items);

    private static string Outcome(Func<bool> run)
    {
        try
        {
            return run() ? "true" : "false";
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }
}
