using System.Globalization;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.RemoveDuplicates;

/// <summary>Which fields decide that two items are duplicates.</summary>
/// <param name="Compare">allFields, allFieldsExcept or selectedFields.</param>
/// <param name="FieldsToExclude">For allFieldsExcept.</param>
/// <param name="FieldsToCompare">For selectedFields.</param>
/// <param name="DotNotation">Whether <c>a.b</c> means a nested field.</param>
/// <param name="RemoveOtherFields">Output only the compared fields.</param>
internal sealed record DuplicateSettings(
    string Compare,
    IReadOnlyList<string> FieldsToExclude,
    IReadOnlyList<string> FieldsToCompare,
    bool DotNotation,
    bool RemoveOtherFields);

/// <summary>Keeps the first of every group of items equal on the compared fields (types matter: "1" ≠ 1, {} ≠ []).</summary>
internal static class DuplicateFinder
{
    public static NodeOutput Execute(NodeExecutionContext context, DuplicateSettings s)
    {
        var items = context.InputItems;
        if (s.Compare == "selectedFields" && s.FieldsToCompare.Count == 0)
        {
            throw new NodeOperationException("No fields specified. Please add a field to compare on", description: "Enter the fields in 'Fields To Compare'.");
        }

        if (s.Compare == "allFieldsExcept" && s.FieldsToExclude.Count == 0)
        {
            throw new NodeOperationException("No fields specified. Please add a field to exclude from comparison", description: "Enter the fields in 'Fields To Exclude'.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var output = new List<Item>();
        for (var i = 0; i < items.Count; i++)
        {
            var key = KeyOf(items[i].Json, s);
            if (!seen.Add(CanonicalText(key)))
            {
                continue;
            }

            var json = s.RemoveOtherFields ? key.DeepClone() : items[i].Json.DeepClone();
            output.Add(new Item(json) { Binary = ItemHelpers.CopyBinary(items[i]), Paired = [new PairedItem(i)] });
        }

        return NodeOutput.Single(output);
    }

    private static JsObject KeyOf(JsObject json, DuplicateSettings s)
    {
        switch (s.Compare)
        {
            case "selectedFields":
                var picked = new JsObject();
                foreach (var f in s.FieldsToCompare)
                {
                    var value = FieldPath.Get(json, f, s.DotNotation);
                    if (!value.IsUndefined)
                    {
                        FieldPath.Set(picked, f, value, s.DotNotation);
                    }
                }

                return picked;
            case "allFieldsExcept":
                var rest = json.DeepClone();
                foreach (var f in s.FieldsToExclude)
                {
                    FieldPath.Unset(rest, f, s.DotNotation);
                }

                return rest;
            default:
                return json;
        }
    }

    /// <summary>JSON with object keys sorted, so equal data gives equal text whatever the key order.</summary>
    internal static string CanonicalText(JsValue value)
    {
        var sb = new StringBuilder();
        Write(sb, JsonValues.ToData(value));
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsValue value)
    {
        switch (value.Kind)
        {
            case JsKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in value.AsObject().OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (v.IsUndefined)
                    {
                        continue;
                    }

                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    sb.Append(JsonCodec.Serialize(k)).Append(':');
                    Write(sb, v);
                }

                sb.Append('}');
                break;
            case JsKind.Array:
                sb.Append('[');
                var arr = value.AsArray();
                for (var i = 0; i < arr.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Write(sb, arr[i]);
                }

                sb.Append(']');
                break;
            case JsKind.Undefined:
                sb.Append("undefined");
                break;
            case JsKind.Number:
                sb.Append(JsNumber.ToString(value.AsNumber()).ToString(CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append(JsonCodec.Serialize(value));
                break;
        }
    }
}
