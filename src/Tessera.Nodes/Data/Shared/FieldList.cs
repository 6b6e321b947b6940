using Tessera.Engine.Data;

namespace Tessera.Nodes.Data.Shared;

/// <summary>
/// Reads the field lists n8n's data nodes accept: a comma-separated string (<c>"a, b"</c>), an array of names, or the
/// older <c>{ fields: [{ fieldName }] }</c> collection.
/// </summary>
internal static class FieldList
{
    /// <summary>The trimmed, non-empty field names in <paramref name="value"/>.</summary>
    public static List<string> Parse(JsValue value)
    {
        var result = new List<string>();
        switch (value.Kind)
        {
            case JsKind.String:
                AddSplit(result, value.AsString());
                break;
            case JsKind.Number:
                result.Add(JsConvert.ToString(value));
                break;
            case JsKind.Array:
                foreach (var element in value.AsArray())
                {
                    if (element.IsString)
                    {
                        AddSplit(result, element.AsString());
                    }
                    else if (element.TryGetObject() is { } o && o["fieldName"].IsString)
                    {
                        AddOne(result, o["fieldName"].AsString());
                    }
                }

                break;
            case JsKind.Object:
                var fields = value.AsObject()["fields"];
                if (fields.IsArray)
                {
                    result.AddRange(Parse(fields));
                }

                break;
        }

        return result;
    }

    private static void AddSplit(List<string> result, string text)
    {
        foreach (var part in text.Split(','))
        {
            AddOne(result, part);
        }
    }

    private static void AddOne(List<string> result, string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length > 0)
        {
            result.Add(trimmed);
        }
    }
}
