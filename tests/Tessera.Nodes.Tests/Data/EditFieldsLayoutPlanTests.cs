using Tessera.Engine.Data;
using Tessera.Nodes.Data.Set;
using Tessera.Nodes.Data.Shared;
using static Tessera.Nodes.Tests.Data.DataNodeHarness;

namespace Tessera.Nodes.Tests.Data;

/// <summary>
/// Edit Fields' positional plan must build exactly what the general path (clone, then <see cref="FieldPath.Set"/> each
/// field by name) builds — same keys, same order, same values — or refuse, leaving the item to the general path.
/// </summary>
public sealed class EditFieldsLayoutPlanTests
{
    private static readonly Tessera.Engine.Expressions.ExpressionEvaluator Evaluator = new();

    [Theory]
    [InlineData("""{"id":1,"name":"a"}""", new[] { "total", "label" }, true)]
    [InlineData("""{"id":1,"name":"a"}""", new[] { "name", "id", "extra" }, true)]
    [InlineData("""{"id":1,"name":"a"}""", new[] { "customer.id" }, true)]
    [InlineData("""{"id":1}""", new[] { "a.b.c", "d" }, true)]
    [InlineData("""{"id":1}""", new[] { "a.b", "a" }, true)]
    [InlineData("""{"id":1}""", new[] { "x", "x", "y" }, true)]
    [InlineData("""{"id":1}""", new[] { "a.b" }, false)]
    [InlineData("""{"a.b":1,"c":2}""", new[] { "a.b" }, true)]
    [InlineData("""{"nested":{"deep":[1,{"k":2}]},"s":"t"}""", new[] { "n", "nested" }, true)]
    [InlineData("""{}""", new[] { "first", "second.x" }, true)]
    [InlineData("""{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16}""", new[] { "k3", "k17", "k18" }, true)]
    public void Build_PlannableFields_MatchesGeneralPath(string input, string[] names, bool dotNotation)
    {
        foreach (var keepInput in new[] { true, false })
        {
            var source = JsObject.Parse(input);
            var fields = Values(names);
            var plan = EditFieldsLayoutPlan.TryCreate(keepInput ? source : null, names, dotNotation);

            Assert.NotNull(plan);
            Assert.True(plan.Fits(JsObject.Parse(input)));
            var built = plan.Build(keepInput ? source : null, fields);
            Assert.Equal(General(keepInput ? source : null, fields, dotNotation), JsonCodec.Serialize(built));
            Assert.Equal(input, JsonCodec.Serialize(source)); // the input is copied, never changed
            Assert.All(built.Keys.ToList(), key => Assert.True(built.TryGetValue(key, out _), key)); // lookups (and the index past 16 keys) work
        }
    }

    [Theory]
    [InlineData("""{"customer":{"name":"x"}}""", new[] { "customer.id" })] // into an existing value: depends on the value
    [InlineData("""{"id":1}""", new[] { "a.b", "a.c" })] // the second path writes into the object the first created
    [InlineData("""{"id":1}""", new[] { "list[0]" })] // creates an array
    [InlineData("""{"id":1}""", new[] { "a.0" })]
    [InlineData("""{"id":1}""", new[] { "0" })] // array-index keys move to the front
    [InlineData("""{"id":1}""", new[] { "__proto__" })]
    [InlineData("""{"id":1}""", new[] { "a.constructor" })]
    [InlineData("""{"2":1,"id":1}""", new[] { "x" })]
    public void TryCreate_FieldsDecidedPerItem_ReturnsNull(string input, string[] names)
    {
        Assert.Null(EditFieldsLayoutPlan.TryCreate(JsObject.Parse(input), names, dotNotation: true));
    }

    [Theory]
    [InlineData("""{"id":2,"name":"b"}""", true)]
    [InlineData("""{"name":"b","id":2}""", false)]
    [InlineData("""{"id":2}""", false)]
    [InlineData("""{"id":2,"name":"b","more":1}""", false)]
    public void Fits_OtherKeyLayouts_OnlyWhenKeysAndOrderAreEqual(string other, bool fits)
    {
        var plan = EditFieldsLayoutPlan.TryCreate(JsObject.Parse("""{"id":1,"name":"a"}"""), ["x"], dotNotation: true)!;

        Assert.Equal(fits, plan.Fits(JsObject.Parse(other)));
    }

    [Fact]
    public void Build_OutputsShareKeys_ChangingOneLeavesTheOthers()
    {
        var plan = EditFieldsLayoutPlan.TryCreate(JsObject.Parse("""{"id":1}"""), ["a", "c.d"], dotNotation: true)!;
        var first = plan.Build(JsObject.Parse("""{"id":1}"""), Values(["a", "c.d"]));
        var second = plan.Build(JsObject.Parse("""{"id":2}"""), Values(["a", "c.d"]));

        first["z"] = 9;
        first.Remove("id");
        first["c"].AsObject()["e"] = 5;

        Assert.Equal("""{"a":"v0","c":{"d":"v1","e":5},"z":9}""", JsonCodec.Serialize(first));
        Assert.Equal("""{"id":2,"a":"v0","c":{"d":"v1"}}""", JsonCodec.Serialize(second));
        second["a"] = "changed";
        Assert.Equal("changed", second["a"].AsString());
    }

    [Fact]
    public async Task SetNode_ItemsWithDifferentKeyLayouts_EachGetsItsOwnFields()
    {
        var harness = new DataNodeHarness
        {
            Node = new SetNode(),
            TypeVersion = 3.4,
            Evaluate = Evaluator.Evaluate,
            Parameters = P("""
                {"mode":"manual","includeOtherFields":true,"assignments":{"assignments":[
                  {"name":"a","type":"number","value":"={{ $json.a + 1 }}"},
                  {"name":"c.d","type":"string","value":"={{ $json.b }}"},
                  {"name":"e","type":"string","value":"k"}]}}
                """),
        };

        var result = await harness.JsonAsync(Items(
            """{"a":1,"b":"x"}""", """{"b":"y","a":2}""", """{"a":3,"b":"z"}""", """{"a":4,"c":{"f":1},"b":"w"}""", """{"a":5}"""));

        Assert.Equal(
            [
                """{"a":2,"b":"x","c":{"d":"x"},"e":"k"}""",
                """{"b":"y","a":3,"c":{"d":"y"},"e":"k"}""",
                """{"a":4,"b":"z","c":{"d":"z"},"e":"k"}""",
                """{"a":5,"c":{"f":1,"d":"w"},"b":"w","e":"k"}""",
                """{"a":6,"c":{"d":null},"e":"k"}""",
            ],
            result);
    }

    private static List<(string Name, JsValue Value)> Values(IReadOnlyList<string> names) =>
        [.. names.Select((name, i) => (name, JsValue.FromString("v" + i)))];

    private static string General(JsObject? source, List<(string Name, JsValue Value)> fields, bool dotNotation)
    {
        var json = source?.DeepClone() ?? new JsObject();
        foreach (var (name, value) in fields)
        {
            FieldPath.Set(json, name, value, dotNotation);
        }

        return JsonCodec.Serialize(json);
    }
}
