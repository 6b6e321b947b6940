namespace Tessera.Engine.Expressions.Runtime;

/// <summary>Blocks the members that lead from data to JavaScript's (or the CLR's) machinery.</summary>
internal static class Security
{
    private static readonly HashSet<string> Blocked = new(StringComparer.Ordinal)
    {
        "constructor", "prototype", "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
    };

    public static bool IsBlocked(string name) => name.Length >= 6 && Blocked.Contains(name);

    public static void CheckMember(string name)
    {
        if (IsBlocked(name))
        {
            throw Denied(name);
        }
    }

    public static ExpressionException Denied(string name) =>
        new($"Cannot access \"{name}\" due to security concerns")
        { Description = "Expressions may read item data and call the documented functions only." };
}
