using Tessera.Engine.Data;
using Tessera.Engine.JavaScript;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Code;

/// <summary>
/// n8n's Code node (v1, v2): JavaScript run once for all items or once per item, in the sandboxed runner.
/// Python is recognised and refused with a clear message.
/// </summary>
internal sealed class CodeNode(Func<JavaScriptRunnerPool> pool) : INodeType
{
    /// <summary>The code new Code nodes start with.</summary>
    internal const string DefaultCode =
        "// Add a field to every input item and pass the items on\nfor (const item of $input.all()) {\n  item.json.myNewField = 1;\n}\n\nreturn $input.all();";

    private readonly CodeExecution _execution = new(pool);

    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.code",
        DisplayName = "Code",
        SideEffectFree = CodeSandbox.IsClosed,
        Description = "Run custom JavaScript code",
        Versions = [1, 2],
        Category = "Core",
        Parameters =
        [
            new()
            {
                Name = "mode",
                Type = ParameterType.Options,
                Default = JavaScriptTaskModes.RunOnceForAllItems,
                Options =
                [
                    new("Run Once for All Items", JavaScriptTaskModes.RunOnceForAllItems, "Run this code only once, no matter how many input items there are"),
                    new("Run Once for Each Item", JavaScriptTaskModes.RunOnceForEachItem, "Run this code as many times as there are input items"),
                ],
            },
            new()
            {
                Name = "language",
                Type = ParameterType.Options,
                Default = "javaScript",
                Versions = [2],
                Options = [new("JavaScript", "javaScript"), new("Python (not supported)", "python")],
            },
            new() { Name = "jsCode", Type = ParameterType.Code, Default = DefaultCode },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var language = context.GetRawParameter("language").TryGetString() ?? "javaScript";
        if (language.StartsWith("python", StringComparison.OrdinalIgnoreCase))
        {
            throw new NodeOperationException(
                "Python is not supported",
                description: "Tessera runs Code nodes in JavaScript only. Set the node's language to JavaScript and port the code.");
        }

        var mode = context.GetRawParameter("mode").TryGetString() ?? JavaScriptTaskModes.RunOnceForAllItems;
        if (mode is not (JavaScriptTaskModes.RunOnceForAllItems or JavaScriptTaskModes.RunOnceForEachItem))
        {
            throw new NodeOperationException(
                $"Unknown mode '{mode}'",
                description: $"Use '{JavaScriptTaskModes.RunOnceForAllItems}' or '{JavaScriptTaskModes.RunOnceForEachItem}'.");
        }

        return _execution.RunAsync(context, CodeExecution.ReadCode(context, "jsCode"), mode);
    }
}

/// <summary>n8n's legacy Function node (v1): <c>items</c> in, items out.</summary>
internal sealed class FunctionNode(Func<JavaScriptRunnerPool> pool) : INodeType
{
    private readonly CodeExecution _execution = new(pool);

    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.function",
        DisplayName = "Function",
        SideEffectFree = CodeSandbox.IsClosed,
        Description = "Run custom JavaScript over all items (legacy; use the Code node)",
        Versions = [1],
        Category = "Core",
        Parameters =
        [
            new() { Name = "functionCode", Type = ParameterType.Code, Default = (JsValue)"// Code here will run once over all items\nreturn items;" },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) =>
        _execution.RunAsync(context, CodeExecution.ReadCode(context, "functionCode"), JavaScriptTaskModes.Function);
}

/// <summary>n8n's legacy Function Item node (v1): <c>item</c> (the item's JSON) in, its new JSON out.</summary>
internal sealed class FunctionItemNode(Func<JavaScriptRunnerPool> pool) : INodeType
{
    private readonly CodeExecution _execution = new(pool);

    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.functionItem",
        DisplayName = "Function Item",
        SideEffectFree = CodeSandbox.IsClosed,
        Description = "Run custom JavaScript once per item (legacy; use the Code node)",
        Versions = [1],
        Category = "Core",
        Parameters =
        [
            new() { Name = "functionCode", Type = ParameterType.Code, Default = (JsValue)"// Code here will run once per item\nreturn item;" },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) =>
        _execution.RunAsync(context, CodeExecution.ReadCode(context, "functionCode"), JavaScriptTaskModes.FunctionItem);
}

/// <summary>Whether JavaScript in Code nodes can reach the outside world.</summary>
internal static class CodeSandbox
{
    /// <summary>
    /// True when the sandbox allows no modules (<c>TESSERA_CODE_ALLOW_MODULES</c> empty, the default): code then has no
    /// network, file system or process access, so re-running it after a crash is invisible and its completion may ride
    /// a pipelined commit (docs/storage.md). Once an admin allows modules, code could call out, and Code nodes are
    /// journalled like any node with side effects.
    /// </summary>
    public static bool IsClosed { get; } = IsClosedFor(Environment.GetEnvironmentVariable(JavaScriptRunnerOptions.AllowModulesVariable));

    /// <summary>Whether the sandbox is closed for this <c>TESSERA_CODE_ALLOW_MODULES</c> value.</summary>
    public static bool IsClosedFor(string? allowModules) => JavaScriptRunnerOptions.ParseModules(allowModules).Count == 0;
}
