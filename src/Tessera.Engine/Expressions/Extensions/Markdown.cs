using System.Text.RegularExpressions;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>
/// Strips Markdown the way n8n's <c>removeMarkdown()</c> behaves when observed (not a full Markdown parser): HTML tags,
/// list markers, ATX headings, links and images, quote markers, code ticks, one pass of emphasis (which needs at least
/// two characters inside, so "*a*" stays), strike-through, and runs of blank lines.
/// </summary>
internal static partial class Markdown
{
    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Html();

    [GeneratedRegex(@"^([ \t]*)(?:[*+-]|\d+\.)[ \t]+", RegexOptions.Multiline)]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^#{1,6}[ \t]*(?<text>.*?)(?:(?<=[ \t])#+[ \t]*)?$", RegexOptions.ExplicitCapture)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^#{1,6}[ \t]*")]
    private static partial Regex HeadingMarker();

    [GeneratedRegex(@"```[^\n]*\n")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^-{3,}$")]
    private static partial Regex WholeRule();

    [GeneratedRegex(@"^={2,}[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"\n?\[[^\]]*\]:[ \t]*\S+(?:[ \t]+""[^""]*"")?[ \t]*$")]
    private static partial Regex TrailingReferenceDefinition();

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\[([^\]]*)\]\[[^\]]*\]")]
    private static partial Regex RefLink();

    [GeneratedRegex(@"^[ \t>]*>", RegexOptions.Multiline)]
    private static partial Regex QuoteRun();

    [GeneratedRegex(@"`([^`\n]*)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"([*_]{1,3})(\S.*?\S)\1")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"~~(.*?)~~")]
    private static partial Regex Strike();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankRuns();

    public static string Strip(string text)
    {
        var s = Html().Replace(text, string.Empty);
        s = ListMarker().Replace(s, "$1");
        s = Headings(s);
        s = WholeRule().Replace(s, string.Empty);
        s = SetextUnderline().Replace(s, string.Empty);
        s = TrailingReferenceDefinition().Replace(s, string.Empty);
        s = Image().Replace(s, string.Empty);
        s = Link().Replace(s, "$1");
        s = RefLink().Replace(s, "$1");
        s = QuoteRun().Replace(s, m => m.Value.Replace(">", string.Empty, StringComparison.Ordinal));
        s = Fence().Replace(s, string.Empty);
        s = InlineCode().Replace(s, "$1");
        s = Emphasis().Replace(s, "$2");
        s = Strike().Replace(s, "$1");
        return BlankRuns().Replace(s, "\n\n");
    }

    /// <summary>
    /// ATX headings lose their markers. As observed in n8n, only the first heading also loses trailing #s, and every later
    /// one keeps a leading space (so do the extra #s of "####### seven").
    /// </summary>
    private static string Headings(string s)
    {
        if (!s.Contains('#', StringComparison.Ordinal))
        {
            return s;
        }

        var lines = s.Split('\n');
        var seen = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var changed = false;
            Match m;
            while ((m = Heading().Match(line)).Success)
            {
                // Only the first heading loses trailing #s; later ones keep them and gain a leading space.
                line = seen ? " " + HeadingMarker().Replace(line, string.Empty) : m.Groups["text"].Value;
                seen = true;
                changed = true;
                if (!line.StartsWith('#'))
                {
                    break;
                }
            }

            if (changed)
            {
                lines[i] = line;
            }
        }

        return string.Join('\n', lines);
    }
}
