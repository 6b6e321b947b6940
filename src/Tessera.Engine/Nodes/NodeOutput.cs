using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Engine.Nodes;

/// <summary>What a node produced: items per output, or a request to wait.</summary>
public sealed class NodeOutput
{
    private static readonly IReadOnlyList<IReadOnlyList<Item>> NoOutputs = [];

    private NodeOutput(IReadOnlyList<IReadOnlyList<Item>> outputs) => Outputs = outputs;

    /// <summary>Items per output index. An empty list means the node returned no data at all (children do not run).</summary>
    public IReadOnlyList<IReadOnlyList<Item>> Outputs { get; }

    /// <summary>Set when the node asks the engine to park the execution until a time or an external call.</summary>
    public WaitRequest? Wait { get; init; }

    /// <summary>The node returned nothing at all (not even empty outputs): no child runs, no data recorded.</summary>
    public static NodeOutput None { get; } = new(NoOutputs);

    /// <summary>One output holding <paramref name="items"/>.</summary>
    public static NodeOutput Single(IReadOnlyList<Item> items) => new([items]);

    /// <summary>Several outputs.</summary>
    public static NodeOutput Multiple(params IReadOnlyList<Item>[] outputs) => new(outputs);

    /// <summary>Several outputs.</summary>
    public static NodeOutput Multiple(IReadOnlyList<IReadOnlyList<Item>> outputs) => new(outputs);

    /// <summary>
    /// Asks the engine to park the execution (Wait node, approvals); <paramref name="items"/> are the node's output 0 when it resumes.
    /// </summary>
    public static NodeOutput Waiting(IReadOnlyList<Item> items, WaitRequest wait) => new([items]) { Wait = wait };

    /// <summary>Items on output 0, or empty.</summary>
    public IReadOnlyList<Item> Main => Outputs.Count > 0 ? Outputs[0] : [];
}

/// <summary>A node's request to park the execution.</summary>
/// <param name="Until">Resume at this time (UTC); null waits for an external call only.</param>
/// <param name="Kind">What wakes it: "timer", "webhook", "approval"…</param>
/// <param name="Details">Anything the resumer needs (webhook suffix, approval id…).</param>
public sealed record WaitRequest(DateTimeOffset? Until, string Kind, JsObject? Details = null);
