using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>A Luxon <c>Interval</c>: the half-open span [start, end).</summary>
public sealed class LuxonInterval : IJsHostObject, IJsonConvertible
{
    internal LuxonInterval(LuxonDateTime start, LuxonDateTime end)
    {
        Start = start;
        End = end;
    }

    internal LuxonDateTime Start { get; }

    internal LuxonDateTime End { get; }

    /// <summary>False when an end precedes its start or either end is invalid.</summary>
    public bool IsValid => Start.IsValid && End.IsValid && End.Millis >= Start.Millis;

    private string? Iso => IsValid ? $"{Start.ToIso()}/{End.ToIso()}" : null;

    /// <inheritdoc />
    public JsValue ToJsonValue() => Iso is { } s ? s : JsValue.Null;

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"[{Start.ToIso()} – {End.ToIso()})" : "Invalid Interval";

    /// <inheritdoc />
    public JsValue GetMember(string name) => name switch
    {
        "start" => IsValid ? JsValue.FromHost(Start) : JsValue.Null,
        "end" => IsValid ? JsValue.FromHost(End) : JsValue.Null,
        "isValid" => IsValid,
        "invalidReason" => IsValid ? JsValue.Null : "invalid interval",
        "length" => Fn(name, a => IsValid ? Duration(a).As(Unit(a, DurationUnit.Milliseconds)) : double.NaN),
        "count" => Fn(name, a => IsValid ? Count(Unit(a, DurationUnit.Milliseconds)) : double.NaN),
        "toDuration" => Fn(name, a => JsValue.FromHost(IsValid ? Duration(a) : LuxonDuration.Invalid("invalid interval"))),
        "contains" => Fn(name, a => IsValid && HostArgs.At(a, 0).Reference is LuxonDateTime dt && Start.Millis <= dt.Millis && dt.Millis < End.Millis),
        "isEmpty" => Fn(name, _ => Start.Millis == End.Millis),
        "isBefore" => Fn(name, a => HostArgs.At(a, 0).Reference is LuxonDateTime dt && End.Millis <= dt.Millis),
        "isAfter" => Fn(name, a => HostArgs.At(a, 0).Reference is LuxonDateTime dt && Start.Millis > dt.Millis),
        "overlaps" => Fn(name, a => HostArgs.At(a, 0).Reference is LuxonInterval o && End.Millis > o.Start.Millis && Start.Millis < o.End.Millis),
        "equals" => Fn(name, a => HostArgs.At(a, 0).Reference is LuxonInterval o && o.Start.Millis == Start.Millis && o.End.Millis == End.Millis),
        "toISO" => Fn(name, _ => Iso is { } s ? s : JsValue.Null),
        "toString" => Fn(name, _ => ToString()),
        "toJSON" => Fn(name, _ => ToJsonValue()),
        _ => JsValue.Undefined,
    };

    private static JsValue Fn(string name, HostFunction.Body body) => HostFunction.Of(name, body);

    private static DurationUnit Unit(ReadOnlySpan<JsValue> a, DurationUnit fallback) =>
        HostArgs.At(a, 0).TryGetString() is { } s ? Units.Parse(s) : fallback;

    private LuxonDuration Duration(ReadOnlySpan<JsValue> a)
    {
        var units = LuxonDuration.ParseUnits(a[..Math.Min(1, a.Length)]);
        return End.Diff(Start, units);
    }

    private double Count(DurationUnit unit)
    {
        var start = Start.StartOf(unit);
        var end = End.StartOf(unit);
        return Math.Floor(end.Diff(start, [unit]).Get(unit)) + (end.Millis != End.Millis ? 1 : 0);
    }
}
