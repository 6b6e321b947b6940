using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.JavaScript;
using Tessera.Engine.Nodes;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Code;

/// <summary>Runs JavaScript for the Code, Function and Function Item nodes in the sandboxed runner pool.</summary>
internal sealed class CodeExecution(Func<JavaScriptRunnerPool> fallbackPool)
{
    /// <summary>
    /// Runs <paramref name="code"/> in <paramref name="mode"/> over the node's input items. Console output goes to the
    /// run's log; errors become <see cref="NodeOperationException"/>s naming the line.
    /// </summary>
    public async ValueTask<NodeOutput> RunAsync(NodeExecutionContext context, string code, string mode)
    {
        // A pool registered with the engine's services wins; otherwise the one given at registration (lazily shared).
        var pool = context.GetService<JavaScriptRunnerPool>() ?? fallbackPool();
        var items = context.InputItems;
        context.Expressions.ItemIndex = 0;
        var data = new JavaScriptTaskData
        {
            Context = context.Expressions,
            Mode = mode,
            IncludeRunData = JavaScriptTaskData.ReferencesOtherNodes(code),
            ContinueOnFail = context.Node.ErrorMode != OnErrorMode.StopWorkflow,
        };

        CodeTaskResult result;
        try
        {
            result = await pool.RunCodeAsync(code, data, context.CancellationToken).ConfigureAwait(false);
        }
        catch (JavaScriptRunnerUnavailableException e)
        {
            throw new NodeOperationException(e.Message, description: "Code nodes need Node.js; the rest of the workflow's nodes do not.", inner: e);
        }
        catch (JavaScriptRunnerException e)
        {
            throw new NodeOperationException(e.Message, inner: e);
        }

        foreach (var line in result.Logs)
        {
            context.Log(line);
        }

        if (result.Error is { } error)
        {
            var failure = new NodeOperationException(error.MessageWithLine, error.ItemIndex, error.Description ?? Describe(error));
            if (data.ContinueOnFail)
            {
                // n8n's Code node catches its own failure in the "continue" modes and outputs one error item; errors in
                // the shape of the returned data name the item. Marking it lets continueErrorOutput route it.
                var message = error.Line is null && error.ItemIndex is { } at ? $"{error.Message} [item {at}]" : error.MessageWithLine;
                return NodeOutput.Single([new Item(new JsObject { ["error"] = message }) { Paired = items.Count > 0 ? [new PairedItem(0)] : null, Error = new NodeError { Message = failure.Message, Description = failure.Description, Node = context.Node.Name } }]);
            }

            throw failure;
        }

        var output = result.Items;
        if (items.Count == 1)
        {
            // With one input item every output item comes from it, so item linking keeps working downstream.
            foreach (var item in output)
            {
                item.Paired ??= [new PairedItem(0)];
            }
        }

        return NodeOutput.Single(output);
    }

    private static string? Describe(JavaScriptError error) =>
        error.Name is "Error" or "ExpressionError" ? error.Stack : $"{error.Name}: {error.Message}" + (error.Stack is { } s ? "\n" + s : string.Empty);

    /// <summary>The code parameter as text (the editor stores code literally, never as an expression).</summary>
    public static string ReadCode(NodeExecutionContext context, string parameter)
    {
        var raw = context.GetRawParameter(parameter);
        return raw.Kind == JsKind.String ? raw.AsString() : string.Empty;
    }
}
