using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Engine.Tests.Expressions.Differential;

/// <summary>The differential corpus: item sets and the expressions evaluated over them (corpus.json beside this file).</summary>
internal sealed class DifferentialCorpus
{
    public required long NowMs { get; init; }

    public required Dictionary<string, List<Item>> ItemSets { get; init; }

    public required List<DifferentialCase> Cases { get; init; }

    /// <summary>The folder holding corpus.json in the source tree (found from the repository root).</summary>
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Tessera.sln")))
                {
                    return Path.Combine(dir.FullName, "tests", "Tessera.Engine.Tests", "Expressions", "Differential");
                }
            }

            throw new InvalidOperationException("Tessera.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static DifferentialCorpus Load()
    {
        var root = JsonCodec.Parse(File.ReadAllText(Path.Combine(Folder, "corpus.json"))).AsObject();
        var sets = new Dictionary<string, List<Item>>(StringComparer.Ordinal);
        foreach (var (name, items) in root["itemSets"].AsObject())
        {
            sets[name] = [.. items.AsArray().Select(j => new Item(j.AsObject()))];
        }

        var cases = root["cases"].AsArray()
            .Select(c => new DifferentialCase(c["items"].AsString(), (int)c["itemIndex"].AsNumber(), c["expression"].AsString()))
            .ToList();
        return new DifferentialCorpus { NowMs = (long)root["nowMs"].AsNumber(), ItemSets = sets, Cases = cases };
    }

    /// <summary>A fresh deep copy of an item set, so one side's in-place changes (e.g. <c>sort()</c>) cannot leak to the other.</summary>
    public List<Item> Fresh(string set) => [.. ItemSets[set].Select(i => new Item(i.Json.DeepClone()))];
}

/// <summary>One expression over one item of an item set.</summary>
internal sealed record DifferentialCase(string Items, int ItemIndex, string Expression)
{
    public string Key => $"{Items}[{ItemIndex}] {Expression}";
}
