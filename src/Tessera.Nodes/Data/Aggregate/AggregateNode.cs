using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Aggregate;

/// <summary>n8n's Aggregate node: combine a field from many items into a list in a single item.</summary>
internal sealed class AggregateNode : INodeType
{
    /// <inheritdoc />
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.aggregate",
        DisplayName = "Aggregate",
        SideEffectFree = true,
        Description = "Combine a field from many items into a list in a single item",
        Versions = [1],
        Category = "Data transformation",
        Parameters =
        [
            Params.Options("aggregate", "aggregateIndividualFields", null, "aggregateIndividualFields", "aggregateAllItemData"),
            Params.Fixed("fieldsToAggregate", null, Params.Str("fieldToAggregate", ""), Params.Bool("renameField", false), Params.Str("outputFieldName", "")),
            Params.Str("destinationFieldName", "data", "Put Output in Field"),
            Params.Options("include", "allFields", null, "allFields", "specifiedFields", "allFieldsExcept"),
            Params.List("fieldsToInclude", "Fields To Include"),
            Params.List("fieldsToExclude", "Fields To Exclude"),
            Params.Collection(
                "options",
                null,
                Params.Bool("disableDotNotation", false, "Disable Dot Notation"),
                Params.Bool("mergeLists", false, "Merge Lists"),
                Params.Bool("includeBinaries", false, "Include Binaries"),
                Params.Bool("keepOnlyUnique", false, "Keep Only Unique Binaries"),
                Params.Bool("keepMissing", false, "Keep Missing And Null Values"),
                Params.Str("groupByFields", "", "Group By Fields")),
        ],
    };

    /// <inheritdoc />
    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) =>
        ValueTask.FromResult(AggregateOperation.Execute(context, Read(context, missingPassesThrough: false)));

    /// <summary>Reads the Aggregate parameters shared with Item Lists.</summary>
    internal static AggregateSettings Read(NodeExecutionContext context, bool missingPassesThrough)
    {
        var dotNotation = !context.GetBoolean("options.disableDotNotation");
        var fields = new List<AggregateField>();
        if (context.GetParameter("fieldsToAggregate.fieldToAggregate").TryGetArray() is { } list)
        {
            foreach (var entry in list)
            {
                var input = entry["fieldToAggregate"].IsString ? entry["fieldToAggregate"].AsString().Trim() : string.Empty;
                var rename = JsConvert.ToBoolean(entry["renameField"]);
                var renamed = entry["outputFieldName"].IsString ? entry["outputFieldName"].AsString() : null;
                fields.Add(new AggregateField(input, AggregateOperation.OutputName(input, rename, renamed, dotNotation)));
            }
        }

        return new AggregateSettings
        {
            Mode = context.GetString("aggregate", 0, "aggregateIndividualFields"),
            Fields = fields,
            Destination = context.GetString("destinationFieldName", 0, "data"),
            Include = context.GetString("include", 0, "allFields"),
            IncludeFields = FieldList.Parse(context.GetParameter("fieldsToInclude")),
            ExcludeFields = FieldList.Parse(context.GetParameter("fieldsToExclude")),
            GroupBy = FieldList.Parse(context.GetParameter("options.groupByFields")),
            DotNotation = dotNotation,
            MergeLists = context.GetBoolean("options.mergeLists"),
            KeepMissing = context.GetBoolean("options.keepMissing"),
            IncludeBinaries = context.GetBoolean("options.includeBinaries"),
            KeepOnlyUniqueBinaries = context.GetBoolean("options.keepOnlyUnique"),
            MissingPassesThrough = missingPassesThrough,
        };
    }
}
