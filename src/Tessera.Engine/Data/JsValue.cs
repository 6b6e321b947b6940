using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Tessera.Engine.Data;

/// <summary>The kind of a <see cref="JsValue"/>, following JavaScript's value kinds.</summary>
public enum JsKind : byte
{
    /// <summary>JavaScript <c>undefined</c>; the default value.</summary>
    Undefined,
    /// <summary>JSON/JavaScript <c>null</c>.</summary>
    Null,
    /// <summary>A boolean.</summary>
    Boolean,
    /// <summary>An IEEE double, as every JavaScript number.</summary>
    Number,
    /// <summary>A string.</summary>
    String,
    /// <summary>A plain object (<see cref="JsObject"/>).</summary>
    Object,
    /// <summary>An array (<see cref="JsArray"/>).</summary>
    Array,
    /// <summary>
    /// Any other host value the expression evaluator creates (functions, dates, regular expressions…).
    /// Never produced by JSON parsing; written to JSON through <see cref="IJsonConvertible"/> when it implements it.
    /// </summary>
    Host,
}

/// <summary>A value that knows how to appear in JSON output (JSON.stringify semantics).</summary>
public interface IJsonConvertible
{
    /// <summary>The value JSON.stringify would serialise in place of this one (<c>toJSON</c>).</summary>
    JsValue ToJsonValue();
}

