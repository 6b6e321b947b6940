using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;
using static Tessera.Engine.Expressions.Builtins.Callbacks;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>Array.prototype methods. Arrays are mutated in place where JavaScript does (n8n's <c>$json</c> is live).</summary>
internal static class ArrayPrototype
{
    public static readonly Dictionary<string, NativeMethod> Methods = new(StringComparer.Ordinal)
    {
        ["at"] = (t, a) => At(A(t), Ops.ToIntegerOrInfinity(Args.At(a, 0))),
        ["concat"] = Concat,
        ["entries"] = (t, _) => JsIterator.ForArray(A(t), JsIterator.ArrayKind.Entries),
        ["keys"] = (t, _) => JsIterator.ForArray(A(t), JsIterator.ArrayKind.Keys),
        ["values"] = (t, _) => JsIterator.ForArray(A(t), JsIterator.ArrayKind.Values),
        ["every"] = (t, a) => JsValue.FromBoolean(Find(t, a, "every", negate: true) < 0),
        ["some"] = (t, a) => JsValue.FromBoolean(Find(t, a, "some") >= 0),
        ["find"] = (t, a) => Find(t, a, "find") is var i && i >= 0 ? A(t)[i] : JsValue.Undefined,
        ["findIndex"] = (t, a) => Num(Find(t, a, "findIndex")),
        ["findLast"] = (t, a) => Find(t, a, "findLast", fromEnd: true) is var i && i >= 0 ? A(t)[i] : JsValue.Undefined,
        ["findLastIndex"] = (t, a) => Num(Find(t, a, "findLastIndex", fromEnd: true)),
        ["fill"] = Fill,
        ["filter"] = Filter,
        ["flat"] = (t, a) => JsValue.FromArray(Flat(A(t), Args.At(a, 0).IsUndefined ? 1 : Ops.ToIntegerOrInfinity(Args.At(a, 0)))),
        ["flatMap"] = (t, a) => JsValue.FromArray(Flat(A(Map(t, a)), 1)),
        ["forEach"] = ForEach,
        ["includes"] = (t, a) => JsValue.FromBoolean(IndexOf(A(t), Args.At(a, 0), Args.At(a, 1), sameValueZero: true) >= 0),
        ["indexOf"] = (t, a) => Num(IndexOf(A(t), Args.At(a, 0), Args.At(a, 1), sameValueZero: false)),
        ["lastIndexOf"] = LastIndexOf,
        ["join"] = (t, a) => Str(Join(A(t), Args.At(a, 0).IsUndefined ? "," : Ops.Str(Args.At(a, 0)))),
        ["toString"] = (t, _) => Str(Join(A(t), ",")),
        ["toLocaleString"] = (t, _) => Str(Join(A(t), ",")),
        ["map"] = Map,
        ["pop"] = Pop,
        ["push"] = Push,
        ["reduce"] = (t, a) => Reduce(t, a, fromEnd: false),
        ["reduceRight"] = (t, a) => Reduce(t, a, fromEnd: true),
        ["reverse"] = (t, _) =>
        {
            A(t).Items.Reverse();
            return t;
        },
        ["toReversed"] = (t, _) => JsValue.FromArray(new JsArray(Enumerable.Reverse(A(t).Items))),
        ["shift"] = Shift,
        ["unshift"] = Unshift,
        ["slice"] = Slice,
        ["splice"] = Splice,
        ["sort"] = (t, a) => Sort(t, a, inPlace: true),
        ["toSorted"] = (t, a) => Sort(t, a, inPlace: false),
        ["with"] = With,
    };

    private static JsArray A(JsValue t) => t.TryGetArray() ?? throw JsThrow.TypeError("Array method called on a non-array");

    private static JsValue At(JsArray array, double index)
    {
        if (index < 0)
        {
            index += array.Count;
        }

        return index >= 0 && index < array.Count ? array[(int)index] : JsValue.Undefined;
    }

    private static JsValue Concat(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var result = new JsArray(A(t).Items);
        foreach (var arg in args)
        {
            if (arg.IsArray)
            {
                EvalState.CheckArrayLength((double)result.Count + arg.AsArray().Count);
                result.Items.AddRange(arg.AsArray().Items);
            }
            else
            {
                result.Add(arg);
            }
        }

        return JsValue.FromArray(result);
    }

    private static int Find(JsValue t, ReadOnlySpan<JsValue> args, string name, bool negate = false, bool fromEnd = false)
    {
        var array = A(t);
        var fn = Args.Callable(args, 0, name);
        var state = EvalState.Current;
        var count = array.Count;
        for (var k = 0; k < count; k++)
        {
            var i = fromEnd ? count - 1 - k : k;
            if (i >= array.Count)
            {
                continue;
            }

            state.Step();
            var hit = Ops.Truthy(Invoke(fn, array[i], Num(i), t));
            if (hit != negate)
            {
                return i;
            }
        }

        return -1;
    }

    private static JsValue Fill(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        var start = RelativeIndex(Args.At(args, 1), array.Count, 0);
        var end = RelativeIndex(Args.At(args, 2), array.Count, array.Count);
        for (var i = start; i < end; i++)
        {
            array[i] = Args.At(args, 0);
        }

        return t;
    }

    private static JsValue Filter(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        var fn = Args.Callable(args, 0, "filter");
        var state = EvalState.Current;
        var result = new JsArray();
        for (var i = 0; i < array.Count; i++)
        {
            state.Step();
            var v = array[i];
            if (Ops.Truthy(Invoke(fn, v, Num(i), t)))
            {
                result.Add(v);
            }
        }

        return JsValue.FromArray(result);
    }

    private static JsArray Flat(JsArray array, double depth)
    {
        var result = new JsArray(array.Count);
        foreach (var v in array)
        {
            if (v.IsArray && depth >= 1)
            {
                var inner = Flat(v.AsArray(), depth - 1);
                EvalState.CheckArrayLength((double)result.Count + inner.Count);
                result.Items.AddRange(inner.Items);
            }
            else
            {
                result.Add(v);
            }
        }

        return result;
    }

    private static JsValue ForEach(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        var fn = Args.Callable(args, 0, "forEach");
        var state = EvalState.Current;
        for (var i = 0; i < array.Count; i++)
        {
            state.Step();
            Invoke(fn, array[i], Num(i), t);
        }

        return JsValue.Undefined;
    }

    private static int IndexOf(JsArray array, JsValue search, JsValue from, bool sameValueZero)
    {
        var start = RelativeIndex(from, array.Count, 0);
        for (var i = start; i < array.Count; i++)
        {
            if (sameValueZero ? Ops.SameValueZero(array[i], search) : Ops.StrictEquals(array[i], search))
            {
                return i;
            }
        }

        return -1;
    }

    private static JsValue LastIndexOf(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        var from = args.Length > 1 ? Ops.ToIntegerOrInfinity(args[1]) : array.Count - 1;
        if (from < 0)
        {
            from += array.Count;
        }

        for (var i = (int)Math.Min(from, array.Count - 1); i >= 0; i--)
        {
            if (Ops.StrictEquals(array[i], Args.At(args, 0)))
            {
                return Num(i);
            }
        }

        return Num(-1);
    }

    public static string Join(JsArray array, string separator)
    {
        if (!RuntimeHelpersGuard.Enter(array))
        {
            return string.Empty; // A cycle: JavaScript prints the inner occurrence as empty.
        }

        try
        {
            var sb = new StringBuilder();
            for (var i = 0; i < array.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(separator);
                }

                var v = array[i];
                if (!v.IsNullish)
                {
                    sb.Append(Ops.Str(Ops.ToPrimitive(v, preferString: true)));
                }

                EvalState.CheckStringLength(sb.Length);
            }

            return sb.ToString();
        }
        finally
        {
            RuntimeHelpersGuard.Exit(array);
        }
    }

    private static JsValue Map(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        var fn = Args.Callable(args, 0, "map");
        var state = EvalState.Current;
        var result = new JsArray(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            state.Step();
            result.Add(Invoke(fn, array[i], Num(i), t));
        }

        return JsValue.FromArray(result);
    }

    private static JsValue Pop(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        if (array.Count == 0)
        {
            return JsValue.Undefined;
        }

        var last = array[^1];
        array.RemoveAt(array.Count - 1);
        return last;
    }

    private static JsValue Push(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        EvalState.CheckArrayLength((double)array.Count + args.Length);
        foreach (var v in args)
        {
            array.Add(v);
        }

        return Num(array.Count);
    }

    private static JsValue Reduce(JsValue t, ReadOnlySpan<JsValue> args, bool fromEnd)
    {
        var array = A(t);
        var fn = Args.Callable(args, 0, fromEnd ? "reduceRight" : "reduce");
        var state = EvalState.Current;
        var count = array.Count;
        var k = 0;
        JsValue acc;
        if (args.Length > 1)
        {
            acc = args[1];
        }
        else
        {
            if (count == 0)
            {
                throw JsThrow.TypeError("Reduce of empty array with no initial value");
            }

            acc = array[fromEnd ? count - 1 : 0];
            k = 1;
        }

        Span<JsValue> buffer = new JsValue[4];
        for (; k < count && k < array.Count; k++)
        {
            state.Step();
            var i = fromEnd ? count - 1 - k : k;
            buffer[0] = acc;
            buffer[1] = array[i];
            buffer[2] = Num(i);
            buffer[3] = t;
            acc = fn.Call(JsValue.Undefined, buffer);
        }

        return acc;
    }

    private static JsValue Shift(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        if (array.Count == 0)
        {
            return JsValue.Undefined;
        }

        var first = array[0];
        array.RemoveAt(0);
        return first;
    }

    private static JsValue Unshift(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        EvalState.CheckArrayLength((double)array.Count + args.Length);
        array.Items.InsertRange(0, args.ToArray());
        return Num(array.Count);
    }

    private static JsValue Slice(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        var start = RelativeIndex(Args.At(args, 0), array.Count, 0);
        var end = RelativeIndex(Args.At(args, 1), array.Count, array.Count);
        return JsValue.FromArray(end > start ? new JsArray(array.Items.GetRange(start, end - start)) : new JsArray());
    }

    private static JsValue Splice(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        var start = RelativeIndex(Args.At(args, 0), array.Count, 0);
        var deleteCount = args.Length switch
        {
            0 => 0,
            1 => array.Count - start,
            _ => (int)Math.Clamp(Ops.ToIntegerOrInfinity(args[1]), 0, array.Count - start),
        };
        var removed = new JsArray(array.Items.GetRange(start, deleteCount));
        array.Items.RemoveRange(start, deleteCount);
        if (args.Length > 2)
        {
            EvalState.CheckArrayLength((double)array.Count + args.Length - 2);
            array.Items.InsertRange(start, args[2..].ToArray());
        }

        return JsValue.FromArray(removed);
    }

    private static JsValue Sort(JsValue t, ReadOnlySpan<JsValue> args, bool inPlace)
    {
        var array = A(t);
        var comparer = Args.At(args, 0);
        Comparison<JsValue> compare;
        if (comparer.IsUndefined)
        {
            compare = DefaultCompare;
        }
        else
        {
            var fn = comparer.Reference as IJsCallable ?? throw JsThrow.TypeError("The comparison function must be either a function or undefined");
            var state = EvalState.Current;
            compare = (x, y) =>
            {
                if (x.IsUndefined || y.IsUndefined)
                {
                    return DefaultCompare(x, y);
                }

                state.Step();
                var r = Ops.Num(Invoke(fn, x, y));
                return r < 0 ? -1 : r > 0 ? 1 : 0;
            };
        }

        var sorted = StableSort.Sort(array.Items, compare);
        if (!inPlace)
        {
            return JsValue.FromArray(new JsArray(sorted));
        }

        array.Items.Clear();
        array.Items.AddRange(sorted);
        return t;
    }

    private static int DefaultCompare(JsValue x, JsValue y)
    {
        if (x.IsUndefined)
        {
            return y.IsUndefined ? 0 : 1;
        }

        if (y.IsUndefined)
        {
            return -1;
        }

        return string.CompareOrdinal(Ops.Str(Ops.ToPrimitive(x, true)), Ops.Str(Ops.ToPrimitive(y, true)));
    }

    private static JsValue With(JsValue t, ReadOnlySpan<JsValue> args)
    {
        var array = A(t);
        var index = Ops.ToIntegerOrInfinity(Args.At(args, 0));
        if (index < 0)
        {
            index += array.Count;
        }

        if (index < 0 || index >= array.Count)
        {
            throw JsThrow.RangeError("Invalid index");
        }

        var copy = new JsArray(array.Items);
        copy[(int)index] = Args.At(args, 1);
        return JsValue.FromArray(copy);
    }
}

