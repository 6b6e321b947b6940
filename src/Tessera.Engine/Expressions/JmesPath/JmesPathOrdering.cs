using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.JmesPath;

/// <summary>The ordering functions: sort, sort_by, max, min, max_by, min_by.</summary>
internal static class JmesPathOrdering
{
    private static readonly CompareInfo Collation = CultureInfo.InvariantCulture.CompareInfo;

    /// <summary>
    /// sort() as the jmespath npm package does it: JavaScript's default array sort, which compares numbers by their
    /// text (so [10, 3] stays [10, 3]); the sort is stable.
    /// </summary>
    public static JsValue Sort(JsArray array)
    {
        var keyed = array.Select(v => (Key: v.IsString ? v.AsString() : JsConvert.ToString(v), Value: v)).ToList();
        var sorted = keyed.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value);
        return new JsArray(sorted);
    }

    /// <summary>
    /// max()/min() of an array of numbers or of strings; null when empty. Strings compare as JavaScript's
    /// localeCompare does (ICU collation: "a" &lt; "B" &lt; "b"), which is what the jmespath npm package uses here.
    /// </summary>
    public static JsValue Extreme(JsArray array, bool max)
    {
        if (array.Count == 0)
        {
            return JsValue.Null;
        }

        var best = array[0];
        for (var i = 1; i < array.Count; i++)
        {
            var candidate = array[i];
            if (candidate.IsNumber)
            {
                // Math.max/Math.min semantics: 0 is greater than -0.
                best = max ? Math.Max(best.AsNumber(), candidate.AsNumber()) : Math.Min(best.AsNumber(), candidate.AsNumber());
            }
            else if (Collation.Compare(candidate.AsString(), best.AsString(), CompareOptions.None) is var c && (max ? c > 0 : c < 0))
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>
    /// max_by()/min_by() as the jmespath npm package evaluates them: keys must be numbers or strings, and are compared
    /// with JavaScript's relational operators against a running best that starts at -Infinity/Infinity. String keys
    /// therefore never win and the result is undefined, as it is for an empty array.
    /// </summary>
    public static JsValue ExtremeBy(JsArray array, JsValue expref, JmesCall call, bool max)
    {
        var bestKey = JsValue.FromNumber(max ? double.NegativeInfinity : double.PositiveInfinity);
        var best = JsValue.Undefined;
        foreach (var element in array)
        {
            var key = call.Apply(expref, element);
            if (!key.IsNumber && !key.IsString)
            {
                throw KeyError(call, max ? "max_by" : "min_by", "a number or a string", key);
            }

            if ((max ? Ops.LessThan(bestKey, key) : Ops.LessThan(key, bestKey)) == true)
            {
                bestKey = key;
                best = element;
            }
        }

        return best;
    }

    /// <summary>sort_by(): every key must be a number or a string, all of the same type; a stable sort.</summary>
    public static JsValue SortBy(JsArray array, JsValue expref, JmesCall call)
    {
        if (array.Count == 0)
        {
            return new JsArray();
        }

        var keys = new JsValue[array.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = call.Apply(expref, array[i]);
        }

        var kind = keys[0].Kind;
        if (kind is not (JsKind.Number or JsKind.String))
        {
            throw KeyError(call, "sort_by", "a number or a string", keys[0]);
        }

        foreach (var key in keys)
        {
            if (key.Kind != kind)
            {
                throw KeyError(call, "sort_by", kind == JsKind.Number ? "a number (like the first key)" : "a string (like the first key)", key);
            }
        }

        var order = Enumerable.Range(0, keys.Length).ToArray();
        Comparison<int> compare = kind == JsKind.Number
            ? (x, y) => keys[x].AsNumber().CompareTo(keys[y].AsNumber()) is var c && c != 0 ? c : x.CompareTo(y)
            : (x, y) => string.CompareOrdinal(keys[x].AsString(), keys[y].AsString()) is var c && c != 0 ? c : x.CompareTo(y);
        Array.Sort(order, compare);
        return new JsArray(order.Select(i => array[i]));
    }

    private static ExpressionException KeyError(JmesCall call, string function, string expected, JsValue key) =>
        call.Error(
            $"{function}() expected the expression to give {expected} for every element but it gave {JmesPathValues.TypeName(key)}",
            $"The &expression of {function}() must select a number or a string from each element.");
}
