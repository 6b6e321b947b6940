using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Aggregate;
using Tessera.Nodes.Data.Limit;
using Tessera.Nodes.Data.RemoveDuplicates;
using Tessera.Nodes.Data.Shared;
using Tessera.Nodes.Data.Sort;
using Tessera.Nodes.Data.SplitOut;
using Tessera.Nodes.Data.Summarize;

namespace Tessera.Nodes.Data.ItemLists;

/// <summary>
/// n8n's Item Lists node (superseded by Split Out, Aggregate, Remove Duplicates, Sort, Limit and Summarize, which it reuses).
/// Version differences: up to v2 an item or input lacking the field passes through unchanged; v2.2 splits several
/// comma-separated fields; v3 renamed "aggregateItems" to "concatenateItems" and takes comma-separated field lists.
/// </summary>
internal sealed class ItemListsNode : INodeType
{
    /// <inheritdoc />
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.itemLists",
        DisplayName = "Item Lists",
        SideEffectFree = true,
        Description = "Helper for working with lists of items and transforming arrays",
        Versions = [1, 2, 2.1, 2.2, 3, 3.1],
        Category = "Data transformation",
        Parameters =
        [
            Params.Options("operation", "splitOutItems", null, "splitOutItems", "aggregateItems", "concatenateItems", "removeDuplicates", "sort", "limit", "summarize"),
            Params.Str("fieldToSplitOut", "", "Fields To Split Out"),
            Params.Options("include", "noOtherFields", null, "noOtherFields", "allOtherFields", "selectedOtherFields", "allFields", "specifiedFields", "allFieldsExcept"),
            Params.Options("aggregate", "aggregateIndividualFields", null, "aggregateIndividualFields", "aggregateAllItemData"),
            Params.Str("destinationFieldName", "data", "Put Output in Field"),
            Params.Options("compare", "allFields", null, "allFields", "allFieldsExcept", "selectedFields"),
            Params.Options("type", "simple", null, "simple", "random", "code"),
            Params.Num("maxItems", 1, "Max Items"),
            Params.Options("keep", "firstItems", null, "firstItems", "lastItems"),
            Params.List("fieldsToSplitBy", "Fields to Split By"),
        ],
    };

    /// <inheritdoc />
    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var version = context.Node.TypeVersion;
        var operation = context.GetString("operation", 0, "splitOutItems");
        var output = operation switch
        {
            "splitOutItems" => SplitOutOperation.Execute(context, i => WithInclude(context, i, version)),
            "aggregateItems" or "concatenateItems" => AggregateOperation.Execute(context, AggregateNode.Read(context, missingPassesThrough: version < 2.1)),
            "removeDuplicates" => DuplicateFinder.Execute(context, RemoveDuplicatesNode.ReadSettings(context)),
            "sort" => SortOperation.Execute(context, SortNode.Read(context)),
            "limit" => LimitNode.Execute(context),
            "summarize" => SummarizeOperation.Execute(context, SummarizeNode.Read(context, SummarizeMissing(context, version), stringifySplitValues: true)),
            _ => throw new NodeOperationException(
                $"The operation '{operation}' is not supported",
                description: "Choose splitOutItems, concatenateItems, removeDuplicates, sort, limit or summarize."),
        };
        return ValueTask.FromResult(output);
    }

    private static SplitOutSettings WithInclude(NodeExecutionContext context, int i, double version) =>
        SplitOutNode.Read(context, i, splitLists: version >= 2.2, missingKeepsItem: version < 2.1);

    private static MissingFieldMode SummarizeMissing(NodeExecutionContext context, double version)
    {
        if (version < 2.1)
        {
            return MissingFieldMode.PassThrough;
        }

        if (version < 3 || context.GetBoolean("options.continueIfFieldNotFound"))
        {
            return MissingFieldMode.Continue;
        }

        return MissingFieldMode.Fail;
    }
}
