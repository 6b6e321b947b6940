using Tessera.Engine.Data;
using Tessera.Engine.Workflows;
using Tessera.Nodes.Tests.Files;
using Tessera.Nodes.Values.Xml;

namespace Tessera.Nodes.Tests.Values.Xml;

public sealed class XmlNodeTests
{
    private static JsObject Out(string parameters, string inputJson) =>
        NodeHarness.Run(new XmlNode(), parameters, [NodeHarness.JsonItem(inputJson)])[0].Json;

    [Fact]
    public void JsonToXml_SingleKey_UsesKeyAsRootWithDeclaration()
    {
        var json = Out("""{"mode":"jsonToxml","options":{}}""", """{"data":{"id":1,"firstName":"Adam","fullName":"Adam Smith"}}""");

        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<data>\n  <id>1</id>\n  <firstName>Adam</firstName>\n  <fullName>Adam Smith</fullName>\n</data>", json["data"].AsString());
    }

    [Fact]
    public void JsonToXml_Headless_OmitsDeclaration()
    {
        var json = Out("""{"mode":"jsonToxml","options":{"headless":true}}""", """{"data":{"id":1}}""");

        Assert.Equal("<data>\n  <id>1</id>\n</data>", json["data"].AsString());
    }

    [Fact]
    public void JsonToXml_SeveralKeysAttributesArrays_WrapsInRootName()
    {
        var json = Out("""{"mode":"jsonToxml","options":{"headless":true,"rootName":"doc"}}""",
            """{"a":{"$":{"x":"1 & 2"},"_":"t<"},"b":[1,2],"c":""}""");

        Assert.Equal("<doc>\n  <a x=\"1 &amp; 2\">t&lt;</a>\n  <b>1</b>\n  <b>2</b>\n  <c/>\n</doc>", json["data"].AsString());
    }

    [Fact]
    public void XmlToJson_Defaults_KeepsRootAndStringValues()
    {
        var json = Out("""{"options":{}}""",
            """{"data":"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?> <data> <id>1</id> <firstName>Adam</firstName> </data>"}""");

        Assert.Equal("""{"data":{"id":"1","firstName":"Adam"}}""", JsonCodec.Serialize(json));
    }

    [Fact]
    public void XmlToJson_RepeatedChildrenAndAttributes_MergesAttrsAndMakesArrays()
    {
        var json = Out("""{"options":{}}""", """{"data":"<r><i k=\"a\">x</i><i>y</i><e/></r>"}""");

        Assert.Equal("""{"r":{"i":[{"_":"x","k":"a"},"y"],"e":""}}""", JsonCodec.Serialize(json));
    }

    [Fact]
    public void XmlToJson_ExplicitArrayNoMergeNoRoot_FollowsXml2jsShapes()
    {
        var json = Out("""{"options":{"explicitArray":true,"mergeAttrs":false,"explicitRoot":false}}""",
            """{"data":"<r a=\"1\"><i>x</i></r>"}""");

        Assert.Equal("""{"$":{"a":"1"},"i":["x"]}""", JsonCodec.Serialize(json));
    }

    [Fact]
    public void XmlToJson_TrimNormalizeTagsIgnoreAttrs_Applied()
    {
        var json = Out("""{"options":{"trim":true,"normalize":true,"normalizeTags":true,"ignoreAttrs":true}}""",
            """{"data":"<Root a=\"1\"><Name>  Ada   Lovelace </Name></Root>"}""");

        Assert.Equal("""{"root":{"name":"Ada Lovelace"}}""", JsonCodec.Serialize(json));
    }

    [Fact]
    public void XmlToJson_RoundTripOfJsonToXml_GivesStrings()
    {
        var xml = Out("""{"mode":"jsonToxml","options":{}}""", """{"a":{"b":{"c":1}}}""")["data"].AsString();
        var json = Out("""{"options":{}}""", new JsObject { ["data"] = xml }.ToString());

        Assert.Equal("""{"a":{"b":{"c":"1"}}}""", JsonCodec.Serialize(json));
    }

    [Fact]
    public void XmlToJson_InvalidXml_FailsWithPosition()
    {
        var e = Assert.Throws<Tessera.Engine.Nodes.NodeOperationException>(() => Out("""{"options":{}}""", """{"data":"<a><b></a>"}"""));

        Assert.Contains("not valid", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.ItemIndex);
    }

    [Fact]
    public void XmlToJson_MissingPropertyWithContinueOnFail_EmitsErrorItem()
    {
        var node = new XmlNode();
        var items = NodeHarness.RunOutput(node, """{"options":{}}""", [NodeHarness.JsonItem("""{"other":1}""")], onError: "continueRegularOutput").Main;

        Assert.Contains("no JSON property called 'data'", items[0].Json["error"].AsString(), StringComparison.Ordinal);
    }
}
