using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>
/// A JavaScript Symbol (<c>typeof</c> "symbol"): unique by identity. Symbols are not property keys here except
/// <see cref="Iterator"/>, which <see cref="Members.GetComputed"/> understands on iterable values.
/// </summary>
internal sealed class JsSymbol(string? description) : IJsHostObject
{
    /// <summary><c>Symbol.iterator</c>.</summary>
    public static readonly JsSymbol Iterator = new("Symbol.iterator");

    public static readonly NativeFunction Constructor = new NativeFunction(
            "Symbol",
            (_, a) => JsValue.FromHost(new JsSymbol(Args.At(a, 0).IsUndefined ? null : Ops.Str(a[0]))))
        .Static("iterator", JsValue.FromHost(Iterator));

    public string? Description { get; } = description;

    public string TypeOf => "symbol";

    public JsValue GetMember(string name) => name switch
    {
        "description" => Description is null ? JsValue.Undefined : JsValue.FromString(Description),
        "toString" => JsValue.FromHost(new NativeFunction(name, (t, _) => JsValue.FromString(t.Reference is JsSymbol s ? s.ToString() : ToString()))),
        "valueOf" => JsValue.FromHost(new NativeFunction(name, (t, _) => t)),
        _ => JsValue.Undefined,
    };

    /// <summary>What <c>String(symbol)</c> and <c>symbol.toString()</c> return; implicit conversion throws instead (see <see cref="Ops.Str"/>).</summary>
    public override string ToString() => $"Symbol({Description})";
}
