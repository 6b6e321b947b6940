using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Files;

namespace Tessera.Nodes.Values.Markdown;

/// <summary>n8n's Markdown node: Markdown → HTML and HTML → Markdown, written to a destination key of each item.</summary>
internal sealed class MarkdownNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.markdown",
        DisplayName = "Markdown",
        SideEffectFree = true,
        Description = "Convert data between Markdown and HTML",
        Versions = [1],
        Category = "Data transformation",
        Parameters =
        [
            new NodeParameter
            {
                Name = "mode", Type = ParameterType.Options, Default = "htmlToMarkdown",
                Options = [new("Markdown to HTML", "markdownToHtml"), new("HTML to Markdown", "htmlToMarkdown")],
            },
            new NodeParameter { Name = "html", Type = ParameterType.String, Default = string.Empty },
            new NodeParameter { Name = "markdown", Type = ParameterType.String, Default = string.Empty },
            new NodeParameter { Name = "destinationKey", Type = ParameterType.String, Default = "data" },
            new NodeParameter { Name = "options", Type = ParameterType.Collection, Default = new JsObject() },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var mode = context.GetString("mode", 0, "htmlToMarkdown");
        if (mode is not ("markdownToHtml" or "htmlToMarkdown"))
        {
            throw new NodeOperationException($"The mode '{mode}' is not known.", description: "Choose markdownToHtml or htmlToMarkdown.");
        }

        return ValueTask.FromResult(ItemLoop.Map(context, (item, i) =>
        {
            var options = context.GetObject("options", i);
            var destination = context.GetString("destinationKey", i, "data");
            string result;
            if (mode == "markdownToHtml")
            {
                result = MarkdownToHtml.Convert(context.GetString("markdown", i), options);
            }
            else
            {
                result = HtmlToMarkdown.Convert(context.GetString("html", i), HtmlToMarkdownOptions.From(options));
            }

            var json = item.Json.DeepClone();
            JsPath.Set(json, destination, result);
            return [new Item(json, i) { Binary = item.Binary }];
        }));
    }
}
