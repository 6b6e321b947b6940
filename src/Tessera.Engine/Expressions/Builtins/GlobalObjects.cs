using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;
using static Tessera.Engine.Expressions.Builtins.Callbacks;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>The JavaScript globals expressions may use. Nothing here reaches the CLR, the file system or the network.</summary>
internal static class GlobalObjects
{
    /// <summary><c>this</c> at the top of an expression: an empty object that ignores writes.</summary>
    public static readonly JsValue ThisValue = JsValue.FromHost(new GlobalThis());

    public static readonly Dictionary<string, JsValue> Values = Create();

    private static Dictionary<string, JsValue> Create()
    {
        var g = new Dictionary<string, JsValue>(StringComparer.Ordinal)
        {
            ["Math"] = JsValue.FromHost(MathBuiltins.Math),
            ["JSON"] = JsValue.FromHost(JsonBuiltins.Json),
            ["Set"] = JsValue.FromHost(JsSet.Constructor),
            ["Map"] = JsValue.FromHost(JsMap.Constructor),
            ["Object"] = JsValue.FromHost(ObjectStatics.Constructor),
            ["Array"] = JsValue.FromHost(ArrayStatics.Constructor),
            ["String"] = JsValue.FromHost(new NativeFunction("String", (_, a) => a.Length == 0 ? JsValue.EmptyString
                    : a[0].Reference is JsSymbol symbol ? Str(symbol.ToString()) // The one conversion of a symbol to text that does not throw.
                    : Str(Ops.Str(Ops.ToPrimitive(a[0], true))))
                .Static("fromCharCode", (_, a) => Str(string.Concat(a.ToArray().Select(v => (char)Ops.ToUint32(Ops.Num(v))))))
                .Static("fromCodePoint", (_, a) => Str(string.Concat(a.ToArray().Select(v => char.ConvertFromUtf32((int)Ops.Num(v))))))),
            ["Number"] = JsValue.FromHost(NumberConstructor()),
            ["Boolean"] = JsValue.FromHost(new NativeFunction("Boolean", (_, a) => JsValue.FromBoolean(Ops.Truthy(Args.At(a, 0))))),
            ["Symbol"] = JsValue.FromHost(JsSymbol.Constructor),
            ["BigInt"] = JsValue.FromHost(JsBigInt.Constructor),
            ["RegExp"] = JsValue.FromHost(new NativeFunction("RegExp", RegExpConstruct, RegExpConstruct)),
            ["Error"] = JsValue.FromHost(ErrorConstructor("Error")),
            ["TypeError"] = JsValue.FromHost(ErrorConstructor("TypeError")),
            ["RangeError"] = JsValue.FromHost(ErrorConstructor("RangeError")),
            ["SyntaxError"] = JsValue.FromHost(ErrorConstructor("SyntaxError")),
            ["parseInt"] = Fn("parseInt", (_, a) => Num(NumberPrototype.ParseInt(Ops.Str(Args.At(a, 0)), Args.At(a, 1)))),
            ["parseFloat"] = Fn("parseFloat", (_, a) => Num(NumberPrototype.ParseFloat(Ops.Str(Args.At(a, 0))))),
            ["isNaN"] = Fn("isNaN", (_, a) => JsValue.FromBoolean(double.IsNaN(Ops.Num(Args.At(a, 0))))),
            ["isFinite"] = Fn("isFinite", (_, a) => JsValue.FromBoolean(double.IsFinite(Ops.Num(Args.At(a, 0))))),
            ["encodeURIComponent"] = Fn("encodeURIComponent", (_, a) => Str(UriFunctions.Encode(Ops.Str(Args.At(a, 0)), UriFunctions.ComponentUnescaped))),
            ["encodeURI"] = Fn("encodeURI", (_, a) => Str(UriFunctions.Encode(Ops.Str(Args.At(a, 0)), UriFunctions.UriUnescaped))),
            ["decodeURIComponent"] = Fn("decodeURIComponent", (_, a) => Str(UriFunctions.Decode(Ops.Str(Args.At(a, 0)), ""))),
            ["decodeURI"] = Fn("decodeURI", (_, a) => Str(UriFunctions.Decode(Ops.Str(Args.At(a, 0)), ";/?:@&=+$,#"))),
            ["escape"] = Fn("escape", (_, a) => Str(LegacyEscape.Escape(Ops.Str(Args.At(a, 0))))),
            ["unescape"] = Fn("unescape", (_, a) => Str(LegacyEscape.Unescape(Ops.Str(Args.At(a, 0))))),
        };
        return g;
    }

