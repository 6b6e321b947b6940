using System.Text;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Tests.Files;

public sealed class ReadWriteFileNodeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tessera-files-").FullName;
    private readonly string _allowed;
    private readonly string _outside;

    public ReadWriteFileNodeTests()
    {
        _allowed = Directory.CreateDirectory(Path.Combine(_root, "allowed")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        File.WriteAllText(Path.Combine(_allowed, "a.csv"), "x,y\n1,2");
        File.WriteAllText(Path.Combine(_allowed, "b.txt"), "bee");
        Directory.CreateDirectory(Path.Combine(_allowed, "sub"));
        File.WriteAllText(Path.Combine(_allowed, "sub", "c.csv"), "c");
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "secret");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IReadOnlyList<Item> Run(string parameters, Item? input = null, string type = "n8n-nodes-base.readWriteFile") =>
        NodeHarness.Run(new ReadWriteFileNode(type), parameters, [input ?? NodeHarness.JsonItem("{}")],
            services: new FileAccessPolicy([_allowed]));

    private static string P(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);

    [Fact]
    public void Read_SingleFile_GivesBinaryWithMetadata()
    {
        var items = Run($$"""{"fileSelector":"{{P(Path.Combine(_allowed, "a.csv"))}}"}""");
        var file = items[0].Binary!["data"];

        Assert.Equal("a.csv", file.FileName);
        Assert.Equal("text/csv", file.MimeType);
        Assert.Equal("csv", file.FileExtension);
        Assert.Equal(_allowed, file.Directory);
        Assert.Equal("x,y\n1,2", Encoding.UTF8.GetString(file.GetBytes()));
    }

    [Fact]
    public void Read_Glob_MatchesRecursivelyInOrder()
    {
        var items = Run($$"""{"fileSelector":"{{P(_allowed)}}/**/*.csv","options":{"dataPropertyName":"file"} }""");

        Assert.Equal(["a.csv", "c.csv"], items.Select(i => i.Binary!["file"].FileName));
    }

    [Fact]
    public void Read_OutsideAllowed_Fails()
    {
        var e = Assert.Throws<NodeOperationException>(() => Run($$"""{"fileSelector":"{{P(Path.Combine(_outside, "secret.txt"))}}"}"""));

        Assert.Contains("not allowed", e.Message, StringComparison.Ordinal);
        Assert.Contains(FileAccessPolicy.EnvironmentVariable, e.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DotDotEscape_Fails()
    {
        var sneaky = Path.Combine(_allowed, "..", "outside", "secret.txt");

        Assert.Throws<NodeOperationException>(() => Run($$"""{"fileSelector":"{{P(sneaky)}}"}"""));
    }

    [Fact]
    public void Read_SymlinkPointingOutside_Fails()
    {
        var link = Path.Combine(_allowed, "link.txt");
        File.CreateSymbolicLink(link, Path.Combine(_outside, "secret.txt"));

        Assert.Throws<NodeOperationException>(() => Run($$"""{"fileSelector":"{{P(link)}}"}"""));
        Assert.DoesNotContain(Run($$"""{"fileSelector":"{{P(_allowed)}}/*.txt"}"""), i => i.Binary!["data"].FileName == "link.txt");
    }

    [Fact]
    public void Read_NoAllowedDirectories_FailsWithHowToFix()
    {
        var e = Assert.Throws<NodeOperationException>(() => NodeHarness.Run(new ReadWriteFileNode(),
            $$"""{"fileSelector":"{{P(Path.Combine(_allowed, "a.csv"))}}"}""", [NodeHarness.JsonItem("{}")], services: new FileAccessPolicy([])));

        Assert.Contains("no directories are allowed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ThenAppend_WritesBytesAndReportsPath()
    {
        var target = Path.Combine(_allowed, "out", "new.txt");
        var input = NodeHarness.BinaryItem("one"u8.ToArray(), "text/plain", "x.txt");

        var written = Run($$"""{"operation":"write","fileName":"{{P(target)}}"}""", input);
        Run($$"""{"operation":"write","fileName":"{{P(target)}}","options":{"append":true} }""", input);

        Assert.Equal(target, written[0].Json["fileName"].AsString());
        Assert.Equal("oneone", File.ReadAllText(target));
    }

    [Fact]
    public void Write_OutsideAllowed_FailsAndWritesNothing()
    {
        var target = Path.Combine(_outside, "x.txt");

        Assert.Throws<NodeOperationException>(() => Run($$"""{"operation":"write","fileName":"{{P(target)}}"}""",
            NodeHarness.BinaryItem("x"u8.ToArray(), "text/plain", "x.txt")));
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void LegacyReadBinaryFile_KeepsJsonAndAddsFile()
    {
        var items = Run($$"""{"filePath":"{{P(Path.Combine(_allowed, "b.txt"))}}"}""", NodeHarness.JsonItem("""{"k":1}"""), "n8n-nodes-base.readBinaryFile");

        Assert.Equal(1, items[0].Json["k"].AsNumber());
        Assert.Equal("bee", Encoding.UTF8.GetString(items[0].Binary!["data"].GetBytes()));
    }
}
