using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;

namespace Tessera.Engine.Expressions.Variables;

/// <summary>
/// Follows n8n's item linking (<c>pairedItem</c>) from an input item of the running node back through the run data to the
/// item of an ancestor node (<c>$('Node').item</c>, <c>itemMatching(i)</c>).
/// </summary>
internal static class ItemLinker
{
    private const int MaxHops = 1000;

    public static Item Resolve(ExpressionContext context, string targetNode, int itemIndex)
    {
        var inputs = context.InputItems;
        var source = context.Source.Count > 0 ? context.Source[0] : null;
        if (source is null || (uint)itemIndex >= (uint)inputs.Count)
        {
            return FallbackWithoutSource(context, targetNode, itemIndex);
        }

        // Prefer the recorded output item of the parent: it is what later nodes see when the engine copied the input.
        var start = OutputItems(context.RunData, source) is { } recorded && (uint)itemIndex < (uint)recorded.Count
            ? recorded[itemIndex]
            : inputs[itemIndex];
        var found = new List<Item>();
        Walk(context, targetNode, start, source, found, 0);
        if (found.Count == 0)
        {
            throw new ExpressionException($"Can't get data for expression: no path back to node '{targetNode}'")
            {
                Description = $"The item could not be linked to an item of '{targetNode}'. Is that node an ancestor of this one on the path the data took?",
            };
        }

        if (found.Count > 1)
        {
            throw new ExpressionException("Multiple matches found")
            {
                Description = $"More than one item of '{targetNode}' matches this item (item linking leads to several). Use $('{targetNode}').first(), .last() or .all() instead.",
            };
        }

        return found[0];
    }

    private static void Walk(ExpressionContext context, string target, Item item, NodeRunSource source, List<Item> found, int hops)
    {
        if (hops > MaxHops)
        {
            throw new ExpressionException("Can't get data for expression: item linking loops");
        }

        if (source.PreviousNode == target)
        {
            if (!found.Exists(f => ReferenceEquals(f, item)))
            {
                found.Add(item);
            }

            return;
        }

        var runs = context.RunData[source.PreviousNode];
        if ((uint)source.PreviousNodeRun >= (uint)runs.Count)
        {
            return;
        }

        var run = runs[source.PreviousNodeRun];
        var paired = item.Paired;
        if (paired is null || paired.Length == 0)
        {
            // n8n falls back to the first input item when the node had exactly one; otherwise the link is unknown.
            if (run.Inputs.Count > 0 && run.Inputs[0].Count == 1)
            {
                paired = [new PairedItem(0)];
            }
            else
            {
                throw new ExpressionException($"Can't get data for expression: paired item data is missing for node '{source.PreviousNode}'")
                {
                    Description = $"The node '{source.PreviousNode}' did not record which input item each output item came from, so '{target}' cannot be matched. Use $('{target}').first() or .all() instead.",
                };
            }
        }

        foreach (var p in paired)
        {
            if ((uint)p.Input >= (uint)run.Source.Count || run.Source[p.Input] is not { } parentSource)
            {
                continue;
            }

            var parentItems = OutputItems(context.RunData, parentSource);
            if (parentItems is null || (uint)p.Item >= (uint)parentItems.Count)
            {
                continue;
            }

            Walk(context, target, parentItems[p.Item], parentSource, found, hops + 1);
        }
    }

    private static IReadOnlyList<Item>? OutputItems(RunData runData, NodeRunSource source)
    {
        var runs = runData[source.PreviousNode];
        if ((uint)source.PreviousNodeRun >= (uint)runs.Count)
        {
            return null;
        }

        var outputs = runs[source.PreviousNodeRun].Outputs;
        return (uint)source.PreviousNodeOutput < (uint)outputs.Count ? outputs[source.PreviousNodeOutput] : null;
    }

    private static Item FallbackWithoutSource(ExpressionContext context, string target, int itemIndex)
    {
        var runs = context.RunData[target];
        if (runs.Count > 0 && runs[^1].Outputs.Count > 0)
        {
            var items = runs[^1].Outputs[0];
            if ((uint)itemIndex < (uint)items.Count)
            {
                return items[itemIndex];
            }
        }

        throw new ExpressionException($"Can't get data for expression: no item {itemIndex} from node '{target}'")
        {
            Description = "The node has no input to follow back; execute the nodes before it first.",
        };
    }

    /// <summary>An item as expressions see it: <c>{ json, binary?, pairedItem? }</c> with the live json object.</summary>
    public static JsValue ToValue(Item item) => JsValue.FromObject(item.ToJson());

    public static JsValue ToArray(IReadOnlyList<Item> items)
    {
        var array = new JsArray(items.Count);
        foreach (var item in items)
        {
            array.Add(ToValue(item));
        }

        return JsValue.FromArray(array);
    }
}
