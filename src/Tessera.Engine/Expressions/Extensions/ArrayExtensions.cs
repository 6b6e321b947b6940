using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>n8n's array extension functions. They return new arrays; the receiver is never changed.</summary>
internal static class ArrayExtensions
{
    public static Dictionary<string, ExtensionFunction> Create() => new()
    {
        ["append"] = (r, a, _) => Append(A(r), a),
        ["average"] = (r, _, _) => A(r).Count == 0 ? 0 : Sum(A(r), "average") / A(r).Count,
        ["chunk"] = (r, a, _) => Chunk(A(r), Ext.OptionalNumber(a, 0, "chunk", "size")),
        ["compact"] = (r, _, _) => ObjectExtensions.CompactArray(A(r)),
        ["difference"] = (r, a, _) => Difference(A(r), Ext.RequiredArray(a, 0, "difference")),
        ["intersection"] = (r, a, _) => Intersection(A(r), Ext.RequiredArray(a, 0, "intersection")),
        ["union"] = (r, a, _) => Unique(new JsArray(A(r).Concat(Ext.RequiredArray(a, 0, "union"))), []),
        ["unique"] = (r, a, _) => Unique(A(r), KeyList(a)),
        ["removeDuplicates"] = (r, a, _) => Unique(A(r), KeyList(a)),
        ["first"] = (r, _, _) => A(r).Count > 0 ? A(r)[0] : JsValue.Undefined,
        ["last"] = (r, _, _) => A(r).Count > 0 ? A(r)[^1] : JsValue.Undefined,
        ["isEmpty"] = (r, _, _) => A(r).Count == 0,
        ["isNotEmpty"] = (r, _, _) => A(r).Count > 0,
        ["max"] = (r, _, _) => Numbers(A(r), "max").DefaultIfEmpty(double.NegativeInfinity).Max(),
        ["min"] = (r, _, _) => Numbers(A(r), "min").DefaultIfEmpty(double.PositiveInfinity).Min(),
        ["sum"] = (r, _, _) => Sum(A(r), "sum"),
        ["merge"] = (r, a, _) => Merge(A(r), Ext.Arg(a, 0)),
        ["pluck"] = (r, a, _) => Pluck(A(r), a),
        ["randomItem"] = (r, _, _) => A(r).Count == 0 ? JsValue.Undefined : A(r)[Random.Shared.Next(A(r).Count)],
        ["renameKeys"] = (r, a, _) => RenameKeys(A(r), a),
        ["smartJoin"] = (r, a, _) => SmartJoin(A(r), Ext.RequiredString(a, 0, "smartJoin", "keyField"), Ext.RequiredString(a, 1, "smartJoin", "nameField")),
        ["toJsonString"] = (r, _, _) => JsonCodec.Serialize(r),

        // n8n lists these for every type; on arrays they fail with a JavaScript error, which evaluates to undefined.
        ["toInt"] = (_, _, _) => JsValue.Undefined,
        ["toFloat"] = (_, _, _) => JsValue.Undefined,
        ["toBoolean"] = (_, _, _) => JsValue.Undefined,
        ["toDateTime"] = (_, _, _) => JsValue.Undefined,
    };

    private static JsArray A(JsValue r) => r.AsArray();

    internal static bool IsEmptyValue(JsValue v) => v.IsNullish || (v.IsString && v.AsString().Length == 0);

    private static bool Contains(JsArray array, JsValue value)
    {
        foreach (var x in array)
        {
            if (JsonEquality.DeepEquals(x, value))
            {
                return true;
            }
        }

        return false;
    }

    private static JsArray Difference(JsArray array, JsArray other) => new(array.Where(v => !Contains(other, v)));

    private static JsArray Append(JsArray array, ReadOnlySpan<JsValue> items)
    {
        var result = new JsArray(array);
        foreach (var item in items)
        {
            result.Add(item);
        }

        return result;
    }

    private static IEnumerable<double> Numbers(JsArray array, string function)
    {
        var list = new List<double>(array.Count);
        foreach (var v in array)
        {
            list.Add(v.IsNumber ? v.AsNumber() : throw Ext.Error($"{function}(): all array elements must be numbers", $"Found {JsConvert.TypeOf(v)} {JsConvert.ToString(v)}."));
        }

        return list;
    }

    private static double Sum(JsArray array, string function) => Numbers(array, function).Sum();

    private static JsArray Chunk(JsArray array, double? size)
    {
        if (size is not { } s || s < 1)
        {
            throw Ext.Error("chunk(): expected non-zero numeric arg, e.g. .chunk(5)");
        }

        // Like slice(i, i + size) with a fractional size: indexes truncate, so chunk(1.5) of [1,2,3] is [[1],[2,3]].
        var result = new JsArray();
        for (var i = 0d; i < array.Count; i += s)
        {
            var start = (int)i;
            var end = (int)Math.Min(array.Count, Math.Truncate(i + s));
            result.Add(new JsArray(array.Skip(start).Take(end - start)));
        }

        return result;
    }

