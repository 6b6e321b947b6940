using System.IO.Compression;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>n8n's Compression node (v1, v1.1): zip or gzip binary fields, and unpack zip/gzip archives.</summary>
internal sealed class CompressionNode : INodeType
{
    private const long MaxExpandedBytes = 1L << 30;

    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.compression",
        DisplayName = "Compression",
        Description = "Compress and decompress files",
        Versions = [1, 1.1],
        Category = "Files",
        Parameters =
        [
            new NodeParameter { Name = "operation", Type = ParameterType.Options, Default = "decompress" },
            new NodeParameter { Name = "binaryPropertyName", Type = ParameterType.String, Default = "data" },
            new NodeParameter { Name = "outputFormat", Type = ParameterType.Options, Default = "zip" },
            new NodeParameter { Name = "fileName", Type = ParameterType.String, Default = string.Empty },
            new NodeParameter { Name = "binaryPropertyOutput", Type = ParameterType.String, Default = "data" },
            new NodeParameter { Name = "outputPrefix", Type = ParameterType.String },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var operation = context.GetString("operation", 0, "decompress");
        if (operation is not ("compress" or "decompress"))
        {
            throw new NodeOperationException($"The operation '{operation}' is not known to Compression", description: "Use compress or decompress.");
        }

        return ValueTask.FromResult(ItemLoop.Map(context, (item, i) =>
            [operation == "compress" ? Compress(context, item, i) : Decompress(context, item, i)]));
    }

    private static List<string> Properties(NodeExecutionContext context, int index) =>
        [.. context.GetString("binaryPropertyName", index, "data").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static Item Compress(NodeExecutionContext context, Item item, int index)
    {
        var format = context.GetString("outputFormat", index, "zip");
        var files = Properties(context, index).Select(p => (Property: p, File: BinaryFiles.Require(item, p, index))).ToList();
        var binary = new Dictionary<string, BinaryData>();
        if (format == "zip")
        {
            using var buffer = new MemoryStream();
            using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (property, file) in files)
                {
                    var entry = archive.CreateEntry(file.FileName ?? property + (file.FileExtension is { } e ? "." + e : string.Empty), CompressionLevel.Optimal);
                    using var stream = entry.Open();
                    stream.Write(file.GetBytes());
                }
            }

            var name = context.GetString("fileName", index) is { Length: > 0 } n ? n : "archive.zip";
            binary[context.GetString("binaryPropertyOutput", index, "data")] = BinaryFiles.Create(buffer.ToArray(), name, "application/zip");
        }
        else if (format == "gzip")
        {
            var prefix = context.GetString("outputPrefix", index, "data");
            for (var n = 0; n < files.Count; n++)
            {
                var (property, file) = files[n];
                using var buffer = new MemoryStream();
                using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
                {
                    gzip.Write(file.GetBytes());
                }

                var name = (file.FileName ?? property) + ".gz";
                binary[files.Count == 1 && context.Node.TypeVersion >= 1.1 ? prefix : prefix + n] = BinaryFiles.Create(buffer.ToArray(), name, "application/gzip");
            }
        }
        else
        {
            throw ItemLoop.Fail($"The output format '{format}' is not supported", index, "Use zip or gzip.");
        }

        return new Item(item.Json, index) { Binary = binary };
    }

    private static Item Decompress(NodeExecutionContext context, Item item, int index)
    {
        var prefix = context.GetString("outputPrefix", index, "file_");
        var binary = new Dictionary<string, BinaryData>();
        var counter = 0;
        foreach (var property in Properties(context, index))
        {
            var file = BinaryFiles.Require(item, property, index);
            var bytes = file.GetBytes();
            if (bytes.AsSpan().StartsWith("PK"u8))
            {
                using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
                long total = 0;
                foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
                {
                    total += entry.Length;
                    if (total > MaxExpandedBytes)
                    {
                        throw ItemLoop.Fail("The archive expands to more than 1 GB", index, "Split the archive into smaller ones.");
                    }

                    using var stream = entry.Open();
                    using var content = new MemoryStream();
                    stream.CopyTo(content);
                    binary[prefix + counter++] = BinaryFiles.Create(content.ToArray(), Path.GetFileName(entry.FullName), null,
                        Path.GetDirectoryName(entry.FullName) is { Length: > 0 } dir ? dir : null);
                }
            }
            else if (bytes.Length > 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var content = new MemoryStream();
                gzip.CopyTo(content);
                var name = file.FileName is { } original && original.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? original[..^3] : file.FileName ?? "file";
                binary[prefix + counter++] = BinaryFiles.Create(content.ToArray(), name);
            }
            else
            {
                throw ItemLoop.Fail($"The binary field '{property}' is neither a zip nor a gzip archive", index, "Pick the field that holds the archive.");
            }
        }

        return new Item(item.Json, index) { Binary = binary };
    }
}
