using Tessera.Engine.Data;
using static Tessera.Engine.Tests.Expressions.Extensions.ExtensionTestKit;

namespace Tessera.Engine.Tests.Expressions.Extensions;

public class ArrayObjectExtensionsTests
{
    [Fact]
    public void Aggregates_Numbers()
    {
        var nums = Parse("[1, 2, 3, 6]");
        Assert.Equal(12, Ext(nums, "sum").AsNumber());
        Assert.Equal(3, Ext(nums, "average").AsNumber());
        Assert.Equal(6, Ext(nums, "max").AsNumber());
        Assert.Equal(1, Ext(nums, "min").AsNumber());
        Assert.Contains("numbers", Fails(Parse("[1, \"2\"]"), "sum").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_SplitsBySize()
    {
        Assert.Equal("[[1,2],[3,4],[5]]", Json(Ext(Parse("[1,2,3,4,5]"), "chunk", 2)));
        Fails(Parse("[1]"), "chunk", 0);
    }

    [Fact]
    public void Compact_RemovesEmptyAndCompactsNested() =>
        Assert.Equal("[0,false,\"a\",{},{\"1\":2}]", Json(Ext(Parse("[null, 0, \"\", false, \"a\", [], {}, [null], [null, 2]]"), "compact")));

    [Fact]
    public void SetOperations_DeepEquality()
    {
        var a = Parse("[1, 2, {\"x\":1}, 2]");
        var b = Parse("[2, {\"x\":1}, 3]");
        Assert.Equal("[1]", Json(Ext(a, "difference", b)));
        Assert.Equal("[2,{\"x\":1}]", Json(Ext(a, "intersection", b)));
        Assert.Equal("[1,2,{\"x\":1},3]", Json(Ext(a, "union", b)));
        Assert.Equal("[1,2,{\"x\":1}]", Json(Ext(a, "unique")));
        Assert.Equal("[1,2,{\"x\":1}]", Json(Ext(a, "removeDuplicates")));
    }

    [Fact]
    public void Unique_ByKeys()
    {
        var people = Parse("[{\"n\":\"a\",\"c\":1},{\"n\":\"a\",\"c\":2},{\"n\":\"b\",\"c\":1}]");
        Assert.Equal("[{\"n\":\"a\",\"c\":1},{\"n\":\"b\",\"c\":1}]", Json(Ext(people, "unique", "n")));
        Assert.Equal(3, Ext(people, "unique", "n", "c").AsArray().Count);
        Assert.Single(Ext(people, "unique", "n,c").AsArray());
    }

    [Fact]
    public void FirstLastEmpty()
    {
        Assert.Equal(1, Ext(Parse("[1,2]"), "first").AsNumber());
        Assert.Equal(2, Ext(Parse("[1,2]"), "last").AsNumber());
        Assert.True(Ext(Parse("[]"), "first").IsUndefined);
        Assert.True(Ext(Parse("[]"), "isEmpty").AsBoolean());
        Assert.True(Ext(Parse("[0]"), "isNotEmpty").AsBoolean());
    }

    [Fact]
    public void Merge_ArraysOfObjects()
    {
        Assert.Equal("{\"a\":1,\"b\":2}", Json(Ext(Parse("[{\"a\":1},{\"b\":2}]"), "merge")));
        Assert.Equal("{\"a\":1,\"b\":3}", Json(Ext(Parse("[{\"a\":1}]"), "merge", Parse("[{\"a\":9,\"b\":3}]"))));
        Assert.Equal("{\"a\":1,\"b\":3,\"c\":1,\"d\":4}", Json(Ext(Parse("[{\"a\":1},{\"c\":1}]"), "merge", Parse("[{\"a\":9,\"b\":3},{\"d\":4}]"))));
        Fails(Parse("[{\"a\":1}]"), "merge", "x");
    }

    [Fact]
    public void Pluck_BareValueWhenOneFieldPresent()
    {
        var items = Parse("[{\"name\":\"A\",\"city\":\"X\"},{\"name\":\"B\"},{\"other\":1},5]");
        Assert.Equal("[[\"A\",\"X\"],\"B\"]", Json(Ext(items, "pluck", "name", "city")));
        Assert.Equal("[\"A\",\"B\"]", Json(Ext(items, "pluck", "name")));
    }

    [Fact]
    public void RandomItem_PicksMember()
    {
        var arr = Parse("[1,2,3]");
        var item = Ext(arr, "randomItem").AsNumber();
        Assert.Contains(item, new[] { 1d, 2d, 3d });
        Assert.True(Ext(Parse("[]"), "randomItem").IsUndefined);
    }

    [Fact]
    public void RenameKeys_Pairs()
    {
        Assert.Equal("[{\"c\":3,\"x\":1,\"y\":2},7]", Json(Ext(Parse("[{\"a\":1,\"c\":3,\"b\":2},7]"), "renameKeys", "a", "x", "b", "y")));
        Fails(Parse("[]"), "renameKeys", "a");
    }

    [Fact]
    public void SmartJoin_BuildsObject() =>
        Assert.Equal("{\" size \":\"L \",\"color\":\"red\",\"\":1}", Json(Ext(Parse("[{\"k\":\" size \",\"v\":\"L \"},{\"k\":\"color\",\"v\":\"red\"},{\"k\":\"\",\"v\":1},{\"v\":2}]"), "smartJoin", "k", "v")));

    [Fact]
    public void ToJsonStringAndAppend()
    {
        Assert.Equal("[1,\"a\"]", Ext(Parse("[1,\"a\"]"), "toJsonString").AsString());
        var original = Parse("[1]");
        Assert.Equal("[1,2,3]", Json(Ext(original, "append", 2, 3)));
        Assert.Equal("[1]", Json(original));
    }

    [Fact]
    public void ObjectCompact_NestedArrayBecomesIndexedObject() =>
        Assert.Equal("{\"a\":1,\"n\":{\"x\":2},\"arr\":{\"0\":1,\"2\":3}}",
            Json(Ext(Parse("{\"a\":1,\"b\":null,\"c\":\"\",\"n\":{\"x\":2,\"y\":null},\"arr\":[1,null,3]}"), "compact")));

    [Fact]
    public void ObjectFields_QueryAndFilter()
    {
        var obj = Parse("{\"a\":\"i exist\",\"b\":\"remove me\",\"c\":5}");
        Assert.True(Ext(obj, "hasField", "a").AsBoolean());
        Assert.False(Ext(obj, "hasField", "A").AsBoolean());
        Assert.Equal("{\"a\":\"i exist\"}", Json(Ext(obj, "keepFieldsContaining", "exist")));
        Assert.Equal("{\"a\":\"i exist\",\"c\":5}", Json(Ext(obj, "removeFieldsContaining", "remove")));
        Fails(obj, "removeFieldsContaining", "");
        Fails(obj, "keepFieldsContaining", 5);
        Assert.Equal("{\"a\":\"i exist\",\"c\":5}", Json(Ext(obj, "removeField", "b")));
        Assert.Equal("[\"a\",\"b\",\"c\"]", Json(Ext(obj, "keys")));
        Assert.Equal("[\"i exist\",\"remove me\",5]", Json(Ext(obj, "values")));
        Assert.False(Ext(obj, "isEmpty").AsBoolean());
        Assert.True(Ext(new JsObject(), "isEmpty").AsBoolean());
        Assert.True(Ext(obj, "isNotEmpty").AsBoolean());
    }

    [Fact]
    public void ObjectSerialisation()
    {
        var obj = Parse("{\"q\":\"a b&c\",\"n\":1,\"ok\":true}");
        Assert.Equal("q=a+b%26c&n=1&ok=true", Ext(obj, "urlEncode").AsString());
        Assert.Equal("{\"q\":\"a b&c\",\"n\":1,\"ok\":true}", Ext(obj, "toJsonString").AsString());
    }
}
