using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Runtime;

/// <summary>
/// Per-evaluation state: the context, the step budget and the limits. Held in a thread-static slot because evaluation is
/// synchronous and <see cref="IJsCallable.Call"/> has no context parameter; one instance is reused per thread.
/// </summary>
internal sealed class EvalState
{
    [ThreadStatic]
    private static EvalState? t_current;

    private const int MaxCallDepth = 200;
    private long _steps;
    private Dates.DateGlobals? _dates;
    private Dictionary<string, JsValue>? _implicitGlobals;
    private int _callDepth;

    public ExpressionContext Context { get; private set; } = null!;

    public ExpressionEvaluatorOptions Options { get; private set; } = ExpressionEvaluatorOptions.Default;

    /// <summary>The date globals of the execution (clock and zone), created on first use in an evaluation.</summary>
    public Dates.DateGlobals Dates => _dates ??= Expressions.Dates.DateGlobals.For(Context.Execution);

    public static EvalState Current => t_current ?? throw new InvalidOperationException("No expression is being evaluated on this thread.");

    public static EvalState? CurrentOrNull => t_current;

    /// <summary>Makes a state current; returns the previous one to restore (re-entrant evaluation).</summary>
    public static EvalState? Enter(ExpressionContext context, ExpressionEvaluatorOptions options, ref EvalState? spare)
    {
        var previous = t_current;
        var state = spare ?? new EvalState();
        spare = null;
        state.Context = context;
        state.Options = options;
        state._steps = 0;
        state._dates = null;
        state._implicitGlobals = null;
        state._callDepth = 0;
        t_current = state;
        return previous;
    }

    public static EvalState Exit(EvalState? previous)
    {
        var state = t_current!;
        state.Context = null!;
        t_current = previous;
        return state;
    }

    /// <summary>Counts loop iterations and calls; stops runaway expressions.</summary>
    public void Step(int weight = 1)
    {
        _steps += weight;
        if (_steps > Options.MaxSteps)
        {
            throw new ExpressionException(
                $"The expression ran too long: more than {Options.MaxSteps:N0} steps (loop iterations and function calls).")
            { Description = "Check the expression for an endless loop, or process fewer items at once." };
        }

        if ((_steps & 1023) == 0)
        {
            Context.CancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Sloppy-mode globals created by assigning to an undeclared name (<c>fieldName = 'id'</c>); they live for one evaluation.</summary>
    public JsValue ReadImplicit(string name) =>
        _implicitGlobals is not null && _implicitGlobals.TryGetValue(name, out var value) ? value : throw JsThrow.ReferenceError(name);

    public void WriteImplicit(string name, JsValue value) => (_implicitGlobals ??= new(StringComparer.Ordinal))[name] = value;

    public bool EnterCall() => ++_callDepth <= MaxCallDepth;

    public void ExitCall() => _callDepth--;

    public static void CheckArrayLength(double length)
    {
        var max = CurrentOrNull?.Options.MaxArrayLength ?? ExpressionEvaluatorOptions.Default.MaxArrayLength;
        if (length > max)
        {
            throw new ExpressionException($"The expression tried to create an array of {length:N0} elements; the limit is {max:N0}.")
            { Description = "Work on smaller arrays." };
        }
    }

    public static void CheckStringLength(double length)
    {
        var max = CurrentOrNull?.Options.MaxStringLength ?? ExpressionEvaluatorOptions.Default.MaxStringLength;
        if (length > max)
        {
            throw new ExpressionException($"The expression tried to create a string of {length:N0} characters; the limit is {max:N0}.")
            { Description = "Work on smaller strings." };
        }
    }

    public static JsArray NewArray(int capacity = 0)
    {
        CheckArrayLength(capacity);
        return new JsArray(capacity);
    }
}
