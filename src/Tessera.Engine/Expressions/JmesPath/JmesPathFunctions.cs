using Tessera.Engine.Data;
using static Tessera.Engine.Expressions.JmesPath.JmesType;

namespace Tessera.Engine.Expressions.JmesPath;

/// <summary>
/// The JMESPath built-in functions. Where the jmespath npm package n8n uses differs from the specification, we follow
/// the package so $jmespath gives the same results as in n8n (noted on each such function).
/// </summary>
internal static class JmesPathFunctions
{
    private static readonly Dictionary<string, JmesFunction> Functions = new JmesFunction[]
    {
        new("abs", [Number], false, (a, _) => Math.Abs(a[0].AsNumber())),
        new("avg", [ArrayOfNumbers], false, (a, _) => Sum(a[0].AsArray()) / a[0].AsArray().Count),
        new("ceil", [Number], false, (a, _) => Math.Ceiling(a[0].AsNumber())),
        new("contains", [JmesType.Array | JmesType.String, Any], false, (a, _) => Contains(a[0], a[1])),
        new("ends_with", [JmesType.String, JmesType.String], false, (a, _) => a[0].AsString().EndsWith(a[1].AsString(), StringComparison.Ordinal)),
        new("floor", [Number], false, (a, _) => Math.Floor(a[0].AsNumber())),
        new("join", [JmesType.String, ArrayOfStrings], false, (a, _) => string.Join(a[0].AsString(), a[1].AsArray().Select(v => v.AsString()))),
        new("keys", [JmesType.Object], false, (a, _) => new JsArray(a[0].AsObject().Keys.Select(JsValue.FromString))),
        new("length", [JmesType.String | JmesType.Array | JmesType.Object], false, (a, _) => Length(a[0])),
        new("map", [Expref, JmesType.Array], false, (a, call) => new JsArray(a[1].AsArray().Select(v => call.Apply(a[0], v)).ToList())),
        new("max", [ArrayOfNumbers | ArrayOfStrings], false, (a, _) => JmesPathOrdering.Extreme(a[0].AsArray(), max: true)),
        new("max_by", [JmesType.Array, Expref], false, (a, call) => JmesPathOrdering.ExtremeBy(a[0].AsArray(), a[1], call, max: true)),
        new("merge", [JmesType.Object], true, (a, _) => Merge(a)),
        new("min", [ArrayOfNumbers | ArrayOfStrings], false, (a, _) => JmesPathOrdering.Extreme(a[0].AsArray(), max: false)),
        new("min_by", [JmesType.Array, Expref], false, (a, call) => JmesPathOrdering.ExtremeBy(a[0].AsArray(), a[1], call, max: false)),
        new("not_null", [Any], true, (a, _) => a.FirstOrDefault(v => !v.IsNull, JsValue.Null)),
        new("reverse", [JmesType.String | JmesType.Array], false, (a, _) => Reverse(a[0])),
        new("sort", [ArrayOfNumbers | ArrayOfStrings], false, (a, _) => JmesPathOrdering.Sort(a[0].AsArray())),
        new("sort_by", [JmesType.Array, Expref], false, (a, call) => JmesPathOrdering.SortBy(a[0].AsArray(), a[1], call)),
        new("starts_with", [JmesType.String, JmesType.String], false, (a, _) => a[0].AsString().StartsWith(a[1].AsString(), StringComparison.Ordinal)),
        new("sum", [ArrayOfNumbers], false, (a, _) => Sum(a[0].AsArray())),
        new("to_array", [Any], false, (a, _) => a[0].IsArray ? a[0] : new JsArray { a[0] }),
        new("to_number", [Any], false, (a, _) => ToNumber(a[0])),
        new("to_string", [Any], false, (a, _) => a[0].IsString || a[0].IsUndefined ? a[0] : JsValue.FromString(JsonCodec.Serialize(a[0]))),
        new("type", [Any], false, (a, _) => a[0].IsUndefined ? a[0] : JmesPathValues.TypeName(a[0])),
        new("values", [JmesType.Object], false, (a, _) => new JsArray(a[0].AsObject().Select(p => p.Value))),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The names of every built-in function, for error messages and tests.</summary>
    public static IReadOnlyCollection<string> Names => Functions.Keys;

    public static bool TryGet(string name, out JmesFunction function) => Functions.TryGetValue(name, out function!);

    private static double Sum(JsArray numbers)
    {
        var total = 0.0;
        foreach (var n in numbers)
        {
            total += n.AsNumber();
        }

        return total;
    }

    // A string subject is searched for the other argument as text (JavaScript's indexOf, which converts it to a string);
    // an array subject is searched with ===, so objects and arrays match only themselves (jmespath npm behaviour).
    private static JsValue Contains(JsValue subject, JsValue search) => subject.IsString
        ? subject.AsString().Contains(JsConvert.ToString(search), StringComparison.Ordinal)
        : subject.AsArray().Any(v => JsonEquality.StrictEquals(v, search));

    // Lengths count UTF-16 code units, as JavaScript's .length does (the specification counts code points).
    private static JsValue Length(JsValue value) => value.Kind switch
    {
        JsKind.String => value.AsString().Length,
        JsKind.Array => value.AsArray().Count,
        _ => value.AsObject().Count,
    };

    // Merges with JavaScript's for-in: later arguments that are strings or arrays contribute their indexes as keys,
    // other non-objects nothing (only the first argument is type-checked, as in the jmespath npm package).
    private static JsValue Merge(JsValue[] arguments)
    {
        var result = new JsObject();
        foreach (var argument in arguments)
        {
            switch (argument.Kind)
            {
                case JsKind.Object:
                    foreach (var (key, value) in argument.AsObject())
                    {
                        result.Set(key, value);
                    }

                    break;
                case JsKind.Array:
                    var array = argument.AsArray();
                    for (var i = 0; i < array.Count; i++)
                    {
                        result.Set(JsNumber.ToString(i), array[i]);
                    }

                    break;
                case JsKind.String:
                    var text = argument.AsString();
                    for (var i = 0; i < text.Length; i++)
                    {
                        result.Set(JsNumber.ToString(i), text[i].ToString());
                    }

                    break;
            }
        }

        return result;
    }

    // Strings reverse by UTF-16 code unit, as the jmespath npm package does.
    private static JsValue Reverse(JsValue value)
    {
        if (value.IsString)
        {
            var chars = value.AsString().ToCharArray();
            System.Array.Reverse(chars);
            return new string(chars);
        }

        var copy = new JsArray(value.AsArray());
        copy.Items.Reverse();
        return copy;
    }

    // Strings convert with JavaScript's Number() rules (so " 3 " and "0x10" are numbers, "" is 0), as in the npm package.
    private static JsValue ToNumber(JsValue value)
    {
        if (value.IsNumber)
        {
            return value;
        }

        if (value.IsString)
        {
            var n = JsConvert.StringToNumber(value.AsString());
            return double.IsNaN(n) ? JsValue.Null : n;
        }

        return JsValue.Null;
    }
}
