using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;

namespace Tessera.Engine.Tests.Expressions.Dates;

/// <summary>A clock fixed at one instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Calls members of host values the way the evaluator does.</summary>
internal static class DateTestKit
{
    public static readonly DateTimeOffset FixedNow = new(2024, 3, 15, 12, 30, 45, 123, TimeSpan.Zero);

    public static DateGlobals Globals(string zone = "UTC", string dateZone = "UTC") =>
        DateGlobals.Create(new FixedTimeProvider(FixedNow), Zone(zone), Zone(dateZone));

    private static TimeZoneInfo Zone(string id) => id == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);

    public static JsValue Member(JsValue target, string name) =>
        ((IJsHostObject)target.Reference!).GetMember(name);

    public static JsValue Call(JsValue target, string name, params JsValue[] args)
    {
        var member = Member(target, name);
        Assert.True(member.Reference is IJsCallable, $"{name} is not a method");
        return ((IJsCallable)member.Reference!).Call(target, args);
    }

    public static JsValue Iso(DateGlobals g, string text, JsValue? options = null) =>
        Call(g.DateTime, "fromISO", text, options ?? JsValue.Undefined);

    public static JsObject Obj(params (string Key, JsValue Value)[] entries)
    {
        var o = new JsObject();
        foreach (var (k, v) in entries)
        {
            o.Set(k, v);
        }

        return o;
    }

    public static string Str(JsValue v) => v.ToString();
}
