using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Execution;

// Routing outputs to children and deciding what runs next, in n8n's v1 or v0 order.
internal sealed partial class ExecutionRun
{
    private void Route(string node, IReadOnlyList<IReadOnlyList<Item>> outputs, int runIndex)
    {
        var deliveries = new List<(Connection Connection, IReadOnlyList<Item> Items)>();
        foreach (var c in _graph.ChildrenOf(node))
        {
            if (c.SourceOutput >= outputs.Count || _scope?.Contains(c.Target) == false)
            {
                continue;
            }

            var items = outputs[c.SourceOutput];

            // An empty output does not run the child; v0 still delivers it to a second (or later) input.
            if (items.Count == 0 && (_v1 || c.TargetInput == 0 || _graph.ConnectedInputCount(c.Target) < 2))
            {
                continue;
            }

            deliveries.Add((c, items));
        }

        if (_v1 && deliveries.Count > 1)
        {
            // v1: siblings run top to bottom, then left to right, across all outputs; the same child fed by
            // several outputs runs for the higher output first.
            deliveries = [.. deliveries
                .Select((d, i) => (d, i))
                .OrderBy(x => Position(x.d.Connection.Target)[1])
                .ThenBy(x => Position(x.d.Connection.Target)[0])
                .ThenByDescending(x => x.d.Connection.SourceOutput)
                .ThenBy(x => x.i)
                .Select(x => x.d)];
        }

        var ready = new List<ReadyNode>();
        var forced = new List<ReadyNode>();
        foreach (var (c, items) in deliveries)
        {
            var source = new NodeRunSource(node, c.SourceOutput, runIndex);
            if (_graph.ConnectedInputCount(c.Target) < 2)
            {
                var inputs = new IReadOnlyList<Item>?[Math.Max(1, c.TargetInput + 1)];
                var sources = new NodeRunSource?[inputs.Length];
                inputs[c.TargetInput] = items;
                sources[c.TargetInput] = source;
                ready.Add(new ReadyNode(c.Target, inputs, sources));
                continue;
            }

            Deliver(c.Target, c.TargetInput, items, source, ready, forced);
        }

        if (_v1)
        {
            _stack.InsertRange(0, ready);
        }
        else
        {
            _stack.AddRange(ready);
            _stack.AddRange(forced);
        }
    }

    // A multi-input node collects data per input; it becomes ready when every connected input has data.
    private void Deliver(string target, int input, IReadOnlyList<Item> items, NodeRunSource source, List<ReadyNode> ready, List<ReadyNode> forced)
    {
        var inputCount = _graph.ConnectedInputCount(target);
        var entry = _waiting.Find(w => w.Node == target && w.Inputs[input] is null);
        if (entry is null)
        {
            entry = new WaitingNode(target, inputCount);
            _waiting.Add(entry);
        }

        entry.Inputs[input] = items;
        entry.Source[input] = source;
        if (IsComplete(entry))
        {
            _waiting.Remove(entry);
            ready.Add(new ReadyNode(target, entry.Inputs, entry.Source));
            return;
        }

        if (!_v1)
        {
            ForceMissingInputs(entry, forced);
        }
    }

    private bool IsComplete(WaitingNode entry)
    {
        foreach (var c in _graph.ParentsOf(entry.Node))
        {
            if (entry.Inputs[c.TargetInput] is null)
            {
                return false;
            }
        }

        return true;
    }

    // v0: the parents of inputs still missing data are run (once) with one empty item so the node can complete.
    private void ForceMissingInputs(WaitingNode entry, List<ReadyNode> forced)
    {
        foreach (var c in _graph.ParentsOf(entry.Node))
        {
            if (entry.Inputs[c.TargetInput] is not null || _runData.HasRun(c.Source)
                || _stack.Exists(r => r.Node == c.Source) || forced.Exists(r => r.Node == c.Source))
            {
                continue;
            }

            forced.Add(new ReadyNode(c.Source, [[new Item(new JsObject())]], [null]));
        }
    }

    // When nothing else can run, a multi-input node that is still missing inputs runs with what it has
    // (v1: the bottom-most first; v0: in arrival order). Nodes that require the missing inputs are dropped.
    private bool TryReleasePostponed()
    {
        while (_waiting.Count > 0)
        {
            var entry = _v1
                ? _waiting.OrderByDescending(w => Position(w.Node)[1]).ThenByDescending(w => Position(w.Node)[0]).First()
                : _waiting[0];
            _waiting.Remove(entry);
            var node = _graph.Find(entry.Node)!;
            var required = _engine.NodeTypes.Find(node.Type)?.Description.RequiredInputs?.Invoke(node);
            if (required is not null && required.Any(i => i < entry.Inputs.Length && entry.Inputs[i] is null))
            {
                continue;
            }

            _stack.Add(new ReadyNode(entry.Node, entry.Inputs, entry.Source));
            return true;
        }

        return false;
    }

    private double[] Position(string node) => _graph.Find(node)?.Position ?? [0, 0];
}
