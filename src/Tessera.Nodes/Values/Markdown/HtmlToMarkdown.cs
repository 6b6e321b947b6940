using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Tessera.Nodes.Values.Markdown;

/// <summary>A small HTML → Markdown converter over AngleSharp's DOM (ATX headings, fenced code, GFM tables).</summary>
internal sealed partial class HtmlToMarkdown
{
    private const string BlockBreak = "\n\n";
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "head", "script", "style", "noscript", "template", "meta", "link", "title", "iframe", "svg", "input", "select", "button", "textarea",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "header", "footer", "nav", "main", "aside", "form", "figure", "figcaption", "address", "dl", "dt", "dd", "center",
    };

    private readonly HtmlToMarkdownOptions _options;
    private readonly List<(string Label, string Url)> _references = [];

    private HtmlToMarkdown(HtmlToMarkdownOptions options) => _options = options;

    public static string Convert(string html, HtmlToMarkdownOptions options)
    {
        var document = new HtmlParser().ParseDocument(html);
        var converter = new HtmlToMarkdown(options);
        var raw = converter.RenderChildren(document.DocumentElement);
        if (converter._references.Count > 0)
        {
            raw += BlockBreak + string.Join('\n', converter._references.Select((r, i) => $"[{i + 1}]: {r.Url}"));
        }

        return converter.Normalize(raw);
    }

    private string Normalize(string text)
    {
        var lead = LeadingSpaces().Match(text).Value;
        var maxBreaks = Math.Clamp(_options.MaxConsecutiveNewlines, 1, 2);
        var body = BlankRuns().Replace(text[lead.Length..], new string('\n', maxBreaks));
        body = body.TrimStart('\n').TrimEnd();
        return lead.Length > 0 && body.Length > 0 ? " " + BlockBreak + body : body;
    }

    private string RenderChildren(INode node)
    {
        var sb = new StringBuilder();
        foreach (var child in node.ChildNodes)
        {
            sb.Append(Render(child));
        }

        return sb.ToString();
    }

    private string Render(INode node) => node switch
    {
        IText text => RenderText(text),
        IElement element => RenderElement(element),
        _ => string.Empty,
    };

    private string RenderText(IText text)
    {
        if (HasAncestor(text, "pre"))
        {
            return text.Data;
        }

        var value = Whitespace().Replace(text.Data, " ");
        if (HasAncestor(text, "code"))
        {
            return value;
        }

        value = GlobalEscape().Replace(value, "\\$0");
        foreach (var (pattern, replacement) in _options.TextReplace)
        {
            value = pattern.Replace(value, replacement);
        }

        return value;
    }

    private string RenderElement(IElement element)
    {
        var tag = element.LocalName;
        if (Dropped.Contains(tag) || _options.Ignore.Contains(element.TagName))
        {
            return string.Empty;
        }

        switch (tag)
        {
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                var level = tag[1] - '0';
                return Block(new string('#', level) + " " + Inline(element));
            case "br":
                return "  \n";
            case "hr":
                return Block("---");
            case "strong" or "b":
                return Wrap(element, _options.StrongDelimiter);
            case "em" or "i":
                return Wrap(element, _options.EmDelimiter);
            case "del" or "s" or "strike":
                return Wrap(element, _options.StrikeDelimiter);
            case "code" when !HasAncestor(element, "pre"):
                var code = element.TextContent;
                var ticks = code.Contains('`', StringComparison.Ordinal) ? "``" : "`";
                return code.Length == 0 ? string.Empty : ticks + code + ticks;
            case "pre":
                return Block(CodeBlock(element));
            case "a":
                return Link(element);
            case "img":
                var src = element.GetAttribute("src") ?? string.Empty;
                if (src.Length == 0 || (!_options.KeepDataImages && src.StartsWith("data:", StringComparison.OrdinalIgnoreCase)))
                {
                    return string.Empty;
                }

                return $"![{element.GetAttribute("alt") ?? string.Empty}]({src}{Title(element)})";
            case "ul" or "ol":
                return Block(List(element));
            case "blockquote":
                var quoted = Normalize(RenderChildren(element));
                return Block(string.Join('\n', quoted.Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l)));
            case "table":
                return Block(Table(element));
        }

        if (Blocks.Contains(tag) || _options.BlockElements.Contains(element.TagName))
        {
            return Block(RenderChildren(element).Trim(' '));
        }

        return RenderChildren(element);
    }

    private static string Block(string content) => BlockBreak + content.Trim(' ') + BlockBreak;

    private string Inline(IElement element) => Whitespace().Replace(RenderChildren(element).Replace("\n", " ", StringComparison.Ordinal), " ").Trim();

    private string Wrap(IElement element, string delimiter)
    {
        var inner = RenderChildren(element);
        var trimmed = inner.Trim();
        if (trimmed.Length == 0)
        {
            return inner;
        }

        var before = inner.Length > 0 && char.IsWhiteSpace(inner[0]) ? " " : string.Empty;
        var after = inner.Length > 0 && char.IsWhiteSpace(inner[^1]) ? " " : string.Empty;
        return before + delimiter + trimmed + delimiter + after;
    }

    private string Link(IElement element)
    {
        var href = element.GetAttribute("href");
        var text = Inline(element);
        if (string.IsNullOrEmpty(href))
        {
            return text;
        }

        if (_options.UseLinkReferenceDefinitions)
        {
            _references.Add((text, href));
            return $"[{text}][{_references.Count}]";
        }

        if (!_options.UseInlineLinks && text == href)
        {
            return $"<{href}>";
        }

        return $"[{text}]({href}{Title(element)})";
    }

    private static string Title(IElement element) =>
        element.GetAttribute("title") is { Length: > 0 } title ? $" \"{title.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : string.Empty;

    private string CodeBlock(IElement pre)
    {
        var code = pre.QuerySelector("code");
        var text = (code ?? pre).TextContent.TrimEnd('\n');
        if (_options.IndentedCodeBlocks)
        {
            return string.Join('\n', text.Split('\n').Select(l => "    " + l));
        }

        var language = code?.ClassList.FirstOrDefault(c => c.StartsWith("language-", StringComparison.Ordinal))?["language-".Length..] ?? string.Empty;
        return _options.CodeFence + language + "\n" + text + "\n" + _options.CodeFence;
    }

    private string List(IElement list)
    {
        var ordered = list.LocalName == "ol";
        var start = ordered && int.TryParse(list.GetAttribute("start"), out var s) ? s : 1;
        var lines = new List<string>();
        var index = 0;
        foreach (var li in list.Children.Where(c => c.LocalName == "li"))
        {
            var marker = ordered ? $"{start + index}. " : _options.BulletMarker + " ";
            index++;
            var content = Normalize(RenderChildren(li)).Replace(BlockBreak, "\n", StringComparison.Ordinal);
            var indent = new string(' ', marker.Length);
            var body = string.Join('\n', content.Split('\n').Select((l, i) => i == 0 ? marker + l : l.Length == 0 ? l : indent + l));
            lines.Add(body);
        }

        return string.Join('\n', lines);
    }

    private string Table(IElement table)
    {
        var rows = table.QuerySelectorAll("tr").Where(r => r.Closest("table") == table).ToList();
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var cells = rows.Select(r => r.Children.Where(c => c.LocalName is "td" or "th")
            .Select(c => Inline(c).Replace("|", "\\|", StringComparison.Ordinal)).ToList()).ToList();
        var width = cells.Max(r => r.Count);
        var sb = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            var row = cells[i];
            while (row.Count < width)
            {
                row.Add(string.Empty);
            }

            sb.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
            if (i == 0)
            {
                sb.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", width))).Append('\n');
            }
        }

        return sb.ToString().TrimEnd('\n');
    }

    private static bool HasAncestor(INode node, string tag)
    {
        for (var parent = node.ParentElement; parent is not null; parent = parent.ParentElement)
        {
            if (parent.LocalName == tag)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[\\`*_~\[\]]")]
    private static partial Regex GlobalEscape();

    [GeneratedRegex(@"[ \t]*\n(?:[ \t]*\n)+[ \t]*")]
    private static partial Regex BlankRuns();

    [GeneratedRegex(@"^[ \t]+(?=\n)")]
    private static partial Regex LeadingSpaces();
}
