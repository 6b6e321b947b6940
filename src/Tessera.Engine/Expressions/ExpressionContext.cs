using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Expressions;

/// <summary>
/// Everything an expression can see while a node runs. The engine creates one per node run and moves
/// <see cref="ItemIndex"/> from item to item, so evaluating a parameter for each item allocates nothing here.
/// </summary>
public sealed class ExpressionContext
{
    /// <summary>The execution.</summary>
    public required ExecutionInfo Execution { get; init; }

    /// <summary>The node being run.</summary>
    public required WorkflowNode Node { get; init; }

    /// <summary>All node runs so far (for <c>$('Node')</c>, <c>$node</c>, <c>$items()</c>, item linking).</summary>
    public required RunData RunData { get; init; }

    /// <summary>Items per main input of the node being run.</summary>
    public required IReadOnlyList<IReadOnlyList<Item>> Inputs { get; init; }

    /// <summary>Where each input came from (for <c>$prevNode</c> and item linking).</summary>
    public IReadOnlyList<NodeRunSource?> Source { get; init; } = [];

    /// <summary>Finds a node's context (its per-execution state, <c>$node["Name"].context</c>); null when it has none.</summary>
    public Func<string, JsObject?>? NodeStates { get; init; }

    /// <summary>The run index of the node (<c>$runIndex</c>).</summary>
    public int RunIndex { get; init; }

    /// <summary>The item being resolved (<c>$itemIndex</c>); the engine moves it per item.</summary>
    public int ItemIndex { get; set; }

    /// <summary>Items of the input expressions refer to as <c>$input</c> / <c>$json</c> (input 0 unless a node says otherwise).</summary>
    public IReadOnlyList<Item> InputItems => Inputs.Count > 0 ? Inputs[0] : [];

    /// <summary>The current item (<c>$json</c>, <c>$binary</c>), or null when the node has no input items.</summary>
    public Item? CurrentItem => (uint)ItemIndex < (uint)InputItems.Count ? InputItems[ItemIndex] : null;

    /// <summary>The workflow.</summary>
    public Workflow Workflow => Execution.Workflow;

    /// <summary>The node's raw parameters (<c>$parameter</c>).</summary>
    public JsObject Parameters => Node.Parameters;

    /// <summary>
    /// Extra top-level variables a node provides for some of its expressions, keyed by name with the <c>$</c>
    /// (e.g. the HTTP Request node's <c>$response</c>, <c>$pageCount</c> and <c>$request</c> while paginating).
    /// Null almost always; the evaluator looks names up here before reporting an unknown variable.
    /// </summary>
    public JsObject? ExtraVariables { get; set; }

    /// <summary>Cancels long evaluations (the engine's execution token).</summary>
    public CancellationToken CancellationToken { get; init; }
}
