using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Builtins;
using Tessera.Engine.Expressions.Extensions;

namespace Tessera.Engine.Expressions.Runtime;

/// <summary>Property reads, writes and method calls with JavaScript's lookup order, then n8n's extension functions.</summary>
internal static class Members
{
    public static JsValue Get(JsValue target, string name)
    {
        switch (target.Kind)
        {
            case JsKind.Object:
                if (((JsObject)target.Reference!).TryGetValue(name, out var own))
                {
                    return own;
                }

                Security.CheckMember(name);
                return ObjectPrototype.Methods.TryGetValue(name, out var om) ? Bound(target, name, om) : JsValue.Undefined;
            case JsKind.Array:
            {
                var array = (JsArray)target.Reference!;
                if (name == "length")
                {
                    return JsValue.FromNumber(array.Count);
                }

                var index = Ops.ToIndex(JsValue.FromString(name));
                if (index >= 0)
                {
                    return array.ElementAtOrUndefined(index);
                }

                Security.CheckMember(name);
                return ArrayPrototype.Methods.TryGetValue(name, out var am) ? Bound(target, name, am) : JsValue.Undefined;
            }

            case JsKind.String:
            {
                var s = (string)target.Reference!;
                if (name == "length")
                {
                    return JsValue.FromNumber(s.Length);
                }

                var index = Ops.ToIndex(JsValue.FromString(name));
                if (index >= 0)
                {
                    return index < s.Length ? JsValue.FromString(s[index].ToString()) : JsValue.Undefined;
                }

                Security.CheckMember(name);
                return StringPrototype.Methods.TryGetValue(name, out var sm) ? Bound(target, name, sm) : JsValue.Undefined;
            }

            case JsKind.Number:
                Security.CheckMember(name);
                return NumberPrototype.Methods.TryGetValue(name, out var nm) ? Bound(target, name, nm) : JsValue.Undefined;
            case JsKind.Boolean:
                Security.CheckMember(name);
                return BooleanPrototype.Methods.TryGetValue(name, out var bm) ? Bound(target, name, bm) : JsValue.Undefined;
            case JsKind.Host:
                Security.CheckMember(name);
                if (target.Reference is IJsHostObject host)
                {
                    return host.GetMember(name);
                }

                return JsValue.Undefined;
            default:
                throw JsThrow.TypeError($"Cannot read properties of {JsConvert.ToString(target)} (reading '{name}')");
        }
    }

    public static JsValue GetComputed(JsValue target, JsValue key)
    {
        if (key.Kind == JsKind.Number)
        {
            if (target.Kind == JsKind.Array)
            {
                var d = key.AsNumber();
                var array = (JsArray)target.Reference!;
                var i = (int)d;
                if (i == d && (uint)i < (uint)array.Count)
                {
                    return array[i];
                }
            }
            else if (target.Kind == JsKind.String)
            {
                var d = key.AsNumber();
                var s = (string)target.Reference!;
                var i = (int)d;
                if (i == d && (uint)i < (uint)s.Length)
                {
                    return JsValue.FromString(s[i].ToString());
                }
            }
        }

        if (target.IsNullish)
        {
            throw JsThrow.TypeError($"Cannot read properties of {JsConvert.ToString(target)} (reading '{Ops.ToKey(key)}')");
        }

        if (key.Kind == JsKind.Host && key.Reference is JsSymbol symbol)
        {
            return GetSymbol(target, symbol);
        }

        var name = Ops.ToKey(key);
        Security.CheckMember(name);
        return Get(target, name);
    }

    // Symbol-keyed properties are not stored; the one the language relies on, Symbol.iterator, is served for iterables.
    private static JsValue GetSymbol(JsValue target, JsSymbol symbol)
    {
        if (symbol == JsSymbol.Iterator && (target.Kind is JsKind.Array or JsKind.String || target.Reference is JsIterator or JsSet or JsMap))
        {
            return JsValue.FromHost(new NativeFunction("[Symbol.iterator]", (_, _) => JsIterator.Of(target)!.Value));
        }

        return JsValue.Undefined;
    }

    public static void Set(JsValue target, string name, JsValue value)
    {
        Security.CheckMember(name);
        switch (target.Kind)
        {
            case JsKind.Object:
                ((JsObject)target.Reference!).Set(name, value);
                return;
            case JsKind.Array:
                SetArray((JsArray)target.Reference!, name, value);
                return;
            case JsKind.Undefined or JsKind.Null:
                throw JsThrow.TypeError($"Cannot set properties of {JsConvert.ToString(target)} (setting '{name}')");
            default:
                return; // Primitives and host values ignore writes, as in sloppy-mode JavaScript.
        }
    }

    public static void SetComputed(JsValue target, JsValue key, JsValue value) => Set(target, Ops.ToKey(key), value);

