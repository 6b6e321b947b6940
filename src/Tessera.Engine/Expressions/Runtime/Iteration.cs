using System.Globalization;
using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Runtime;

/// <summary>JavaScript iteration (spread, for-of, destructuring, Array.from) over our value kinds.</summary>
internal static class Iteration
{
    public static IReadOnlyList<JsValue> ToList(JsValue value)
    {
        switch (value.Kind)
        {
            case JsKind.Array:
                return ((JsArray)value.Reference!).Items;
            case JsKind.String:
            {
                var s = (string)value.Reference!;
                var list = new List<JsValue>(s.Length);
                for (var i = 0; i < s.Length;)
                {
                    var len = char.IsSurrogatePair(s, i) ? 2 : 1;
                    list.Add(JsValue.FromString(s.Substring(i, len)));
                    i += len;
                }

                return list;
            }

            case JsKind.Host when value.Reference is IJsIterable iterable:
            {
                var list = new List<JsValue>();
                foreach (var item in iterable.Iterate())
                {
                    list.Add(item);
                    if (list.Count > EvalState.Current.Options.MaxArrayLength)
                    {
                        EvalState.CheckArrayLength(list.Count);
                    }
                }

                return list;
            }

            default:
                throw JsThrow.TypeError($"{Args.Describe(value)} is not iterable");
        }
    }

    public static void AddAll(JsArray target, JsValue source)
    {
        var items = ToList(source);
        EvalState.CheckArrayLength((double)target.Count + items.Count);
        if (items is List<JsValue> list)
        {
            target.Items.AddRange(list);
        }
        else
        {
            target.AddRange(items);
        }
    }

    public static void SpreadInto(JsObject target, JsValue source)
    {
        switch (source.Kind)
        {
            case JsKind.Object:
                foreach (var (key, value) in (JsObject)source.Reference!)
                {
                    target.Set(key, value);
                }

                break;
            case JsKind.Array:
            {
                var array = (JsArray)source.Reference!;
                for (var i = 0; i < array.Count; i++)
                {
                    target.Set(i.ToString(CultureInfo.InvariantCulture), array[i]);
                }

                break;
            }

            case JsKind.String:
            {
                var s = (string)source.Reference!;
                for (var i = 0; i < s.Length; i++)
                {
                    target.Set(i.ToString(CultureInfo.InvariantCulture), JsValue.FromString(s[i].ToString()));
                }

                break;
            }
        }
    }

    public static List<JsValue> Keys(JsValue value)
    {
        var keys = new List<JsValue>();
        switch (value.Kind)
        {
            case JsKind.Object:
                foreach (var key in ((JsObject)value.Reference!).Keys)
                {
                    keys.Add(JsValue.FromString(key));
                }

                break;
            case JsKind.Array:
                for (var i = 0; i < ((JsArray)value.Reference!).Count; i++)
                {
                    keys.Add(JsValue.FromString(i.ToString(CultureInfo.InvariantCulture)));
                }

                break;
            case JsKind.String:
                for (var i = 0; i < ((string)value.Reference!).Length; i++)
                {
                    keys.Add(JsValue.FromString(i.ToString(CultureInfo.InvariantCulture)));
                }

                break;
        }

        return keys;
    }
}
