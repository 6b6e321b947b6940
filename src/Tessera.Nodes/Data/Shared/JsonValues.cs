using Tessera.Engine.Data;

namespace Tessera.Nodes.Data.Shared;

/// <summary>Turns values from expressions into storable item data, and small JavaScript-like helpers over values.</summary>
internal static class JsonValues
{
    /// <summary>
    /// A copy of <paramref name="value"/> holding only JSON data: host values (dates, durations…) become what JSON.stringify
    /// would write, functions and undefined inside objects are dropped. Objects and arrays are copied.
    /// </summary>
    public static JsValue ToData(JsValue value)
    {
        switch (value.Kind)
        {
            case JsKind.Host:
                return value.Reference is IJsonConvertible c ? ToData(c.ToJsonValue()) : JsValue.Undefined;
            case JsKind.Object:
                var obj = value.AsObject();
                var copy = new JsObject(obj.Count);
                foreach (var (k, v) in obj)
                {
                    var d = ToData(v);
                    if (!d.IsUndefined)
                    {
                        copy[k] = d;
                    }
                }

                return copy;
            case JsKind.Array:
                var arr = value.AsArray();
                var list = new JsArray(arr.Count);
                foreach (var v in arr)
                {
                    var d = ToData(v);
                    list.Add(d.IsUndefined ? JsValue.Null : d);
                }

                return list;
            case JsKind.Number when double.IsNaN(value.AsNumber()) || double.IsInfinity(value.AsNumber()):
                // JSON has no NaN/Infinity; n8n's stored items carry null.
                return JsValue.Null;
            default:
                return value;
        }
    }

    /// <summary>True for values n8n treats as "empty" in summaries: undefined, null and the empty string.</summary>
    public static bool IsBlank(JsValue value) => value.IsNullish || (value.IsString && value.AsString().Length == 0);

    /// <summary>A string identifying a value by type and content (for grouping and uniqueness); undefined has its own key.</summary>
    public static string IdentityKey(JsValue value) => value.Kind switch
    {
        JsKind.Undefined => "u",
        JsKind.Null => "n",
        JsKind.Boolean => value.AsBoolean() ? "b1" : "b0",
        JsKind.Number => "d" + JsNumber.ToString(value.AsNumber()),
        JsKind.String => "s" + value.AsString(),
        _ => "j" + JsonCodec.Serialize(ToData(value)),
    };

    /// <summary>JavaScript's abstract relational comparison <c>a &lt; b</c>.</summary>
    public static bool LessThan(JsValue a, JsValue b)
    {
        var pa = ToPrimitive(a);
        var pb = ToPrimitive(b);
        if (pa.IsString && pb.IsString)
        {
            return string.CompareOrdinal(pa.AsString(), pb.AsString()) < 0;
        }

        var na = JsConvert.ToNumber(pa);
        var nb = JsConvert.ToNumber(pb);
        return na < nb;
    }

    /// <summary>Text for concatenation: strings as is, objects and arrays as JSON, others as JavaScript prints them.</summary>
    public static string ToText(JsValue value) => value.Kind switch
    {
        JsKind.String => value.AsString(),
        JsKind.Object or JsKind.Array => JsonCodec.Serialize(ToData(value)),
        _ => JsConvert.ToString(value),
    };

    private static JsValue ToPrimitive(JsValue value) => value.Kind switch
    {
        JsKind.Object => "[object Object]",
        JsKind.Array => JsConvert.ToString(value),
        JsKind.Host when value.Reference is IJsPrimitive p => p.ToPrimitive(preferString: false),
        _ => value,
    };
}
