using Tessera.Engine.Data;

namespace Tessera.Engine.Tests.Data;

public sealed class JsObjectLayoutsTests
{
    private static JsObject Make(int i) => new() { ["id"] = i, ["name"] = "n" + i, ["nested"] = new JsObject { ["a"] = i } };

    private static (JsObject First, JsObject Second) Shared()
    {
        var layouts = new JsObjectLayouts();
        var first = Make(1);
        var second = Make(2);
        layouts.Share(first);
        layouts.Share(second);
        return (first, second);
    }

    [Fact]
    public void Share_SameKeys_ValuesStayPerObject()
    {
        var (first, second) = Shared();

        Assert.Equal("""{"id":1,"name":"n1","nested":{"a":1}}""", first.ToString());
        Assert.Equal("""{"id":2,"name":"n2","nested":{"a":2}}""", second.ToString());
        Assert.Equal(["id", "name", "nested"], second.Keys);
    }

    [Fact]
    public void Set_NewKeyOnSharedObject_OtherObjectUnchanged()
    {
        var (first, second) = Shared();

        second["extra"] = true;
        second["0"] = "index key goes first";
        first["name"] = "renamed value";

        Assert.Equal(["0", "id", "name", "nested", "extra"], second.Keys);
        Assert.Equal(["id", "name", "nested"], first.Keys);
        Assert.Equal("renamed value", first["name"].AsString());
        Assert.Equal("n2", second["name"].AsString());
    }

    [Fact]
    public void Remove_OnSharedObject_OtherObjectKeepsKey()
    {
        var (first, second) = Shared();

        Assert.True(first.Remove("name"));

        Assert.Equal(["id", "nested"], first.Keys);
        Assert.Equal(["id", "name", "nested"], second.Keys);
        Assert.Equal("n2", second["name"].AsString());
    }

    [Fact]
    public void Clear_OnSharedObject_OtherObjectKeepsKeys()
    {
        var (first, second) = Shared();

        first.Clear();
        first["z"] = 1;

        Assert.Equal(["z"], first.Keys);
        Assert.Equal(["id", "name", "nested"], second.Keys);
    }

    [Fact]
    public void Share_NestedObjects_CopyOnWriteToo()
    {
        var (first, second) = Shared();

        first["nested"].AsObject()["b"] = 2;

        Assert.Equal("""{"a":1,"b":2}""", first["nested"].ToString());
        Assert.Equal("""{"a":2}""", second["nested"].ToString());
    }

    [Fact]
    public void DeepClone_OfSharedObject_MutatingEitherLeavesTheOther()
    {
        var (first, _) = Shared();
        var clone = first.DeepClone();
        var roomy = first.DeepClone(2);

        clone["added"] = 1;
        first.Remove("id");
        roomy["more"] = 2;

        Assert.Equal("""{"id":1,"name":"n1","nested":{"a":1},"added":1}""", clone.ToString());
        Assert.Equal("""{"name":"n1","nested":{"a":1}}""", first.ToString());
        Assert.Equal("""{"id":1,"name":"n1","nested":{"a":1},"more":2}""", roomy.ToString());
    }

    [Fact]
    public void Share_LargeObjectsWithIndex_LookupsAndCopyOnWriteWork()
    {
        var layouts = new JsObjectLayouts();
        var objects = Enumerable.Range(0, 3).Select(n =>
        {
            var o = new JsObject();
            for (var k = 0; k < 20; k++)
            {
                o["k" + k] = n * 100 + k;
            }

            layouts.Share(o);
            return o;
        }).ToList();

        objects[1]["k25"] = 1;
        objects[2].Remove("k3");

        Assert.Equal(119, objects[1]["k19"].AsNumber());
        Assert.Equal(1, objects[1]["k25"].AsNumber());
        Assert.False(objects[0].ContainsKey("k25"));
        Assert.True(objects[0].ContainsKey("k3"));
        Assert.False(objects[2].ContainsKey("k3"));
        Assert.Equal(204, objects[2]["k4"].AsNumber());
        Assert.Equal(4, objects[0]["k4"].AsNumber());
        Assert.Equal(20, objects[0].Count);
    }

    [Fact]
    public void Share_DifferentKeys_EachKeepsItsOwn()
    {
        var layouts = new JsObjectLayouts();
        var a = new JsObject { ["x"] = 1 };
        var b = new JsObject { ["y"] = 2 };

        layouts.Share(a);
        layouts.Share(b);

        Assert.Equal(["x"], a.Keys);
        Assert.Equal(["y"], b.Keys);
    }

    [Fact]
    public void CloneToExtend_SameFieldsAddedInOrder_ResultsMatchPlainClone()
    {
        var layouts = new JsObjectLayouts();
        var outputs = new List<JsObject>();
        for (var i = 0; i < 3; i++)
        {
            var input = new JsObject { ["id"] = i, ["name"] = "n" + i };
            var output = layouts.CloneToExtend(input, 2);
            output["total"] = i * 2;
            output["flag"] = i % 2 == 0;
            layouts.Share(output);
            outputs.Add(output);
            input["name"] = "changed";
            Assert.Equal(["id", "name"], input.Keys);
        }

        Assert.Equal("""{"id":0,"name":"n0","total":0,"flag":true}""", outputs[0].ToString());
        Assert.Equal("""{"id":2,"name":"n2","total":4,"flag":true}""", outputs[2].ToString());
    }

    [Fact]
    public void CloneToExtend_DifferentFieldOrIndexKey_KeepsJavaScriptOrder()
    {
        var layouts = new JsObjectLayouts();
        var first = layouts.CloneToExtend(new JsObject { ["a"] = 1 }, 2);
        first["b"] = 2;
        first["c"] = 3;
        layouts.Share(first);

        var second = layouts.CloneToExtend(new JsObject { ["a"] = 1 }, 2);
        second["c"] = 3;
        second["7"] = "index";
        second["b"] = 2;
        var third = layouts.CloneToExtend(new JsObject { ["a"] = 1 }, 0);
        third["b"] = 2;
        third["x"] = 9;
        third["c"] = 3;

        Assert.Equal(["a", "b", "c"], first.Keys);
        Assert.Equal(["7", "a", "c", "b"], second.Keys);
        Assert.Equal(["a", "b", "x", "c"], third.Keys);
        Assert.Equal(9, third["x"].AsNumber());
        Assert.Equal(3, third["c"].AsNumber());
    }

    [Fact]
    public void CloneToExtend_NestedValues_AreDeepCopies()
    {
        var layouts = new JsObjectLayouts();
        var seed = layouts.CloneToExtend(new JsObject { ["o"] = new JsObject { ["v"] = 1 } }, 1);
        seed["n"] = 1;
        layouts.Share(seed);
        var source = new JsObject { ["o"] = new JsObject { ["v"] = 1 } };

        var copy = layouts.CloneToExtend(source, 1);
        copy["o"].AsObject()["v"] = 2;

        Assert.Equal(1, source["o"].AsObject()["v"].AsNumber());
        Assert.Equal(2, copy["o"].AsObject()["v"].AsNumber());
    }
}
