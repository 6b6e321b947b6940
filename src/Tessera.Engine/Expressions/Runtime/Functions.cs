using System.Runtime.CompilerServices;
using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Runtime;

/// <summary>A built-in method body: <c>this</c> and the arguments.</summary>
internal delegate JsValue NativeMethod(JsValue thisValue, ReadOnlySpan<JsValue> args);

/// <summary>Small fixed argument buffers so calls with up to three arguments do not allocate.</summary>
[InlineArray(3)]
internal struct Args3
{
    private JsValue _element0;
}

/// <summary>A built-in function (<c>parseInt</c>, <c>Array.isArray</c>, <c>Number</c>…), optionally a constructor with static members.</summary>
internal sealed class NativeFunction(string name, NativeMethod call, NativeMethod? construct = null) : IJsCallable, IJsHostObject
{
    private Dictionary<string, JsValue>? _statics;

    public string Name { get; } = name;

    public NativeMethod? Construct { get; } = construct;

    public string TypeOf => "function";

    public NativeFunction Static(string member, JsValue value)
    {
        (_statics ??= new(StringComparer.Ordinal))[member] = value;
        return this;
    }

    public NativeFunction Static(string member, NativeMethod method) => Static(member, JsValue.FromHost(new NativeFunction(member, method)));

    public JsValue Call(JsValue thisValue, ReadOnlySpan<JsValue> arguments) => call(thisValue, arguments);

    public JsValue GetMember(string member) => member switch
    {
        "name" => JsValue.FromString(Name),
        _ => _statics is not null && _statics.TryGetValue(member, out var v) ? v : JsValue.Undefined,
    };

    public override string ToString() => $"function {Name}() {{ [native code] }}";
}

/// <summary>A built-in method read as a value (<c>const f = arr.map</c>): remembers its receiver.</summary>
internal sealed class BoundMethod(JsValue receiver, string name, NativeMethod method) : IJsCallable, IJsHostObject
{
    public string TypeOf => "function";

    public JsValue Call(JsValue thisValue, ReadOnlySpan<JsValue> arguments) =>
        method(thisValue.IsNullish ? receiver : thisValue, arguments);

    public JsValue GetMember(string member) => member == "name" ? JsValue.FromString(name) : JsValue.Undefined;

    public override string ToString() => $"function {name}() {{ [native code] }}";
}

/// <summary>A namespace object such as <c>Math</c> or <c>JSON</c>.</summary>
internal sealed class HostNamespace(string name) : IJsHostObject
{
    private readonly Dictionary<string, JsValue> _members = new(StringComparer.Ordinal);

    public HostNamespace Add(string member, JsValue value)
    {
        _members[member] = value;
        return this;
    }

    public HostNamespace Add(string member, NativeMethod method) => Add(member, JsValue.FromHost(new NativeFunction(member, method)));

    public JsValue GetMember(string member) => _members.TryGetValue(member, out var v) ? v : JsValue.Undefined;

    public override string ToString() => $"[object {name}]";
}

/// <summary>A host value that spreads and iterates (Set, Map, iterators).</summary>
internal interface IJsIterable
{
    IEnumerable<JsValue> Iterate();
}

internal static class Args
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JsValue At(ReadOnlySpan<JsValue> args, int index) => index < args.Length ? args[index] : JsValue.Undefined;

    public static IJsCallable Callable(ReadOnlySpan<JsValue> args, int index, string what)
    {
        var v = At(args, index);
        return v.Reference as IJsCallable ?? throw JsThrow.TypeError($"{Describe(v)} is not a function ({what})");
    }

    public static string Describe(JsValue v) => v.Kind switch
    {
        JsKind.String => $"\"{v.AsString()}\"",
        JsKind.Object => "#<Object>",
        JsKind.Array => "array",
        _ => JsConvert.ToString(v),
    };
}
