using System.Globalization;
using Tessera.Engine.Data;

namespace Tessera.Engine.JavaScript;

/// <summary>
/// A JavaScript value JSON cannot carry (a date, a Luxon DateTime/Duration/Interval, a function, a regular
/// expression…), as the runner described it. Serialises as JSON.stringify would (dates as ISO strings).
/// </summary>
/// <param name="Type">The runner's tag: <c>Date</c>, <c>DateTime</c>, <c>Duration</c>, <c>Interval</c>, <c>function</c>, <c>RegExp</c>, <c>bigint</c>, <c>symbol</c>, <c>circular</c>.</param>
/// <param name="Text">Its text form (ISO string for dates; null for an invalid date).</param>
public sealed record JavaScriptOpaqueValue(string Type, string? Text) : IJsonConvertible, IJsHostObject
{
    /// <inheritdoc />
    public JsValue ToJsonValue() => Type switch
    {
        "Date" or "DateTime" or "Duration" or "Interval" => Text is null ? JsValue.Null : Text,
        "function" or "symbol" => JsValue.Undefined,
        "RegExp" or "circular" => new JsObject(),
        _ => Text,
    };

    /// <inheritdoc />
    public JsValue GetMember(string name) => name switch
    {
        "toISO" or "toISOString" or "toJSON" or "toString" => Text,
        _ => JsValue.Undefined,
    };

    /// <inheritdoc />
    public string TypeOf => Type switch
    {
        "function" => "function",
        "bigint" => "bigint",
        "symbol" => "symbol",
        _ => "object",
    };

    /// <inheritdoc />
    public override string ToString() => Text ?? Type;
}

/// <summary>Decodes the runner's tagged JSON: objects keyed <c>"\u0000"</c> stand for values JSON cannot carry.</summary>
internal static class RunnerWire
{
    public const string TagKey = "\u0000";

    public static JsValue Decode(JsValue value)
    {
        switch (value.Kind)
        {
            case JsKind.Array:
                var arr = value.AsArray();
                for (var i = 0; i < arr.Count; i++)
                {
                    arr[i] = Decode(arr[i]);
                }

                return value;
            case JsKind.Object:
                var obj = value.AsObject();
                if (obj.Count > 0 && obj.KeyAt(0) == TagKey)
                {
                    return DecodeTag(obj);
                }

                for (var i = 0; i < obj.Count; i++)
                {
                    var decoded = Decode(obj.ValueAt(i));
                    obj.Set(obj.KeyAt(i), decoded);
                }

                return value;
            default:
                return value;
        }
    }

    private static JsValue DecodeTag(JsObject tag)
    {
        var kind = tag[TagKey].TryGetString();
        var v = tag["v"];
        switch (kind)
        {
            case "u":
                return JsValue.Undefined;
            case "n":
                return v.TryGetString() switch
                {
                    "NaN" => JsValue.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    "-0" => -0.0,
                    var other => double.Parse(other ?? "NaN", CultureInfo.InvariantCulture),
                };
            case "s16":
                // A string that is not well-formed UTF-16 (a lone surrogate), sent as its code units.
                var units = v.TryGetArray() ?? [];
                return new string([.. units.Select(u => (char)u.AsNumber())]);
            case "o":
                // A real object that happened to have the tag key: its properties are under "v".
                var inner = v.TryGetObject() ?? new JsObject();
                for (var i = 0; i < inner.Count; i++)
                {
                    inner.Set(inner.KeyAt(i), Decode(inner.ValueAt(i)));
                }

                return inner;
            default:
                return JsValue.FromHost(new JavaScriptOpaqueValue(kind ?? "unknown", v.IsNullish ? null : v.IsString ? v.AsString() : v.ToString()));
        }
    }
}
