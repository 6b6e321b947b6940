using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.RemoveDuplicates;

/// <summary>
/// n8n's Remove Duplicates node: v1/v1.1 remove duplicates within the input; v2 adds removing items seen in earlier
/// executions (through <see cref="IDeduplicationStore"/>) and clearing that history.
/// </summary>
internal sealed class RemoveDuplicatesNode : INodeType
{
    private static readonly double[] V2 = [2];

    /// <inheritdoc />
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.removeDuplicates",
        DisplayName = "Remove Duplicates",
        Description = "Delete items with matching field values",
        Versions = [1, 1.1, 2],
        Category = "Data transformation",
        Parameters =
        [
            Params.Options("operation", "removeDuplicateInputItems", V2, "removeDuplicateInputItems", "removeItemsRepeatedInPreviousExecutions", "clearDeduplicationHistory"),
            Params.Options("compare", "allFields", null, "allFields", "allFieldsExcept", "selectedFields"),
            Params.List("fieldsToExclude", "Fields To Exclude"),
            Params.List("fieldsToCompare", "Fields To Compare"),
            Params.Options("logic", "removeItemsWithAlreadySeenKeyValues", V2, "removeItemsWithAlreadySeenKeyValues", "removeItemsUpToStoredIncrementalKey", "removeItemsUpToStoredDate"),
            Params.Str("dedupeValue", "", "Value to Dedupe On", V2),
            Params.Num("incrementalDedupeValue", 0, "Value to Dedupe On", V2),
            Params.Str("dateDedupeValue", "", "Value to Dedupe On", V2),
            Params.Options("mode", "cleanDatabase", V2, "cleanDatabase"),
            Params.Collection(
                "options",
                null,
                Params.Bool("disableDotNotation", false, "Disable Dot Notation"),
                Params.Bool("removeOtherFields", false, "Remove Other Fields"),
                Params.Options("scope", "node", V2, "node", "workflow"),
                Params.Num("historySize", 10000, "History Size", V2)),
        ],
    };

    /// <inheritdoc />
    public async ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var operation = context.Node.TypeVersion >= 2 ? context.GetString("operation", 0, "removeDuplicateInputItems") : "removeDuplicateInputItems";
        switch (operation)
        {
            case "removeItemsRepeatedInPreviousExecutions":
                return await RemoveSeenBeforeAsync(context).ConfigureAwait(false);
            case "clearDeduplicationHistory":
                await StoreOf(context).ClearAsync(ContextKey(context), context.CancellationToken).ConfigureAwait(false);
                return NodeOutput.Single(context.InputItems);
            default:
                return DuplicateFinder.Execute(context, ReadSettings(context));
        }
    }

    /// <summary>Reads the duplicate-comparison parameters shared with Item Lists.</summary>
    internal static DuplicateSettings ReadSettings(NodeExecutionContext context) => new(
        context.GetString("compare", 0, "allFields"),
        FieldList.Parse(context.GetParameter("fieldsToExclude")),
        FieldList.Parse(context.GetParameter("fieldsToCompare")),
        !context.GetBoolean("options.disableDotNotation"),
        context.GetBoolean("options.removeOtherFields"));

    private static IDeduplicationStore StoreOf(NodeExecutionContext context) =>
        context.GetService<IDeduplicationStore>() ?? InMemoryDeduplicationStore.Shared;

    private static string ContextKey(NodeExecutionContext context)
    {
        var workflow = context.Workflow.Id ?? context.Workflow.Name;
        return context.GetString("options.scope", 0, "node") == "workflow"
            ? $"workflow:{workflow}"
            : $"node:{workflow}:{context.Node.Id ?? context.Node.Name}";
    }

    private static async ValueTask<NodeOutput> RemoveSeenBeforeAsync(NodeExecutionContext context)
    {
        var items = context.InputItems;
        var logicName = context.GetString("logic", 0, "removeItemsWithAlreadySeenKeyValues");
        var logic = logicName switch
        {
            "removeItemsUpToStoredIncrementalKey" => DeduplicationLogic.IncrementalNumber,
            "removeItemsUpToStoredDate" => DeduplicationLogic.LatestDate,
            _ => DeduplicationLogic.SeenValues,
        };
        var values = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            values.Add(ReadValue(context, logic, i));
        }

        var historySize = (int)context.GetNumber("options.historySize", 0, 10000);
        var isNew = await StoreOf(context).CheckAndRecordAsync(ContextKey(context), values, logic, historySize, context.CancellationToken).ConfigureAwait(false);
        var output = new List<Item>();
        for (var i = 0; i < items.Count; i++)
        {
            if (isNew[i])
            {
                output.Add(new Item(items[i].Json) { Binary = items[i].Binary, Paired = [new PairedItem(i)] });
            }
        }

        return NodeOutput.Single(output);
    }

    private static string ReadValue(NodeExecutionContext context, DeduplicationLogic logic, int i)
    {
        switch (logic)
        {
            case DeduplicationLogic.IncrementalNumber:
                var raw = context.GetParameter("incrementalDedupeValue", i);
                var n = raw.IsNumber ? raw.AsNumber() : JsConvert.ToNumber(raw);
                if (double.IsNaN(n) || raw.IsNullish)
                {
                    throw new NodeOperationException($"The value '{JsConvert.ToString(raw)}' is not a number", i, "Use a number (e.g. an incrementing id) in 'Value to Dedupe On'.");
                }

                return n.ToString("R", CultureInfo.InvariantCulture);
            case DeduplicationLogic.LatestDate:
                var dateValue = JsonValues.ToData(context.GetParameter("dateDedupeValue", i));
                var text = dateValue.IsString ? dateValue.AsString() : JsConvert.ToString(dateValue);
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                {
                    throw new NodeOperationException($"The value '{text}' is not a valid date", i, "Use an ISO 8601 date in 'Value to Dedupe On'.");
                }

                return date.ToString("O", CultureInfo.InvariantCulture);
            default:
                var value = context.GetParameter("dedupeValue", i);
                if (value.IsNullish || (value.IsString && value.AsString().Length == 0))
                {
                    throw new NodeOperationException($"The value to dedupe on is empty in item {i}", i, "Set 'Value to Dedupe On' to an expression such as {{ $json.id }}.");
                }

                return JsonValues.ToText(value);
        }
    }
}
