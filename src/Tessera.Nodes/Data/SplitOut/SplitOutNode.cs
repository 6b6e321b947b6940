using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.SplitOut;

/// <summary>n8n's Split Out node: one output item per element of a list field.</summary>
internal sealed class SplitOutNode : INodeType
{
    /// <inheritdoc />
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.splitOut",
        DisplayName = "Split Out",
        SideEffectFree = true,
        Description = "Turn a list inside item(s) into separate items",
        Versions = [1],
        Category = "Data transformation",
        Parameters =
        [
            Params.Str("fieldToSplitOut", "", "Fields To Split Out"),
            Params.Options("include", "noOtherFields", null, "noOtherFields", "allOtherFields", "selectedOtherFields"),
            Params.List("fieldsToInclude", "Fields To Include"),
            Params.Collection(
                "options",
                null,
                Params.Bool("disableDotNotation", false, "Disable Dot Notation"),
                Params.Str("destinationFieldName", "", "Destination Field Name"),
                Params.Bool("includeBinary", false, "Include Binary")),
        ],
    };

    /// <inheritdoc />
    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) =>
        ValueTask.FromResult(SplitOutOperation.Execute(context, i => Read(context, i, splitLists: true, missingKeepsItem: false)));

    /// <summary>Reads the Split Out parameters shared with Item Lists.</summary>
    internal static SplitOutSettings Read(NodeExecutionContext context, int i, bool splitLists, bool missingKeepsItem)
    {
        var fieldText = context.GetString("fieldToSplitOut", i);
        IReadOnlyList<string> fields = splitLists ? FieldList.Parse(fieldText) : fieldText.Trim().Length > 0 ? [fieldText.Trim()] : [];
        var destinationText = context.GetString("options.destinationFieldName", i);
        IReadOnlyList<string> destinations = splitLists ? FieldList.Parse(destinationText) : destinationText.Trim().Length > 0 ? [destinationText.Trim()] : [];
        return new SplitOutSettings(
            fields,
            context.GetString("include", i, "noOtherFields"),
            FieldList.Parse(context.GetParameter("fieldsToInclude", i)),
            destinations,
            !context.GetBoolean("options.disableDotNotation", i),
            context.GetBoolean("options.includeBinary", i),
            missingKeepsItem);
    }
}
