using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.JmesPath;

/// <summary>The argument types a JMESPath function signature can ask for.</summary>
[Flags]
internal enum JmesType
{
    None = 0,
    Number = 1,
    String = 2,
    Boolean = 4,
    Array = 8,
    Object = 16,
    Null = 32,
    Expref = 64,
    ArrayOfNumbers = 128,
    ArrayOfStrings = 256,
    Undefined = 512,
    Any = Number | String | Boolean | Array | Object | Null | Expref | Undefined,
}

/// <summary>Where a function is being called: for error messages and for evaluating expression references.</summary>
internal readonly record struct JmesCall(JmesScope Scope, int Position)
{
    public ExpressionException Error(string what, string? hint = null) => JmesPathErrors.Runtime(Scope.Expression, Position, what, hint);

    public JsValue Apply(JsValue expref, JsValue element) => ((JmesExpref)expref.Reference!).Node.Evaluate(element, Scope);
}

/// <summary>
/// A built-in function: its signature (checked before the body runs) and its body. As in the jmespath library n8n uses,
/// the arguments a variadic function receives beyond its declared parameters are not type-checked.
/// </summary>
internal sealed class JmesFunction(string name, JmesType[] parameters, bool variadic, Func<JsValue[], JmesCall, JsValue> body)
{
    public string Name { get; } = name;

    public JsValue Invoke(JsValue[] arguments, JmesCall call)
    {
        CheckArity(arguments.Length, call);
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!Matches(arguments[i], parameters[i]))
            {
                throw call.Error(
                    $"{Name}() expected argument {i + 1} to be {Describe(parameters[i])} but received {Article(JmesPathValues.TypeName(arguments[i]))}",
                    $"Check the type of argument {i + 1} of {Name}(); type(@) shows the type of a value.");
            }
        }

        return body(arguments, call);
    }

    private void CheckArity(int count, JmesCall call)
    {
        var expected = parameters.Length;
        if (variadic ? count >= expected : count == expected)
        {
            return;
        }

        var noun = expected == 1 ? "argument" : "arguments";
        throw call.Error(
            $"{Name}() takes {(variadic ? "at least " : string.Empty)}{expected} {noun} but received {count}",
            $"Call {Name}() with {(variadic ? "at least " : string.Empty)}{expected} {noun}.");
    }

    internal static bool Matches(JsValue value, JmesType allowed)
    {
        var type = value.Kind switch
        {
            JsKind.Undefined => JmesType.Undefined,
            JsKind.Null => JmesType.Null,
            JsKind.Boolean => JmesType.Boolean,
            JsKind.Number => JmesType.Number,
            JsKind.String => JmesType.String,
            JsKind.Array => JmesType.Array,
            JsKind.Host when value.Reference is JmesExpref => JmesType.Expref,
            _ => JmesType.Object,
        };
        if ((allowed & type) != 0)
        {
            return true;
        }

        return type == JmesType.Array && (
            (allowed & JmesType.ArrayOfNumbers) != 0 && value.AsArray().All(v => v.IsNumber) ||
            (allowed & JmesType.ArrayOfStrings) != 0 && value.AsArray().All(v => v.IsString));
    }

    private static string Describe(JmesType allowed)
    {
        var names = new List<string>();
        foreach (var (flag, name) in Names)
        {
            if ((allowed & flag) != 0 && allowed != JmesType.Any)
            {
                names.Add(name);
            }
        }

        return string.Join(" or ", names);
    }

    private static string Article(string typeName) => typeName switch
    {
        "null" or "undefined" => typeName,
        "array" or "object" or "expref" => "an " + typeName,
        _ => "a " + typeName,
    };

    private static readonly (JmesType Flag, string Name)[] Names =
    [
        (JmesType.Number, "a number"),
        (JmesType.String, "a string"),
        (JmesType.Boolean, "a boolean"),
        (JmesType.Array, "an array"),
        (JmesType.Object, "an object"),
        (JmesType.Null, "null"),
        (JmesType.Expref, "an expression reference (&expr)"),
        (JmesType.ArrayOfNumbers, "an array of numbers"),
        (JmesType.ArrayOfStrings, "an array of strings"),
    ];
}
