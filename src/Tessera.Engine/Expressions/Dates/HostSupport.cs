using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>
/// A JavaScript error (RangeError, TypeError…) raised by a date host object. n8n turns JavaScript errors inside an
/// expression into <c>undefined</c>, so the evaluator maps this to its own JavaScript exception rather than failing the node.
/// </summary>
public sealed class JsHostException : Exception
{
    /// <summary>Creates the error.</summary>
    public JsHostException(string errorName, string message) : base(message) => ErrorName = errorName;

    /// <summary>The JavaScript error constructor name ("RangeError", "TypeError", "Error").</summary>
    public string ErrorName { get; }

    internal static JsHostException Range(string message) => new("RangeError", message);

    internal static JsHostException Type(string message) => new("TypeError", message);
}

/// <summary>A method bound to a host value, returned when an expression reads a method member.</summary>
internal sealed class HostFunction(string name, HostFunction.Body body) : IJsCallable, IJsHostObject
{
    public delegate JsValue Body(ReadOnlySpan<JsValue> arguments);

    public string Name { get; } = name;

    public JsValue Call(JsValue thisValue, ReadOnlySpan<JsValue> arguments) => body(arguments);

    public JsValue GetMember(string member) => member switch
    {
        "name" => Name,
        "length" => 0,
        _ => JsValue.Undefined,
    };

    public string TypeOf => "function";

    public override string ToString() => $"function {Name}() {{ [native code] }}";

    public static JsValue Of(string name, Body body) => JsValue.FromHost(new HostFunction(name, body));
}

/// <summary>The clock and default zone DateTimes of one execution use (Luxon's <c>Settings.now</c>/<c>defaultZone</c>).</summary>
internal sealed class LuxonSettings
{
    private static readonly ConditionalWeakTable<ExecutionInfo, LuxonSettings> PerExecution = [];
    private static readonly ConcurrentDictionary<(TimeProvider, TimeZoneInfo, TimeZoneInfo), LuxonSettings> Shared = new();

    public LuxonSettings(TimeProvider clock, LuxonZone defaultZone, LuxonZone? dateZone = null)
    {
        Clock = clock;
        DefaultZone = defaultZone;
        DateZone = dateZone ?? FixedOffsetZone.Utc;
    }

    public TimeProvider Clock { get; }

    /// <summary>The workflow zone: Luxon's default zone for $now, DateTime and the date extensions.</summary>
    public LuxonZone DefaultZone { get; }

    /// <summary>
    /// The local zone of JavaScript Dates. In n8n that is the server process's zone, not the workflow's (a workflow set to
    /// Europe/Berlin on a UTC server still gets <c>new Date(2024, 0, 1)</c> at UTC midnight), so it defaults to UTC.
    /// </summary>
    public LuxonZone DateZone { get; }

    /// <summary>Luxon's system zone ("local"/"system"): the server's zone as an IANA zone, so UTC prints "+00:00", not "Z".</summary>
    public LuxonZone SystemZone => _systemZone ??= DateZone is FixedOffsetZone { Offset: 0 } ? new IanaZone(TimeZoneInfo.Utc, "UTC") : DateZone;

    private LuxonZone? _systemZone;

    public double NowMillis => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public static LuxonSettings For(ExecutionInfo execution) =>
        PerExecution.GetValue(execution, static e => Create(e.Time, e.TimeZone));

    public static LuxonSettings Create(TimeProvider clock, TimeZoneInfo zone, TimeZoneInfo? dateZone = null) =>
        Shared.GetOrAdd((clock, zone, dateZone ?? TimeZoneInfo.Utc), static key =>
            new LuxonSettings(key.Item1, TimeZones.FromTimeZoneInfo(key.Item2), TimeZones.FromTimeZoneInfo(key.Item3)));

    public static LuxonSettings Utc { get; } = new(TimeProvider.System, FixedOffsetZone.Utc);
}

/// <summary>Argument helpers shared by the date hosts and extension functions.</summary>
internal static class HostArgs
{
    public static JsValue At(ReadOnlySpan<JsValue> args, int index) => index < args.Length ? args[index] : JsValue.Undefined;

    public static string? OptString(JsValue options, string key) => options[key] is { IsString: true } v ? v.AsString() : null;

    public static bool OptBool(JsValue options, string key, bool fallback = false) =>
        options[key] is { IsBoolean: true } v ? v.AsBoolean() : fallback;
}
