using System.Text.RegularExpressions;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.RenameKeys;

/// <summary>n8n's Rename Keys node: renames fields by path, and optionally every key matching a regular expression.</summary>
internal sealed class RenameKeysNode : INodeType
{
    private const string RiskyMessage =
        "Regex pattern \"{0}\" may cause performance issues. Please try a simpler pattern like \"[a-z]+\" or \"\\w+\". ";

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.renameKeys",
        DisplayName = "Rename Keys",
        SideEffectFree = true,
        Description = "Update item field names",
        Versions = [1],
        Category = "Data transformation",
        Parameters =
        [
            Params.Fixed("keys", null, Params.Str("currentKey", "", "Current Key Name"), Params.Str("newKey", "", "New Key Name")),
            Params.Collection(
                "additionalOptions",
                null,
                Params.Fixed(
                    "regexReplacement",
                    null,
                    Params.Str("searchRegex", "", "Regular Expression"),
                    Params.Str("replaceRegex", "", "Replace With"),
                    Params.Collection("options", null, Params.Bool("caseInsensitive", false, "Case Insensitive"), Params.Num("depth", -1, "Max Depth")))),
        ],
    };

    /// <inheritdoc />
    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var items = context.InputItems;
        var output = new List<Item>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var index = i;
            ItemErrors.Run(context, index, output, () =>
            {
                var json = items[index].Json.DeepClone();
                RenameByKeys(context, json, index);
                RenameByRegex(context, json, index);
                output.Add(new Item(json) { Binary = ItemHelpers.CopyBinary(items[index]), Paired = [new PairedItem(index)] });
            });
        }

        return ValueTask.FromResult(NodeOutput.Single(output));
    }

    private static void RenameByKeys(NodeExecutionContext context, JsObject json, int index)
    {
        if (context.GetParameter("keys.key", index).TryGetArray() is not { } keys)
        {
            return;
        }

        foreach (var entry in keys)
        {
            var current = entry["currentKey"].IsString ? entry["currentKey"].AsString() : string.Empty;
            var renamed = entry["newKey"].IsString ? entry["newKey"].AsString() : string.Empty;
            if (current.Length == 0 || renamed.Length == 0 || current == renamed)
            {
                continue;
            }

            var value = FieldPath.Get(json, current);
            if (value.IsUndefined)
            {
                continue;
            }

            FieldPath.Set(json, renamed, value);
            FieldPath.Unset(json, current);
        }
    }

    private static void RenameByRegex(NodeExecutionContext context, JsObject json, int index)
    {
        if (context.GetParameter("additionalOptions.regexReplacement.replacements", index).TryGetArray() is not { } replacements)
        {
            return;
        }

        foreach (var entry in replacements)
        {
            var search = entry["searchRegex"].IsString ? entry["searchRegex"].AsString() : string.Empty;
            var replace = entry["replaceRegex"].IsString ? entry["replaceRegex"].AsString() : string.Empty;
            var options = entry["options"].TryGetObject() ?? new JsObject();
            var caseInsensitive = JsConvert.ToBoolean(options["caseInsensitive"]);
            var depth = options["depth"].IsNumber ? (int)options["depth"].AsNumber() : -1;
            if (search.Length == 0)
            {
                continue;
            }

            if (RegexSafety.IsRisky(search))
            {
                throw new NodeOperationException(string.Format(System.Globalization.CultureInfo.InvariantCulture, RiskyMessage, search), index);
            }

            Regex regex;
            try
            {
                regex = new Regex(search, (caseInsensitive ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (ArgumentException e)
            {
                throw new NodeOperationException($"The regular expression \"{search}\" is invalid: {e.Message}", index, "Fix the pattern in 'Regular Expression'.");
            }

            try
            {
                RenameLevel(json, regex, replace, depth, 0);
            }
            catch (RegexMatchTimeoutException)
            {
                throw new NodeOperationException(string.Format(System.Globalization.CultureInfo.InvariantCulture, RiskyMessage, search), index);
            }
        }
    }

    private static void RenameLevel(JsObject obj, Regex regex, string replacement, int maxDepth, int level)
    {
        var entries = obj.ToList();
        obj.Clear();
        foreach (var (key, value) in entries)
        {
            if ((maxDepth < 0 || level < maxDepth) && value.TryGetObject() is { } child)
            {
                RenameLevel(child, regex, replacement, maxDepth, level + 1);
            }

            var newKey = regex.IsMatch(key) ? regex.Replace(key, replacement) : key;
            obj[newKey] = value;
        }
    }
}
