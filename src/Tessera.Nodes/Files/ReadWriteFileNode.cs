using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>
/// n8n's Read/Write Files from Disk node (v1), plus the legacy Read Binary File(s) nodes. Every path is checked
/// against the <see cref="FileAccessPolicy"/> after resolving <c>..</c> and symbolic links.
/// </summary>
internal sealed class ReadWriteFileNode : INodeType
{
    private readonly string _typeName;

    public ReadWriteFileNode(string typeName = "n8n-nodes-base.readWriteFile")
    {
        _typeName = typeName;
        Description = new NodeTypeDescription
        {
            Name = typeName,
            DisplayName = typeName switch
            {
                "n8n-nodes-base.readBinaryFile" => "Read Binary File",
                "n8n-nodes-base.readBinaryFiles" => "Read Binary Files",
                _ => "Read/Write Files from Disk",
            },
            Description = "Read or write files from the computer that runs Tessera",
            Versions = [1],
            Category = "Files",
            Parameters =
            [
                new NodeParameter { Name = "operation", Type = ParameterType.Options, Default = "read" },
                new NodeParameter { Name = "fileSelector", Type = ParameterType.String, Default = string.Empty },
                new NodeParameter { Name = "filePath", Type = ParameterType.String, Default = string.Empty },
                new NodeParameter { Name = "fileName", Type = ParameterType.String, Default = string.Empty },
                new NodeParameter { Name = "dataPropertyName", Type = ParameterType.String, Default = "data" },
                new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
            ],
        };
    }

    public NodeTypeDescription Description { get; }

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var policy = context.GetService<FileAccessPolicy>() ?? FileAccessPolicy.FromEnvironment();
        var output = _typeName switch
        {
            "n8n-nodes-base.readBinaryFile" => ItemLoop.Map(context, (item, i) => [ReadSingle(context, policy, item, i)]),
            "n8n-nodes-base.readBinaryFiles" => ItemLoop.Map(context, (item, i) => Read(context, policy, i, context.GetString("fileSelector", i), context.GetString("dataPropertyName", i, "data"))),
            _ => context.GetString("operation", 0, "read") switch
            {
                "read" => ItemLoop.Map(context, (item, i) =>
                    Read(context, policy, i, context.GetString("fileSelector", i), OptionOr(context, i, "dataPropertyName", "data"))),
                "write" => ItemLoop.Map(context, (item, i) => [Write(context, policy, item, i)]),
                var other => throw new NodeOperationException($"The operation '{other}' is not known to Read/Write Files from Disk", description: "Use read or write."),
            },
        };
        return ValueTask.FromResult(output);
    }

    private static string OptionOr(NodeExecutionContext context, int index, string key, string fallback) =>
        context.GetObject("options", index)[key].TryGetString() is { Length: > 0 } value ? value : fallback;

    private static List<Item> Read(NodeExecutionContext context, FileAccessPolicy policy, int index, string selector, string property)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            throw ItemLoop.Fail("No file selector is set", index, "Enter a path or a pattern such as /data/in/*.csv.");
        }

        var options = context.GetObject("options", index);
        var items = new List<Item>();
        foreach (var path in Find(policy, selector, index))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var real = policy.Check(path, index);
            var bytes = File.ReadAllBytes(real);
            var fileName = options["fileName"].TryGetString() is { Length: > 0 } n ? n : Path.GetFileName(path);
            var file = BinaryFiles.Create(bytes, fileName, options["mimeType"].TryGetString(), Path.GetDirectoryName(path));
            if (options["fileExtension"].TryGetString() is { Length: > 0 } extension)
            {
                file = file with { FileExtension = extension.TrimStart('.') };
            }

            items.Add(new Item(new JsObject(), index) { Binary = new() { [property] = file } });
        }

        return items;
    }

    private static IEnumerable<string> Find(FileAccessPolicy policy, string selector, int index)
    {
        if (!Glob.HasWildcards(selector))
        {
            var path = Path.GetFullPath(selector);
            policy.Check(path, index);
            if (!File.Exists(path))
            {
                throw ItemLoop.Fail($"The file '{selector}' does not exist", index, "Check the path and that Tessera can read it.");
            }

            return [path];
        }

        var (baseDirectory, matcher, recursive) = Glob.Compile(selector);
        if (!policy.IsAllowed(baseDirectory) && !policy.AllowedDirectories.Any(root => root.StartsWith(FileAccessPolicy.RealPath(baseDirectory) + "/", StringComparison.Ordinal)))
        {
            policy.Check(baseDirectory, index);
        }

        if (!Directory.Exists(baseDirectory))
        {
            return [];
        }

        var found = Directory.EnumerateFiles(baseDirectory, "*", new EnumerationOptions
        {
            RecurseSubdirectories = recursive,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
            MaxRecursionDepth = 32,
        });
        return found.Select(f => f.Replace('\\', '/')).Where(f => matcher.IsMatch(f) && policy.IsAllowed(f)).Order(StringComparer.Ordinal).ToList();
    }

    private static Item ReadSingle(NodeExecutionContext context, FileAccessPolicy policy, Item item, int index)
    {
        var path = context.GetString("filePath", index);
        var real = policy.Check(path, index);
        if (!File.Exists(real))
        {
            throw ItemLoop.Fail($"The file '{path}' does not exist", index, "Check the path and that Tessera can read it.");
        }

        var binary = item.Binary is null ? new Dictionary<string, BinaryData>() : new Dictionary<string, BinaryData>(item.Binary);
        binary[context.GetString("dataPropertyName", index, "data")] = BinaryFiles.Create(File.ReadAllBytes(real), Path.GetFileName(path), null, Path.GetDirectoryName(Path.GetFullPath(path)));
        return new Item(item.Json, index) { Binary = binary };
    }

    private static Item Write(NodeExecutionContext context, FileAccessPolicy policy, Item item, int index)
    {
        var path = context.GetString("fileName", index);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw ItemLoop.Fail("No file path is set", index, "Enter the path to write to in 'File Path and Name'.");
        }

        var property = context.GetString("dataPropertyName", index, "data");
        var file = BinaryFiles.Require(item, property, index);
        var real = policy.Check(path, index);
        if (Directory.Exists(real))
        {
            throw ItemLoop.Fail($"'{path}' is a directory", index, "Add a file name to the path.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        var append = context.GetObject("options", index)["append"] is { IsBoolean: true } a && a.AsBoolean();
        using (var stream = new FileStream(real, append ? FileMode.Append : FileMode.Create, FileAccess.Write))
        {
            stream.Write(file.GetBytes());
        }

        var json = item.Json.DeepClone();
        json["fileName"] = path;
        return new Item(json, index) { Binary = item.Binary };
    }
}
