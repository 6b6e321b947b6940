using Tessera.Engine.Expressions;
using Tessera.Engine.Items;

namespace Tessera.Engine.JavaScript;

/// <summary>Modes the runner understands: the Code node's two modes, the legacy Function nodes, and expressions.</summary>
public static class JavaScriptTaskModes
{
    /// <summary>Code node: the code runs once and sees every input item.</summary>
    public const string RunOnceForAllItems = "runOnceForAllItems";

    /// <summary>Code node: the code runs once per input item (<c>$json</c> is that item).</summary>
    public const string RunOnceForEachItem = "runOnceForEachItem";

    /// <summary>Legacy Function node: <c>items</c> holds every item; returns items.</summary>
    public const string Function = "function";

    /// <summary>Legacy Function Item node: <c>item</c> is the current item's JSON; returns its new JSON.</summary>
    public const string FunctionItem = "functionItem";

    /// <summary>An expression for one item.</summary>
    public const string Expression = "expression";
}

/// <summary>What a JavaScript task can see: the node's context (items, run data, execution) and the mode.</summary>
public sealed class JavaScriptTaskData
{
    /// <summary>The node's expression context (execution, node, inputs, run data, current item).</summary>
    public required ExpressionContext Context { get; init; }

    /// <summary>One of <see cref="JavaScriptTaskModes"/>.</summary>
    public string Mode { get; init; } = JavaScriptTaskModes.Expression;

    /// <summary>
    /// Send the outputs of executed nodes (for <c>$('Node')</c>, <c>$node</c>, <c>$items()</c>). Callers turn it off when
    /// the code cannot refer to other nodes, which keeps large executions cheap.
    /// </summary>
    public bool IncludeRunData { get; init; } = true;

    /// <summary>In per-item modes, turn an item's error into an <c>{ error }</c> item and go on (n8n's continue-on-fail).</summary>
    public bool ContinueOnFail { get; init; }

    /// <summary>The items the code sees as <c>$input</c>; null uses input 0 of <see cref="Context"/>.</summary>
    public IReadOnlyList<Item>? Items { get; init; }

    /// <summary>True when <paramref name="code"/> may read other nodes' data, so run data must be sent.</summary>
    public static bool ReferencesOtherNodes(string code) =>
        code.Contains("$(", StringComparison.Ordinal) ||
        code.Contains("$node", StringComparison.Ordinal) ||
        code.Contains("$items", StringComparison.Ordinal) ||
        code.Contains("$prevNode", StringComparison.Ordinal);
}