    private static JsArray Intersection(JsArray array, JsArray other)
    {
        var result = new JsArray();
        foreach (var v in array)
        {
            if (Contains(other, v) && !Contains(result, v))
            {
                result.Add(v);
            }
        }

        return result;
    }

    private static List<string> KeyList(ReadOnlySpan<JsValue> args)
    {
        var keys = new List<string>();
        foreach (var a in args)
        {
            if (a.TryGetArray() is { } arr)
            {
                keys.AddRange(arr.Select(JsConvert.ToString));
            }
            else if (a.IsString)
            {
                // n8n does not split "a,b": it is one key, as observed.
                keys.Add(a.AsString());
            }
            else if (!a.IsNullish)
            {
                throw Ext.Error("unique(): keys must be strings");
            }
        }

        return keys;
    }

    private static JsArray Unique(JsArray array, List<string> keys)
    {
        var result = new JsArray();
        var seen = new List<JsValue>();
        foreach (var v in array)
        {
            var identity = v;
            if (keys.Count > 0 && v.TryGetObject() is { } obj)
            {
                var projection = new JsObject();
                foreach (var k in keys)
                {
                    projection.Set(k, obj[k]);
                }

                identity = projection;
            }

            if (!seen.Any(s => JsonEquality.DeepEquals(s, identity)))
            {
                seen.Add(identity);
                result.Add(v);
            }
        }

        return result;
    }

    private static JsObject Merge(JsArray array, JsValue others)
    {
        var merged = new JsObject();
        void Assign(JsValue v)
        {
            if (v.TryGetObject() is { } o)
            {
                foreach (var (k, x) in o)
                {
                    merged.Set(k, x);
                }
            }
        }

        if (others.IsNullish)
        {
            foreach (var v in array)
            {
                Assign(v);
            }

            return merged;
        }

        var other = others.TryGetArray() ?? throw Ext.Error("merge(): expected an array to merge with", "Pass an array of objects, e.g. [{a: 1}].merge([{b: 2}]).");
        var length = Math.Max(array.Count, other.Count);
        for (var i = 0; i < length; i++)
        {
            // Element by element, the base array's keys come first and win; the other's missing keys follow.
            var mine = array.ElementAtOrUndefined(i).TryGetObject();
            Assign(array.ElementAtOrUndefined(i));
            if (other.ElementAtOrUndefined(i).TryGetObject() is { } theirs)
            {
                foreach (var (k, x) in theirs)
                {
                    if (mine is null || !mine.ContainsKey(k))
                    {
                        merged.Set(k, x);
                    }
                }
            }
        }

        return merged;
    }

    private static JsArray Pluck(JsArray array, ReadOnlySpan<JsValue> fields)
    {
        if (fields.Length == 0)
        {
            return new JsArray(array);
        }

        var names = new List<string>();
        foreach (var f in fields)
        {
            names.Add(JsConvert.ToString(f));
        }

        var result = new JsArray();
        foreach (var v in array)
        {
            if (v.TryGetObject() is not { } obj)
            {
                continue;
            }

            var present = names.Where(obj.ContainsKey).ToList();
            if (present.Count == 0)
            {
                continue;
            }

            if (present.Count == 1)
            {
                result.Add(obj[present[0]]);
                continue;
            }

            result.Add(new JsArray(present.Select(n => obj[n])));
        }

        return result;
    }

    private static JsArray RenameKeys(JsArray array, ReadOnlySpan<JsValue> args)
    {
        if (args.Length < 2 || args.Length % 2 != 0)
        {
            throw Ext.Error("renameKeys(): expected an even amount of args: from1, to1 [, from2, to2, ...]. e.g. .renameKeys(\"name\", \"title\")");
        }

        var pairs = new List<(string From, string To)>();
        for (var i = 0; i < args.Length; i += 2)
        {
            pairs.Add((JsConvert.ToString(args[i]), JsConvert.ToString(args[i + 1])));
        }

        var result = new JsArray();
        foreach (var v in array)
        {
            if (v.TryGetObject() is not { } obj)
            {
                result.Add(v);
                continue;
            }

            var renamed = new JsObject(obj.Count);
            foreach (var (k, x0) in obj)
            {
                renamed.Set(k, x0);
            }

            foreach (var (from, to) in pairs)
            {
                if (renamed.TryGetValue(from, out var x))
                {
                    renamed.Remove(from);
                    renamed.Set(to, x);
                }
            }

            result.Add(renamed);
        }

        return result;
    }

    private static JsObject SmartJoin(JsArray array, string keyField, string nameField)
    {
        var result = new JsObject();
        foreach (var v in array)
        {
            if (v.TryGetObject() is { } obj && obj.TryGetValue(keyField, out var key) && obj.TryGetValue(nameField, out var value))
            {
                result.Set(JsConvert.ToString(key), value);
            }
        }

        return result;
    }
}
