using System.Text.RegularExpressions;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>Strips Markdown syntax (and HTML tags), keeping the readable text.</summary>
internal static partial class Markdown
{
    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Html();

    [GeneratedRegex(@"^[ \t]*(?:[-*_][ \t]*){3,}$", RegexOptions.Multiline)]
    private static partial Regex Rule();

    [GeneratedRegex(@"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[ \t]*>[ \t]?", RegexOptions.Multiline)]
    private static partial Regex Quote();

    [GeneratedRegex(@"^([ \t]*)(?:[*+-]|\d+\.)[ \t]+", RegexOptions.Multiline)]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"!\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\[([^\]]*)\]\[[^\]]*\]")]
    private static partial Regex RefLink();

    [GeneratedRegex(@"^[ \t]*\[[^\]]*\]:.*$\n?", RegexOptions.Multiline)]
    private static partial Regex RefDefinition();

    [GeneratedRegex(@"```[^\n]*\n?|~~~[^\n]*\n?")]
    private static partial Regex Fence();

    [GeneratedRegex(@"`([^`]*)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"(\*\*|__)(.+?)\1")]
    private static partial Regex Strong();

    [GeneratedRegex(@"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"~~(.+?)~~")]
    private static partial Regex Strike();

    public static string Strip(string text)
    {
        var s = Html().Replace(text, string.Empty);
        s = Rule().Replace(s, string.Empty);
        s = Fence().Replace(s, string.Empty);
        s = Heading().Replace(s, "$1");
        s = Quote().Replace(s, string.Empty);
        s = ListMarker().Replace(s, "$1");
        s = RefDefinition().Replace(s, string.Empty);
        s = Image().Replace(s, "$1");
        s = Link().Replace(s, "$1");
        s = RefLink().Replace(s, "$1");
        s = InlineCode().Replace(s, "$1");
        s = Strong().Replace(s, "$2");
        s = Emphasis().Replace(s, "$2");
        s = Strike().Replace(s, "$1");
        return s;
    }
}
