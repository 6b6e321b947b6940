using System.Text;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Tests.Files;

public sealed class CompressionNodeTests
{
    private static Item TwoFiles()
    {
        var item = NodeHarness.BinaryItem("hello"u8.ToArray(), "text/plain", "a.txt");
        item.Binary!["second"] = BinaryFiles.Create("world"u8.ToArray(), "b.txt");
        return item;
    }

    [Fact]
    public void ZipThenUnzip_TwoFields_GivesBothFilesBack()
    {
        var zipped = NodeHarness.Run(new CompressionNode(), """{"operation":"compress","binaryPropertyName":"data, second","outputFormat":"zip","fileName":"data.zip"}""", [TwoFiles()]);
        var unzipped = NodeHarness.Run(new CompressionNode(), """{"operation":"decompress","binaryPropertyName":"data"}""", zipped);

        Assert.Equal("data.zip", zipped[0].Binary!["data"].FileName);
        Assert.Equal("application/zip", zipped[0].Binary!["data"].MimeType);
        var files = unzipped[0].Binary!;
        Assert.Equal(["file_0", "file_1"], files.Keys.Order());
        Assert.Equal("a.txt", files["file_0"].FileName);
        Assert.Equal("world", Encoding.UTF8.GetString(files["file_1"].GetBytes()));
    }

    [Fact]
    public void GzipThenGunzip_RestoresNameAndContent()
    {
        var gz = NodeHarness.Run(new CompressionNode(), """{"operation":"compress","outputFormat":"gzip","outputPrefix":"gz"}""",
            [NodeHarness.BinaryItem("hello"u8.ToArray(), "text/plain", "a.txt")], 1.1);
        var back = NodeHarness.Run(new CompressionNode(), """{"operation":"decompress","binaryPropertyName":"gz","outputPrefix":"out"}""", gz, 1.1);

        Assert.Equal("a.txt.gz", gz[0].Binary!["gz"].FileName);
        Assert.Equal("a.txt", back[0].Binary!["out0"].FileName);
        Assert.Equal("hello", Encoding.UTF8.GetString(back[0].Binary!["out0"].GetBytes()));
    }

    [Fact]
    public void Decompress_NotAnArchive_FailsNamingField()
    {
        var e = Assert.Throws<NodeOperationException>(() => NodeHarness.Run(new CompressionNode(), """{"operation":"decompress"}""",
            [NodeHarness.BinaryItem("plain"u8.ToArray(), "text/plain", "a.txt")]));

        Assert.Contains("neither a zip nor a gzip", e.Message, StringComparison.Ordinal);
    }
}
