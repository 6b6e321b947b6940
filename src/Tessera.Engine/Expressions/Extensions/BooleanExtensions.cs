namespace Tessera.Engine.Expressions.Extensions;

/// <summary>n8n's boolean extension functions.</summary>
internal static class BooleanExtensions
{
    public static Dictionary<string, ExtensionFunction> Create() => new()
    {
        ["toNumber"] = (r, _, _) => r.AsBoolean() ? 1 : 0,
        ["toInt"] = (r, _, _) => r.AsBoolean() ? 1 : 0,
        ["toFloat"] = (r, _, _) => r.AsBoolean() ? 1 : 0,
        ["isEmpty"] = (_, _, _) => false,
        ["isNotEmpty"] = (_, _, _) => true,
        ["toBoolean"] = (r, _, _) => r,
        ["toDateTime"] = (_, _, _) => Tessera.Engine.Data.JsValue.Undefined,
    };
}
