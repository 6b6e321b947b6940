using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Summarize;

/// <summary>n8n's Summarize node: pivot-table style aggregation of items.</summary>
internal sealed class SummarizeNode : INodeType
{
    /// <inheritdoc />
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.summarize",
        DisplayName = "Summarize",
        SideEffectFree = true,
        Description = "Sum, count, max, etc. across items",
        Versions = [1, 1.1],
        Category = "Data transformation",
        Parameters =
        [
            Params.Fixed(
                "fieldsToSummarize",
                null,
                Params.Options("aggregation", "count", null, "append", "average", "concatenate", "count", "countUnique", "max", "min", "sum"),
                Params.Str("field", ""),
                Params.Bool("includeEmpty", false),
                Params.Options("separateBy", ",", null, ",", ", ", "\n", "", " ", "other"),
                Params.Str("customSeparator", "")),
            Params.List("fieldsToSplitBy", "Fields to Split By"),
            Params.Collection(
                "options",
                null,
                Params.Bool("continueIfFieldNotFound", false, "Continue if Field Not Found"),
                Params.Bool("disableDotNotation", false, "Disable Dot Notation"),
                Params.Options("outputFormat", "separateItems", null, "separateItems", "singleItem"),
                Params.Bool("skipEmptySplitFields", false, "Ignore items without valid fields to group by")),
        ],
    };

    /// <inheritdoc />
    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var version = context.Node.TypeVersion;
        var missing = version >= 1.1 || context.GetBoolean("options.continueIfFieldNotFound") ? MissingFieldMode.Continue : MissingFieldMode.Fail;
        return ValueTask.FromResult(SummarizeOperation.Execute(context, Read(context, missing, stringifySplitValues: version < 1.1)));
    }

    /// <summary>Reads the Summarize parameters shared with Item Lists.</summary>
    internal static SummarizeSettings Read(NodeExecutionContext context, MissingFieldMode missing, bool stringifySplitValues)
    {
        var fields = new List<SummarizeField>();
        if (context.GetParameter("fieldsToSummarize.values").TryGetArray() is { } list)
        {
            foreach (var entry in list)
            {
                var aggregation = entry["aggregation"].IsString ? entry["aggregation"].AsString() : "count";
                var field = entry["field"].IsString ? entry["field"].AsString().Trim() : string.Empty;
                var separateBy = entry["separateBy"].IsString ? entry["separateBy"].AsString() : ",";
                var separator = separateBy == "other"
                    ? (entry["customSeparator"].IsString ? entry["customSeparator"].AsString() : string.Empty)
                    : separateBy;
                if (field.Length == 0)
                {
                    throw new NodeOperationException("A field to summarize is empty", description: "Enter a field name for every entry in 'Fields to Summarize'.");
                }

                fields.Add(new SummarizeField(aggregation, field, separator, JsConvert.ToBoolean(entry["includeEmpty"])));
            }
        }

        return new SummarizeSettings
        {
            Fields = fields,
            SplitBy = FieldList.Parse(context.GetParameter("fieldsToSplitBy")),
            DotNotation = !context.GetBoolean("options.disableDotNotation"),
            Missing = missing,
            OutputFormat = context.GetString("options.outputFormat", 0, "separateItems"),
            SkipEmptySplitFields = context.GetBoolean("options.skipEmptySplitFields"),
            StringifySplitValues = stringifySplitValues,
        };
    }
}
