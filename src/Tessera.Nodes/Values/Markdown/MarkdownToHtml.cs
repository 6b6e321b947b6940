using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Values.Markdown;

/// <summary>
/// Markdown → HTML with Markdig, shaped like the output n8n's Markdown node gives (showdown conventions):
/// heading ids from the heading text, "..." turned into an ellipsis, blocks joined by single newlines.
/// </summary>
internal static partial class MarkdownToHtml
{
    public static string Convert(string markdown, JsObject options)
    {
        var builder = new MarkdownPipelineBuilder();
        if (Flag(options, "tables", false))
        {
            builder.UsePipeTables();
        }

        if (Flag(options, "strikethrough", false))
        {
            builder.UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough);
        }

        if (Flag(options, "tasklists", false))
        {
            builder.UseTaskLists();
        }

        if (Flag(options, "simplifiedAutoLink", false))
        {
            builder.UseAutoLinks();
        }

        if (Flag(options, "emoji", false))
        {
            builder.UseEmojiAndSmiley();
        }

        if (Flag(options, "simpleLineBreaks", false))
        {
            builder.UseSoftlineBreakAsHardlineBreak();
        }

        if (Flag(options, "customizedHeaderId", false))
        {
            builder.UseGenericAttributes();
        }

        var pipeline = builder.Build();
        var document = Markdig.Markdown.Parse(markdown, pipeline);
        Decorate(document, options);
        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.Render(document);
        var html = writer.ToString().TrimEnd('\n');
        if (Flag(options, "completeHTMLDocument", false))
        {
            html = "<!DOCTYPE HTML>\n<html>\n<head>\n<meta charset=\"utf-8\">\n</head>\n<body>\n" + html + "\n</body>\n</html>";
        }

        return html;
    }

    private static void Decorate(MarkdownDocument document, JsObject options)
    {
        var noHeaderId = Flag(options, "noHeaderId", false);
        var ghIds = Flag(options, "ghCompatibleHeaderId", false);
        var prefix = options["prefixHeaderId"].TryGetString() ?? string.Empty;
        var levelStart = options["headerLevelStart"].IsNumber ? (int)options["headerLevelStart"].AsNumber() : 1;
        var newWindow = Flag(options, "openLinksInNewWindow", false);
        var usedIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case HeadingBlock heading:
                    heading.Level = Math.Min(6, heading.Level + levelStart - 1);
                    var attributes = heading.GetAttributes();
                    if (noHeaderId)
                    {
                        attributes.Id = null;
                    }
                    else if (attributes.Id is null)
                    {
                        var text = InlineText(heading.Inline);
                        var id = prefix + (ghIds
                            ? GhIdStrip().Replace(text.Trim().ToLowerInvariant(), string.Empty).Replace(' ', '-')
                            : NonWord().Replace(text, string.Empty).ToLowerInvariant());
                        if (usedIds.TryGetValue(id, out var count))
                        {
                            usedIds[id] = count + 1;
                            id = $"{id}-{count + 1}";
                        }
                        else
                        {
                            usedIds[id] = 0;
                        }

                        attributes.Id = id;
                    }

                    break;
                case LiteralInline literal when literal.Content.ToString().Contains("...", StringComparison.Ordinal):
                    literal.Content = new Markdig.Helpers.StringSlice(literal.Content.ToString().Replace("...", "…", StringComparison.Ordinal));
                    break;
                case LinkInline { IsImage: false } link when newWindow:
                    var linkAttributes = link.GetAttributes();
                    linkAttributes.AddPropertyIfNotExist("rel", "noopener noreferrer");
                    linkAttributes.AddPropertyIfNotExist("target", "_blank");
                    break;
            }
        }
    }

    private static string InlineText(ContainerInline? inline)
    {
        var sb = new StringBuilder();
        if (inline is null)
        {
            return string.Empty;
        }

        foreach (var child in inline.Descendants())
        {
            switch (child)
            {
                case LiteralInline literal:
                    sb.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    sb.Append(code.Content);
                    break;
            }
        }

        return sb.ToString();
    }

    private static bool Flag(JsObject options, string key, bool fallback) =>
        options[key].IsBoolean ? options[key].AsBoolean() : fallback;

    [GeneratedRegex(@"[^\w]")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex GhIdStrip();
}
