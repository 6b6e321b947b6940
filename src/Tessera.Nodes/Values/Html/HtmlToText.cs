using System.Text;
using AngleSharp.Dom;

namespace Tessera.Nodes.Values.Html;

/// <summary>
/// Renders HTML elements as readable plain text the way n8n's HTML node (v1.2) reports extracted text:
/// block elements on their own lines separated by blank lines, headings upper-cased, whitespace collapsed,
/// images as <c>alt [src]</c> and links as <c>text [href]</c>, head/script/style dropped.
/// </summary>
internal sealed class HtmlToText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "head", "script", "style", "noscript", "template", "title", "meta", "link", "input", "select", "button", "textarea", "iframe", "svg",
    };

    private static readonly HashSet<string> SingleLineBlocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "section", "article", "header", "footer", "nav", "main", "aside", "form", "li", "tr", "dd", "dt", "figure", "figcaption", "address",
    };

    private static readonly HashSet<string> ParagraphBlocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "dl", "hr",
    };

    private readonly StringBuilder _out = new();
    private readonly IReadOnlyList<string> _skipSelectors;
    private int _pendingNewlines;
    private bool _pendingSpace;
    private int _upper;
    private int _pre;

    private HtmlToText(IReadOnlyList<string> skipSelectors) => _skipSelectors = skipSelectors;

    /// <summary>Converts the elements (and everything inside them) to text.</summary>
    public static string Convert(IEnumerable<INode> nodes, IReadOnlyList<string>? skipSelectors = null)
    {
        var writer = new HtmlToText(skipSelectors ?? []);
        foreach (var node in nodes)
        {
            writer.Visit(node);
        }

        return writer._out.ToString().Trim();
    }

    private void Visit(INode node)
    {
        switch (node)
        {
            case IText text:
                WriteText(text.Data);
                break;
            case IElement element:
                VisitElement(element);
                break;
            case IDocument or IDocumentFragment:
                foreach (var child in node.ChildNodes)
                {
                    Visit(child);
                }

                break;
        }
    }

    private void VisitElement(IElement element)
    {
        var tag = element.LocalName;
        if (Skipped.Contains(tag) || _skipSelectors.Any(s => SafeMatches(element, s)))
        {
            return;
        }

        switch (tag)
        {
            case "br":
                _out.Append('\n');
                _pendingSpace = false;
                return;
            case "hr":
                Block(2);
                _out.Append(new string('-', 40));
                Block(2);
                return;
            case "img":
                var alt = element.GetAttribute("alt") ?? string.Empty;
                var src = element.GetAttribute("src") ?? string.Empty;
                WriteText(alt.Length > 0 ? $"{alt} [{src}]" : src.Length > 0 ? $"[{src}]" : string.Empty);
                return;
            case "a":
                VisitChildren(element);
                var href = element.GetAttribute("href");
                var label = element.TextContent.Trim();
                if (!string.IsNullOrEmpty(href) && href != label && !href.StartsWith('#'))
                {
                    WriteText($" [{href}]");
                }

                return;
        }

        var isHeading = tag.Length == 2 && tag[0] == 'h' && char.IsDigit(tag[1]);
        var newlines = ParagraphBlocks.Contains(tag) ? 2 : SingleLineBlocks.Contains(tag) ? 1 : 0;
        if (newlines > 0)
        {
            Block(newlines);
        }

        if (tag == "li")
        {
            var ordered = element.ParentElement?.LocalName == "ol";
            var index = element.ParentElement?.Children.Where(c => c.LocalName == "li").ToList().IndexOf(element) ?? 0;
            WriteRaw(ordered ? $"{index + 1}. " : " * ");
        }

        if (tag is "td" or "th" && element.PreviousElementSibling is not null)
        {
            WriteRaw("   ");
        }

        _upper += isHeading ? 1 : 0;
        _pre += tag == "pre" ? 1 : 0;
        VisitChildren(element);
        _upper -= isHeading ? 1 : 0;
        _pre -= tag == "pre" ? 1 : 0;
        if (newlines > 0)
        {
            Block(newlines);
        }
    }

    private void VisitChildren(IElement element)
    {
        foreach (var child in element.ChildNodes)
        {
            Visit(child);
        }
    }

    private static bool SafeMatches(IElement element, string selector)
    {
        try
        {
            return element.Matches(selector);
        }
        catch (DomException)
        {
            return false;
        }
    }

    private void Block(int newlines) => _pendingNewlines = Math.Max(_pendingNewlines, newlines);

    private void WriteRaw(string text)
    {
        FlushBreaks();
        _out.Append(text);
    }

    private void FlushBreaks()
    {
        if (_pendingNewlines > 0)
        {
            if (_out.Length > 0)
            {
                TrimTrailingSpaces();
                var existing = 0;
                for (var i = _out.Length - 1; i >= 0 && _out[i] == '\n'; i--)
                {
                    existing++;
                }

                _out.Append('\n', Math.Max(0, _pendingNewlines - existing));
            }

            _pendingNewlines = 0;
            _pendingSpace = false;
        }
    }

    private void TrimTrailingSpaces()
    {
        while (_out.Length > 0 && _out[^1] == ' ')
        {
            _out.Length--;
        }
    }

    private void WriteText(string raw)
    {
        if (_upper > 0)
        {
            raw = raw.ToUpperInvariant();
        }

        if (_pre > 0)
        {
            if (raw.Length > 0)
            {
                FlushBreaks();
                _out.Append(raw);
            }

            return;
        }

        foreach (var c in raw)
        {
            if (char.IsWhiteSpace(c))
            {
                _pendingSpace = true;
                continue;
            }

            var atLineStart = _out.Length == 0 || _out[^1] == '\n';
            FlushBreaks();
            if (_pendingSpace && !atLineStart && _out.Length > 0 && _out[^1] != '\n' && _out[^1] != ' ')
            {
                _out.Append(' ');
            }

            _pendingSpace = false;
            _out.Append(c);
        }
    }
}
