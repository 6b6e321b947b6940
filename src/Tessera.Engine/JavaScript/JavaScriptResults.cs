using Tessera.Engine.Data;
using Tessera.Engine.Items;

namespace Tessera.Engine.JavaScript;

/// <summary>An error raised by JavaScript code in the sandbox (not a runner failure).</summary>
/// <param name="Name">The error's name (<c>TypeError</c>, <c>SyntaxError</c>, <c>ExpressionExtensionError</c>…).</param>
/// <param name="Message">The error's message.</param>
/// <param name="Line">The line of the user's code where it was raised, when known (1-based).</param>
/// <param name="Description">A hint, when the error carries one.</param>
/// <param name="Stack">The user's stack frames.</param>
/// <param name="ItemIndex">The item being processed, in per-item modes.</param>
/// <param name="IsN8nError">True for errors n8n itself raises (extension functions, <c>$('Node')</c> lookups, security rules).</param>
public sealed record JavaScriptError(
    string Name,
    string Message,
    int? Line = null,
    string? Description = null,
    string? Stack = null,
    int? ItemIndex = null,
    bool IsN8nError = false)
{
    /// <summary>The message with the line, as n8n shows Code-node errors: <c>"x is not defined [line 3]"</c>.</summary>
    public string MessageWithLine => Line is { } line ? $"{Message} [line {line}]" : Message;

    internal static JavaScriptError From(JsValue value)
    {
        var obj = value.TryGetObject() ?? new JsObject();
        return new JavaScriptError(
            obj["name"].TryGetString() ?? "Error",
            obj["message"].TryGetString() ?? "Unknown error",
            obj["line"].IsNumber ? (int)obj["line"].AsNumber() : null,
            obj["description"].TryGetString(),
            obj["stack"].TryGetString(),
            obj["itemIndex"].IsNumber ? (int)obj["itemIndex"].AsNumber() : null,
            obj["n8n"].AsBoolean() || obj["name"].TryGetString() is "SyntaxError");
    }
}

/// <summary>The outcome of a Code-node task: output items and captured console lines, or the code's error.</summary>
/// <param name="Items">The normalised output items (empty on error).</param>
/// <param name="Logs">Lines written with <c>console.log</c> and friends.</param>
/// <param name="Error">The error the code raised, or null on success.</param>
public sealed record CodeTaskResult(IReadOnlyList<Item> Items, IReadOnlyList<string> Logs, JavaScriptError? Error)
{
    /// <summary>True when the code finished without error.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>The outcome of one expression: its value, or the error n8n would report (runtime errors already yield undefined).</summary>
/// <param name="Value">The value (undefined on error).</param>
/// <param name="Error">The error, or null.</param>
public readonly record struct ExpressionTaskResult(JsValue Value, JavaScriptError? Error);

/// <summary>One expression to evaluate for one item.</summary>
/// <param name="Expression">The text inside <c>{{ }}</c>.</param>
/// <param name="ItemIndex">The item it runs over.</param>
public readonly record struct ExpressionTask(string Expression, int ItemIndex);