/// <summary>Detects cycles while converting nested arrays to strings.</summary>
internal static class RuntimeHelpersGuard
{
    [ThreadStatic]
    private static HashSet<object>? t_active;

    public static bool Enter(object o) => (t_active ??= new(ReferenceEqualityComparer.Instance)).Add(o);

    public static void Exit(object o) => t_active?.Remove(o);
}

/// <summary>
/// A merge sort: stable as Array.prototype.sort must be, and it lets exceptions from a comparator (JavaScript errors,
/// limits) pass through unchanged where List.Sort would wrap them and could loop on inconsistent comparators.
/// </summary>
internal static class StableSort
{
    public static List<JsValue> Sort(List<JsValue> items, Comparison<JsValue> compare)
    {
        var source = items.ToArray();
        var buffer = new JsValue[source.Length];
        for (var width = 1; width < source.Length; width *= 2)
        {
            for (var left = 0; left < source.Length; left += 2 * width)
            {
                var mid = Math.Min(left + width, source.Length);
                var right = Math.Min(left + (2 * width), source.Length);
                int i = left, j = mid, k = left;
                while (i < mid && j < right)
                {
                    buffer[k++] = compare(source[j], source[i]) < 0 ? source[j++] : source[i++];
                }

                while (i < mid)
                {
                    buffer[k++] = source[i++];
                }

                while (j < right)
                {
                    buffer[k++] = source[j++];
                }
            }

            (source, buffer) = (buffer, source);
        }

        return [.. source];
    }
}
