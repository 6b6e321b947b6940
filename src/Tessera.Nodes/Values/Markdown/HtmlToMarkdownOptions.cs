using System.Text.RegularExpressions;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Values.Markdown;

/// <summary>Options of HTML → Markdown, named as in n8n's Markdown node.</summary>
internal sealed record HtmlToMarkdownOptions
{
    public string BulletMarker { get; init; } = "*";
    public string CodeFence { get; init; } = "```";
    public bool IndentedCodeBlocks { get; init; }
    public string EmDelimiter { get; init; } = "_";
    public string StrongDelimiter { get; init; } = "**";
    public string StrikeDelimiter { get; init; } = "~~";
    public IReadOnlySet<string> Ignore { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> BlockElements { get; init; } = new HashSet<string>();
    public int MaxConsecutiveNewlines { get; init; } = 3;
    public bool KeepDataImages { get; init; }
    public bool UseInlineLinks { get; init; } = true;
    public bool UseLinkReferenceDefinitions { get; init; }
    public IReadOnlyList<(Regex Pattern, string Replacement)> TextReplace { get; init; } = [];

    public static HtmlToMarkdownOptions From(JsObject options)
    {
        static string Text(JsObject o, string key, string fallback) => o[key].TryGetString() is { Length: > 0 } s ? s : fallback;
        static bool Flag(JsObject o, string key, bool fallback) => o[key].IsBoolean ? o[key].AsBoolean() : fallback;

        // Matched against upper-case tag names exactly, as the library behind n8n does: "H1" ignores headings, "h1" does not.
        static HashSet<string> Tags(JsObject o, string key) =>
            [.. (o[key].TryGetString() ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

        var replacements = new List<(Regex, string)>();
        foreach (var entry in options.GetPath("textReplace.values").TryGetArray() ?? [])
        {
            if (entry.TryGetObject() is { } pair && pair["pattern"].TryGetString() is { Length: > 0 } pattern)
            {
                replacements.Add((new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1)), pair["replacement"].TryGetString() ?? string.Empty));
            }
        }

        return new HtmlToMarkdownOptions
        {
            BulletMarker = Text(options, "bulletMarker", "*"),
            CodeFence = Text(options, "codeFence", "```"),
            IndentedCodeBlocks = Text(options, "codeBlockStyle", "fence") == "indented",
            EmDelimiter = Text(options, "emDelimiter", "_"),
            StrongDelimiter = Text(options, "strongDelimiter", "**"),
            StrikeDelimiter = Text(options, "strikeDelimiter", "~~"),
            Ignore = Tags(options, "ignore"),
            BlockElements = Tags(options, "blockElements"),
            MaxConsecutiveNewlines = options["maxConsecutiveNewlines"].IsNumber ? (int)options["maxConsecutiveNewlines"].AsNumber() : 3,
            KeepDataImages = Flag(options, "keepDataImages", false),
            UseInlineLinks = Flag(options, "useInlineLinks", true),
            UseLinkReferenceDefinitions = Flag(options, "useLinkReferenceDefinitions", false),
            TextReplace = replacements,
        };
    }
}
