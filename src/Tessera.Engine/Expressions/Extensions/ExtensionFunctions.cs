using System.Collections.Frozen;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>An n8n extension function (e.g. <c>"a b".toTitleCase()</c>, <c>[1,2].sum()</c>) called on <paramref name="receiver"/>.</summary>
public delegate JsValue ExtensionFunction(JsValue receiver, ReadOnlySpan<JsValue> arguments, ExpressionContext context);

/// <summary>Looks up n8n's extension functions by receiver kind and name.</summary>
public static class ExtensionFunctions
{
    private static readonly FrozenDictionary<string, ExtensionFunction> Strings = StringExtensions.Create().ToFrozenDictionary(StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, ExtensionFunction> Numbers = NumberExtensions.Create().ToFrozenDictionary(StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, ExtensionFunction> Arrays = ArrayExtensions.Create().ToFrozenDictionary(StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, ExtensionFunction> Objects = ObjectExtensions.Create().ToFrozenDictionary(StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, ExtensionFunction> Booleans = BooleanExtensions.Create().ToFrozenDictionary(StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, ExtensionFunction> Dates = DateExtensions.Create().ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Names that exist for some receiver kind, mapped to the kinds that have them (for the wrong-type error).</summary>
    private static readonly FrozenDictionary<string, string> KindsByName = BuildKinds();

    private static readonly FrozenDictionary<string, ExtensionFunction> Nullish = new Dictionary<string, ExtensionFunction>
    {
        ["isEmpty"] = static (_, _, _) => true,
        ["isNotEmpty"] = static (_, _, _) => false,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Finds the extension function <paramref name="name"/> for <paramref name="receiver"/>'s kind (string, number, array,
    /// object, boolean, date). The evaluator calls it when the receiver has no callable member of that name (n8n prefers the
    /// extension when a host value only has a same-named property, e.g. Luxon's <c>isWeekend</c>). When the name is an
    /// extension of another kind only, or the receiver is null/undefined, the function returned throws n8n's
    /// <see cref="ExpressionException"/> ("toTitleCase() is only callable on type "String"", "… can't be used on undefined value").
    /// </summary>
    public static bool TryGet(JsValue receiver, string name, out ExtensionFunction function)
    {
        var table = receiver.Kind switch
        {
            JsKind.String => Strings,
            JsKind.Number => Numbers,
            JsKind.Array => Arrays,
            JsKind.Object => Objects,
            JsKind.Boolean => Booleans,
            JsKind.Undefined or JsKind.Null => Nullish,
            JsKind.Host when receiver.Reference is LuxonDateTime or JsDate => Dates,
            _ => null,
        };

        if (table is not null && table.TryGetValue(name, out function!))
        {
            return true;
        }

        if (receiver.IsNullish && KindsByName.ContainsKey(name))
        {
            var what = receiver.IsNull ? "null" : "undefined";
            function = (_, _, _) => throw new ExpressionException($"{name} can't be used on {what} value")
            {
                Description = $"The value {name}() was called on is {what}. Check the field exists, or use ?. to skip missing values.",
            };
            return true;
        }

        if (KindsByName.TryGetValue(name, out var kinds))
        {
            function = (_, _, _) => throw new ExpressionException(
                $"{name}() is only callable on type{(kinds.Contains(',', StringComparison.Ordinal) ? "s" : "")} {kinds}",
                inner: null)
            {
                Description = $"{name}() was called on a value of type \"{KindName(receiver)}\". Convert the value first, or use a function that this type has.",
            };
            return true;
        }

        function = null!;
        return false;
    }

    private static string KindName(JsValue v) => v.Kind switch
    {
        JsKind.String => "String",
        JsKind.Number => "Number",
        JsKind.Array => "Array",
        JsKind.Object => "Object",
        JsKind.Boolean => "Boolean",
        JsKind.Host when v.Reference is LuxonDateTime or JsDate => "Date",
        _ => JsConvert.TypeOf(v),
    };

    private static FrozenDictionary<string, string> BuildKinds()
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string kind, IEnumerable<string> names)
        {
            foreach (var n in names)
            {
                if (!map.TryGetValue(n, out var list))
                {
                    map[n] = list = [];
                }

                list.Add($"\"{kind}\"");
            }
        }

        Add("String", Strings.Keys);
        Add("Number", Numbers.Keys);
        Add("Array", Arrays.Keys);
        Add("Object", Objects.Keys);
        Add("Boolean", Booleans.Keys);
        Add("Date", Dates.Keys);
        return map.ToFrozenDictionary(kv => kv.Key, kv => string.Join(", ", kv.Value), StringComparer.Ordinal);
    }
}