    private static JsValue Fn(string name, NativeMethod m) => JsValue.FromHost(new NativeFunction(name, m));

    private static NativeFunction NumberConstructor() =>
        new NativeFunction("Number", (_, a) => a.Length == 0 ? Num(0)
                : Ops.ToPrimitive(a[0]).Reference is JsBigInt big ? Num((double)big.Value) // Number() converts a BigInt explicitly.
                : Num(Ops.Num(a[0])))
            .Static("isInteger", (_, a) => JsValue.FromBoolean(Args.At(a, 0).IsNumber && double.IsInteger(a[0].AsNumber())))
            .Static("isSafeInteger", (_, a) => JsValue.FromBoolean(Args.At(a, 0).IsNumber && double.IsInteger(a[0].AsNumber()) && Math.Abs(a[0].AsNumber()) <= 9007199254740991))
            .Static("isFinite", (_, a) => JsValue.FromBoolean(Args.At(a, 0).IsNumber && double.IsFinite(a[0].AsNumber())))
            .Static("isNaN", (_, a) => JsValue.FromBoolean(Args.At(a, 0).IsNumber && double.IsNaN(a[0].AsNumber())))
            .Static("parseFloat", (_, a) => Num(NumberPrototype.ParseFloat(Ops.Str(Args.At(a, 0)))))
            .Static("parseInt", (_, a) => Num(NumberPrototype.ParseInt(Ops.Str(Args.At(a, 0)), Args.At(a, 1))))
            .Static("MAX_SAFE_INTEGER", Num(9007199254740991))
            .Static("MIN_SAFE_INTEGER", Num(-9007199254740991))
            .Static("EPSILON", Num(Math.Pow(2, -52)))
            .Static("MAX_VALUE", Num(double.MaxValue))
            .Static("MIN_VALUE", Num(double.Epsilon))
            .Static("POSITIVE_INFINITY", Num(double.PositiveInfinity))
            .Static("NEGATIVE_INFINITY", Num(double.NegativeInfinity))
            .Static("NaN", JsValue.NaN);

    private static JsValue RegExpConstruct(JsValue thisValue, ReadOnlySpan<JsValue> a)
    {
        var pattern = Args.At(a, 0);
        var flags = Args.At(a, 1).IsUndefined ? null : Ops.Str(a[1]);
        if (pattern.Reference is JsRegExp existing)
        {
            return JsValue.FromHost(RegExpTranslator.New(existing.Source, flags ?? existing.Flags));
        }

        return JsValue.FromHost(RegExpTranslator.New(pattern.IsUndefined ? "(?:)" : Ops.Str(pattern), flags ?? ""));
    }

    private static NativeFunction ErrorConstructor(string name)
    {
        NativeMethod make = (_, a) => JsValue.FromObject(new JsObject
        {
            ["name"] = name,
            ["message"] = Args.At(a, 0).IsUndefined ? "" : Ops.Str(a[0]),
        });
        return new NativeFunction(name, make, make);
    }

    public static bool InstanceOf(JsValue value, JsValue type)
    {
        if (type.Reference is Dates.IJsConstructor)
        {
            return DateBridge.IsDate(value);
        }

        if (type.Reference is not IJsCallable)
        {
            throw JsThrow.TypeError("Right-hand side of 'instanceof' is not callable");
        }

        return (type.Reference as NativeFunction)?.Name switch
        {
            "Array" => value.IsArray,
            "Object" => value.Kind is JsKind.Object or JsKind.Array or JsKind.Host,
            "Date" => DateBridge.IsDate(value),
            "RegExp" => value.Reference is JsRegExp,
            "Set" => value.Reference is JsSet,
            "Map" => value.Reference is JsMap,
            "Error" => value.TryGetObject() is { } o && o["name"].TryGetString()?.EndsWith("Error", StringComparison.Ordinal) == true,
            "Function" => value.Reference is IJsCallable,
            _ => false,
        };
    }

    private sealed class GlobalThis : IJsHostObject
    {
        public JsValue GetMember(string name) => JsValue.Undefined;

        public override string ToString() => "[object Object]";
    }
}
