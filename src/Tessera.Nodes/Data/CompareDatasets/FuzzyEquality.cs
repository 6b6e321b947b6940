using Tessera.Engine.Data;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.CompareDatasets;

/// <summary>
/// Compare Datasets' "fuzzy compare": values that mean the same in loosely typed data are equal — numbers and numeric
/// text, booleans and "true"/"1"/"0", JSON text and the object or array it encodes, and all empty values
/// (null, missing, "", [], {}).
/// </summary>
internal static class FuzzyEquality
{
    public static bool AreEqual(JsValue a, JsValue b)
    {
        if (JsonEquality.DeepEquals(a, b))
        {
            return true;
        }

        if (IsEmpty(a) && IsEmpty(b))
        {
            return true;
        }

        if (a.IsString && (b.IsObject || b.IsArray))
        {
            return Parse(a.AsString()) is { } pa && !pa.IsString && AreEqual(pa, b);
        }

        if (b.IsString && (a.IsObject || a.IsArray))
        {
            return Parse(b.AsString()) is { } pb && !pb.IsString && AreEqual(a, pb);
        }

        if (a.IsArray && b.IsArray)
        {
            var x = a.AsArray();
            var y = b.AsArray();
            return x.Count == y.Count && x.Zip(y).All(p => AreEqual(p.First, p.Second));
        }

        if (a.IsObject && b.IsObject)
        {
            var x = a.AsObject();
            var y = b.AsObject();
            return x.Keys.Union(y.Keys).All(k => AreEqual(x[k], y[k]));
        }

        if (ToBooleanLike(a) is { } ba && ToBooleanLike(b) is { } bb && (a.IsBoolean || b.IsBoolean))
        {
            return ba == bb;
        }

        if (ToNumberLike(a) is { } na && ToNumberLike(b) is { } nb)
        {
            return na == nb;
        }

        return false;
    }

    private static bool IsEmpty(JsValue v) => v.Kind switch
    {
        JsKind.Undefined or JsKind.Null => true,
        JsKind.String => v.AsString().Length == 0,
        JsKind.Array => v.AsArray().Count == 0,
        JsKind.Object => v.AsObject().Count == 0,
        _ => false,
    };

    private static JsValue? Parse(string text)
    {
        try
        {
            return JsonCodec.Parse(text);
        }
        catch (JsonFormatException)
        {
            return JsLiteral.TryParse(text, out var v) ? v : (JsValue?)null;
        }
    }

    private static bool? ToBooleanLike(JsValue v) => v.Kind switch
    {
        JsKind.Boolean => v.AsBoolean(),
        JsKind.Number => v.AsNumber() switch { 1 => true, 0 => false, _ => null },
        JsKind.String => v.AsString().Trim().ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => null,
        },
        _ => null,
    };

    private static double? ToNumberLike(JsValue v)
    {
        if (v.IsNumber)
        {
            return v.AsNumber();
        }

        if (v.IsString && v.AsString().Trim().Length > 0)
        {
            var n = JsConvert.StringToNumber(v.AsString());
            return double.IsNaN(n) ? null : n;
        }

        return null;
    }
}