/// <summary>
/// A JavaScript value: the unit of item data and of expression evaluation.
/// A small immutable struct so numbers and booleans never box on the hot path.
/// </summary>
[DebuggerDisplay("{DebuggerText,nq}")]
public readonly struct JsValue : IEquatable<JsValue>
{
    private readonly object? _ref;
    private readonly double _number;

    private JsValue(JsKind kind, double number, object? reference)
    {
        Kind = kind;
        _number = number;
        _ref = reference;
    }

    /// <summary>The kind of this value.</summary>
    public JsKind Kind { get; }

    /// <summary>JavaScript <c>undefined</c>.</summary>
    public static JsValue Undefined => default;

    /// <summary>JavaScript <c>null</c>.</summary>
    public static JsValue Null { get; } = new(JsKind.Null, 0, null);

    /// <summary><c>true</c>.</summary>
    public static JsValue True { get; } = new(JsKind.Boolean, 1, null);

    /// <summary><c>false</c>.</summary>
    public static JsValue False { get; } = new(JsKind.Boolean, 0, null);

    /// <summary>The empty string.</summary>
    public static JsValue EmptyString { get; } = new(JsKind.String, 0, string.Empty);

    /// <summary>NaN.</summary>
    public static JsValue NaN { get; } = new(JsKind.Number, double.NaN, null);

    /// <summary>Creates a number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JsValue FromNumber(double value) => new(JsKind.Number, value, null);

    /// <summary>Creates a boolean.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JsValue FromBoolean(bool value) => value ? True : False;

    /// <summary>Creates a string, or <c>null</c> when <paramref name="value"/> is null.</summary>
    public static JsValue FromString(string? value) => value is null ? Null : new(JsKind.String, 0, value);

    /// <summary>Wraps an object, or <c>null</c> when <paramref name="value"/> is null.</summary>
    public static JsValue FromObject(JsObject? value) => value is null ? Null : new(JsKind.Object, 0, value);

    /// <summary>Wraps an array, or <c>null</c> when <paramref name="value"/> is null.</summary>
    public static JsValue FromArray(JsArray? value) => value is null ? Null : new(JsKind.Array, 0, value);

    /// <summary>Wraps a host value (function, date, regular expression…).</summary>
    public static JsValue FromHost(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value switch
        {
            JsObject o => FromObject(o),
            JsArray a => FromArray(a),
            string s => FromString(s),
            _ => new(JsKind.Host, 0, value),
        };
    }

    /// <inheritdoc cref="FromNumber"/>
    public static implicit operator JsValue(double value) => FromNumber(value);

    /// <inheritdoc cref="FromBoolean"/>
    public static implicit operator JsValue(bool value) => FromBoolean(value);

    /// <inheritdoc cref="FromString"/>
    public static implicit operator JsValue(string? value) => FromString(value);

    /// <inheritdoc cref="FromObject"/>
    public static implicit operator JsValue(JsObject? value) => FromObject(value);

    /// <inheritdoc cref="FromArray"/>
    public static implicit operator JsValue(JsArray? value) => FromArray(value);

    /// <summary>True for <c>undefined</c>.</summary>
    public bool IsUndefined => Kind == JsKind.Undefined;

    /// <summary>True for <c>null</c>.</summary>
    public bool IsNull => Kind == JsKind.Null;

    /// <summary>True for <c>null</c> or <c>undefined</c>.</summary>
    public bool IsNullish => Kind <= JsKind.Null;

    /// <summary>True for numbers.</summary>
    public bool IsNumber => Kind == JsKind.Number;

    /// <summary>True for strings.</summary>
    public bool IsString => Kind == JsKind.String;

    /// <summary>True for booleans.</summary>
    public bool IsBoolean => Kind == JsKind.Boolean;

    /// <summary>True for plain objects.</summary>
    public bool IsObject => Kind == JsKind.Object;

    /// <summary>True for arrays.</summary>
    public bool IsArray => Kind == JsKind.Array;

    /// <summary>The number; NaN when this is not a number.</summary>
    public double AsNumber() => Kind == JsKind.Number ? _number : double.NaN;

    /// <summary>The boolean; false when this is not a boolean.</summary>
    public bool AsBoolean() => Kind == JsKind.Boolean && _number != 0;

    /// <summary>The string, or throws when this is not a string.</summary>
    public string AsString() => Kind == JsKind.String ? (string)_ref! : throw WrongKind(JsKind.String);

    /// <summary>The object, or throws when this is not an object.</summary>
    public JsObject AsObject() => Kind == JsKind.Object ? (JsObject)_ref! : throw WrongKind(JsKind.Object);

    /// <summary>The array, or throws when this is not an array.</summary>
    public JsArray AsArray() => Kind == JsKind.Array ? (JsArray)_ref! : throw WrongKind(JsKind.Array);

    /// <summary>The string, or null.</summary>
    public string? TryGetString() => Kind == JsKind.String ? (string)_ref! : null;

    /// <summary>The object, or null.</summary>
    public JsObject? TryGetObject() => Kind == JsKind.Object ? (JsObject)_ref! : null;

    /// <summary>The array, or null.</summary>
    public JsArray? TryGetArray() => Kind == JsKind.Array ? (JsArray)_ref! : null;

    /// <summary>The referenced object for objects, arrays, strings and host values; null otherwise.</summary>
    public object? Reference => _ref;

    /// <summary>The host value as <typeparamref name="T"/>, or null.</summary>
    public T? TryGetHost<T>() where T : class => Kind == JsKind.Host ? _ref as T : null;

    /// <summary>Reads a property of an object (undefined when absent or when this is not an object).</summary>
    public JsValue this[string key] => Kind == JsKind.Object ? ((JsObject)_ref!)[key] : Undefined;

    /// <inheritdoc />
    public bool Equals(JsValue other) => JsonEquality.StrictEquals(this, other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is JsValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Kind switch
    {
        JsKind.Number or JsKind.Boolean => _number.GetHashCode(),
        JsKind.Undefined or JsKind.Null => (int)Kind,
        _ => _ref!.GetHashCode(),
    };

    /// <summary>Strict equality (<c>===</c>): same kind and value; references for objects.</summary>
    public static bool operator ==(JsValue left, JsValue right) => left.Equals(right);

    /// <summary>Strict inequality (<c>!==</c>).</summary>
    public static bool operator !=(JsValue left, JsValue right) => !left.Equals(right);

    /// <summary>The value as compact JSON (JSON.stringify semantics), or "undefined".</summary>
    public override string ToString() => Kind switch
    {
        JsKind.Undefined => "undefined",
        JsKind.String => (string)_ref!,
        _ => JsonCodec.Serialize(this),
    };

    private string DebuggerText => Kind == JsKind.String ? $"\"{_ref}\"" : ToString();

    private InvalidOperationException WrongKind(JsKind expected) =>
        new($"Expected a value of kind {expected} but found {Kind}.");
}