    private static void SetArray(JsArray array, string name, JsValue value)
    {
        if (name == "length")
        {
            var length = Ops.Num(value);
            if (length < 0 || length != Math.Floor(length) || length > uint.MaxValue)
            {
                throw JsThrow.RangeError("Invalid array length");
            }

            EvalState.CheckArrayLength(length);
            var n = (int)length;
            if (n < array.Count)
            {
                array.Items.RemoveRange(n, array.Count - n);
            }

            while (array.Count < n)
            {
                array.Add(JsValue.Undefined);
            }

            return;
        }

        var index = Ops.ToIndex(JsValue.FromString(name));
        if (index < 0)
        {
            return; // Named properties on arrays are not kept (arrays are JSON arrays here).
        }

        EvalState.CheckArrayLength(index + 1.0);
        while (array.Count <= index)
        {
            array.Add(JsValue.Undefined);
        }

        array[index] = value;
    }

    public static bool Has(JsValue target, JsValue key) => target.Kind switch
    {
        JsKind.Object => ((JsObject)target.Reference!).ContainsKey(Ops.ToKey(key)),
        JsKind.Array => Ops.ToIndex(key) is var i && i >= 0 ? i < ((JsArray)target.Reference!).Count : Ops.ToKey(key) == "length",
        JsKind.Host => !Get(target, Ops.ToKey(key)).IsUndefined,
        _ => throw JsThrow.TypeError($"Cannot use 'in' operator to search for '{Ops.ToKey(key)}' in {JsConvert.ToString(target)}"),
    };

    /// <summary>Calls <c>target.name(args)</c>: own callable property, then the built-in prototype, then n8n extensions.</summary>
    public static JsValue CallMethod(JsValue target, string name, ReadOnlySpan<JsValue> args)
    {
        NativeMethod? method;
        switch (target.Kind)
        {
            case JsKind.Object:
                if (((JsObject)target.Reference!).TryGetValue(name, out var own))
                {
                    return Call(own, target, args, name);
                }

                Security.CheckMember(name);
                ObjectPrototype.Methods.TryGetValue(name, out method);
                break;
            case JsKind.Array:
                Security.CheckMember(name);
                ArrayPrototype.Methods.TryGetValue(name, out method);
                break;
            case JsKind.String:
                Security.CheckMember(name);
                StringPrototype.Methods.TryGetValue(name, out method);
                break;
            case JsKind.Number:
                Security.CheckMember(name);
                NumberPrototype.Methods.TryGetValue(name, out method);
                break;
            case JsKind.Boolean:
                Security.CheckMember(name);
                BooleanPrototype.Methods.TryGetValue(name, out method);
                break;
            case JsKind.Host:
                Security.CheckMember(name);
                if (target.Reference is IJsCallable callable && FunctionPrototype.TryCall(callable, name, args, out var result))
                {
                    return result;
                }

                if (target.Reference is IJsHostObject host)
                {
                    // A data property that shares its name with an n8n extension (Luxon's isWeekend property vs
                    // n8n's isWeekend()) is called as the extension.
                    var member = host.GetMember(name);
                    if (!member.IsUndefined && (member.Reference is IJsCallable || !ExtensionFunctions.TryGet(target, name, out _)))
                    {
                        return Call(member, target, args, name);
                    }
                }

                method = null;
                break;
            default:
                if (ExtensionFunctions.TryGet(target, name, out var nullishExtension))
                {
                    return nullishExtension(target, args, EvalState.Current.Context);
                }

                throw JsThrow.TypeError($"Cannot read properties of {JsConvert.ToString(target)} (reading '{name}')");
        }

        if (method is not null)
        {
            return method(target, args);
        }

        var state = EvalState.Current;
        if (ExtensionFunctions.TryGet(target, name, out var extension))
        {
            state.Step();
            return extension(target, args, state.Context);
        }

        throw JsThrow.TypeError($"{Describe(target)}.{name} is not a function");
    }

    public static JsValue Call(JsValue function, JsValue thisValue, ReadOnlySpan<JsValue> args, string? name = null)
    {
        if (function.Reference is IJsCallable callable && function.Kind == JsKind.Host)
        {
            return callable.Call(thisValue, args);
        }

        throw JsThrow.TypeError($"{name ?? Args.Describe(function)} is not a function");
    }

    private static string Describe(JsValue v) => v.Kind switch
    {
        JsKind.String => "string",
        JsKind.Number => "number",
        JsKind.Array => "array",
        JsKind.Object => "object",
        _ => JsConvert.TypeOf(v),
    };

    private static JsValue Bound(JsValue receiver, string name, NativeMethod method) =>
        JsValue.FromHost(new BoundMethod(receiver, name, method));
}
