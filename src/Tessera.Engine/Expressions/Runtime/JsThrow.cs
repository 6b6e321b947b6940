using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Runtime;

/// <summary>
/// A JavaScript exception (TypeError, a <c>throw</c> statement…). n8n turns these into <c>undefined</c> at the expression
/// boundary, so they never escape the evaluator; <see cref="ExpressionException"/> is used for errors n8n reports.
/// </summary>
internal sealed class JsThrow : Exception
{
    public JsThrow(JsValue value, string message) : base(message) => Value = value;

    public JsValue Value { get; }

    public static JsThrow TypeError(string message) => new(JsValue.FromString("TypeError: " + message), message);

    public static JsThrow RangeError(string message) => new(JsValue.FromString("RangeError: " + message), message);

    public static JsThrow SyntaxError(string message) => new(JsValue.FromString("SyntaxError: " + message), message);

    public static JsThrow ReferenceError(string name) =>
        new(JsValue.FromString($"ReferenceError: {name} is not defined"), $"{name} is not defined");
}
