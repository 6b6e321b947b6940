using System.Runtime.CompilerServices;
using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Runtime;

/// <summary>How a statement finished.</summary>
internal enum Completion : byte
{
    Normal,
    Return,
    Break,
    Continue,
}

/// <summary>A compiled statement; <paramref name="result"/> receives the value of a <c>return</c>.</summary>
internal delegate Completion Stmt(Env env, ref JsValue result);

/// <summary>Binds call arguments to parameter slots.</summary>
internal delegate void ParamBinder(Env env, ReadOnlySpan<JsValue> args);

/// <summary>The compiled, shareable part of an arrow function; <see cref="ArrowFunction"/> pairs it with its closure.</summary>
internal sealed class ArrowTemplate
{
    public required int SlotCount { get; init; }

    public required ParamBinder Bind { get; init; }

    public Code? ExpressionBody { get; init; }

    public Stmt? BlockBody { get; init; }

    public int ParameterCount { get; init; }
}

/// <summary>An arrow function value: callable from expressions, built-ins and n8n extension functions.</summary>
internal sealed class ArrowFunction(ArrowTemplate template, Env closure) : IJsCallable, IJsHostObject
{
    public string TypeOf => "function";

    public JsValue Call(JsValue thisValue, ReadOnlySpan<JsValue> arguments)
    {
        var state = EvalState.Current;
        state.Step();
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw JsThrow.RangeError("Maximum call stack size exceeded");
        }

        if (!state.EnterCall())
        {
            state.ExitCall();
            throw JsThrow.RangeError("Maximum call stack size exceeded");
        }

        try
        {
            var env = new Env(closure, template.SlotCount);
            template.Bind(env, arguments);
            if (template.ExpressionBody is { } body)
            {
                return body(env);
            }

            JsValue result = default;
            return template.BlockBody!(env, ref result) == Completion.Return ? result : JsValue.Undefined;
        }
        finally
        {
            state.ExitCall();
        }
    }

    public JsValue GetMember(string name) => name switch
    {
        "length" => JsValue.FromNumber(template.ParameterCount),
        "name" => JsValue.EmptyString,
        _ => JsValue.Undefined,
    };

    public override string ToString() => "(…) => { … }";
}
