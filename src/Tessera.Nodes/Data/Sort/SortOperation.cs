using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Sort;

/// <summary>One sort key.</summary>
internal sealed record SortField(string Name, bool Descending);

/// <summary>How to sort.</summary>
/// <param name="Type">simple, random or code.</param>
/// <param name="Fields">Keys for simple sorting, most significant first.</param>
/// <param name="Code">A JavaScript comparator body over <c>a</c> and <c>b</c> for code sorting.</param>
/// <param name="DotNotation">Whether <c>a.b</c> means a nested field.</param>
internal sealed record SortSettings(string Type, IReadOnlyList<SortField> Fields, string Code, bool DotNotation);

/// <summary>Reorders items: by fields, randomly, or with a JavaScript comparator.</summary>
internal static class SortOperation
{
    public static NodeOutput Execute(NodeExecutionContext context, SortSettings s)
    {
        var items = context.InputItems;
        IReadOnlyList<int> order = s.Type switch
        {
            "random" => Shuffle(items.Count),
            "code" => ByCode(context, s.Code, items.Count),
            _ => ByFields(items, s),
        };

        var output = new ItemList(order.Count); // chunked: no large-object-heap array for big runs
        for (var o = 0; o < order.Count; o++)
        {
            var i = order[o];
            // Items are never changed in place by nodes, so the sorted output shares the input's JSON (as n8n does).
            output.Add(new Item(items[i].Json) { Binary = ItemHelpers.CopyBinary(items[i]), Paired = PairedItems.Single(i) });
        }

        return NodeOutput.Single(output);
    }

    /// <summary>JavaScript-like ordering of two values: -1, 0 or 1 (equal values and incomparable values give 0).</summary>
    public static int Compare(JsValue a, JsValue b)
    {
        // Fast paths for the keys people sort by; they agree with the general rule below.
        if (a.IsNumber && b.IsNumber)
        {
            var x = a.AsNumber();
            var y = b.AsNumber();
            return x < y ? -1 : x > y ? 1 : 0;
        }

        if (a.IsString && b.IsString)
        {
            return Math.Sign(string.CompareOrdinal(a.AsString(), b.AsString()));
        }

        if (JsonEquality.DeepEquals(a, b))
        {
            return 0;
        }

        if (JsonValues.LessThan(a, b))
        {
            return -1;
        }

        return JsonValues.LessThan(b, a) ? 1 : 0;
    }

    private static IReadOnlyList<int> ByFields(IReadOnlyList<Item> items, SortSettings s)
    {
        if (s.Fields.Count == 0)
        {
            throw new NodeOperationException("No sorting specified", description: "Add at least one field to sort by.");
        }

        foreach (var field in s.Fields)
        {
            if (items.Count > 0 && !items.Any(it => FieldPath.Has(it.Json, field.Name, s.DotNotation)))
            {
                throw new NodeOperationException(
                    $"Couldn't find the field '{field.Name}' in the input data",
                    description: "If you're trying to use a nested field, make sure 'Disable Dot Notation' is off in the node options.");
            }
        }

        if (s.Fields.Count == 1 && NumberOrder(items, s.Fields[0], s.DotNotation) is { } byNumber)
        {
            return byNumber;
        }

        // Keys are read once into one flat array; the comparer then touches no item and allocates nothing.
        var width = s.Fields.Count;
        var keys = new JsValue[items.Count * width];
        for (var i = 0; i < items.Count; i++)
        {
            for (var f = 0; f < width; f++)
            {
                keys[(i * width) + f] = FieldPath.Get(items[i].Json, s.Fields[f].Name, s.DotNotation);
            }
        }

        var order = new int[items.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, new KeyComparer(keys, [.. s.Fields.Select(f => f.Descending)]));
        return order;
    }

    // One key that is a number (not NaN) in every item, the usual case: sorting (key, position) pairs compares them inline
    // instead of through a comparer object and JsValue. Without NaN the order (key, then position) is total, so the
    // result is the one KeyComparer gives; null when any key is not such a number. The pairs are read straight from the
    // items and serve as the order themselves: 100,000 items would otherwise allocate two more large arrays (keys and
    // order, 2.1 MB on the large-object heap, whose allocations trigger full collections).
    private static NumberOrderList? NumberOrder(IReadOnlyList<Item> items, SortField field, bool dotNotation)
    {
        var pairs = new NumberKey[items.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            var key = FieldPath.Get(items[i].Json, field.Name, dotNotation);
            if (!key.IsNumber || double.IsNaN(key.AsNumber()))
            {
                return null;
            }

            // Negating reverses the order of non-NaN numbers (0 and -0 stay equal), so descending needs no flag.
            pairs[i] = new NumberKey(field.Descending ? -key.AsNumber() : key.AsNumber(), i);
        }

        Array.Sort(pairs);
        return new NumberOrderList(pairs);
    }

    private sealed class NumberOrderList(NumberKey[] pairs) : IReadOnlyList<int>
    {
        public int Count => pairs.Length;

        public int this[int index] => pairs[index].Position;

        public IEnumerator<int> GetEnumerator() => pairs.Select(p => p.Position).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private readonly record struct NumberKey(double Key, int Position) : IComparable<NumberKey>
    {
        public int CompareTo(NumberKey other) =>
            Key < other.Key ? -1 : Key > other.Key ? 1 : Position.CompareTo(other.Position);
    }

    /// <summary>Orders item indices by their keys, then by position, so equal keys keep their input order (a stable sort).</summary>
    private sealed class KeyComparer(JsValue[] keys, bool[] descending) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var width = descending.Length;
            for (var f = 0; f < width; f++)
            {
                var c = SortOperation.Compare(keys[(x * width) + f], keys[(y * width) + f]);
                if (c != 0)
                {
                    return descending[f] ? -c : c;
                }
            }

            return x.CompareTo(y);
        }
    }

    private static List<int> Shuffle(int count)
    {
        var order = Enumerable.Range(0, count).ToList();
        for (var i = count - 1; i > 0; i--)
        {
            var j = Random.Shared.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    // The comparator runs inside one expression that sorts the item indices, so both the built-in evaluator and the
    // JavaScript runner (for statements it cannot compile) see ordinary JavaScript.
    private static List<int> ByCode(NodeExecutionContext context, string code, int count)
    {
        if (code.Trim().Length == 0)
        {
            throw new NodeOperationException("The sort code is empty", description: "Write a comparator that returns -1, 0 or 1 for items a and b.");
        }

        var template =
            "={{ (() => { const __items = $input.all(); const __order = __items.map((__item, __index) => __index); " +
            "const __compare = (a, b) => {\n" + code.Replace("}}", "\\}}", StringComparison.Ordinal) + "\n}; " +
            "__order.sort((__x, __y) => __compare(__items[__x], __items[__y])); return __order; })() }}";
        JsValue result;
        try
        {
            result = context.Evaluate(template, "code", 0);
        }
        catch (ExpressionException e)
        {
            throw new NodeOperationException(
                $"Sort code could not run: {e.Message}",
                description: "Sorting with code needs JavaScript the expression evaluator can run; statements and assignments need the JavaScript runner (Node.js) to be configured.",
                inner: e);
        }

        if (result.TryGetArray() is not { } indices || indices.Count != count || indices.Any(v => !v.IsNumber))
        {
            throw new NodeOperationException("Sort code did not produce an order for the items", description: "Make the code return a number (-1, 0 or 1) comparing a and b.");
        }

        return [.. indices.Select(v => (int)v.AsNumber())];
    }
}
