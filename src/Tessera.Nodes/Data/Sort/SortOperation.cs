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
        var order = s.Type switch
        {
            "random" => Shuffle(items.Count),
            "code" => ByCode(context, s.Code, items.Count),
            _ => ByFields(items, s),
        };

        var output = new List<Item>(order.Count);
        foreach (var i in order)
        {
            output.Add(new Item(items[i].Json.DeepClone()) { Binary = ItemHelpers.CopyBinary(items[i]), Paired = [new PairedItem(i)] });
        }

        return NodeOutput.Single(output);
    }

    /// <summary>JavaScript-like ordering of two values: -1, 0 or 1 (equal values and incomparable values give 0).</summary>
    public static int Compare(JsValue a, JsValue b)
    {
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

    private static List<int> ByFields(IReadOnlyList<Item> items, SortSettings s)
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

        var order = Enumerable.Range(0, items.Count).ToList();
        var keys = items.Select(it => s.Fields.Select(f => FieldPath.Get(it.Json, f.Name, s.DotNotation)).ToArray()).ToArray();
        order.Sort((x, y) =>
        {
            for (var f = 0; f < s.Fields.Count; f++)
            {
                var c = Compare(keys[x][f], keys[y][f]);
                if (c != 0)
                {
                    return s.Fields[f].Descending ? -c : c;
                }
            }

            return x.CompareTo(y);
        });
        return order;
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
