using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Builtins;
using Tessera.Engine.Expressions.Runtime;
using Tessera.Engine.Expressions.Variables;

namespace Tessera.Engine.Expressions.Compilation;

/// <summary>Names an expression can use without declaring them: JavaScript globals and n8n variables.</summary>
internal static class Globals
{
    private static readonly Code UndefinedCode = _ => JsValue.Undefined;
    private static readonly Code NaNCode = _ => JsValue.NaN;
    private static readonly Code InfinityCode = _ => JsValue.FromNumber(double.PositiveInfinity);

    public static bool TryGet(string name, out Code code)
    {
        switch (name)
        {
            case "undefined":
                code = UndefinedCode;
                return true;
            case "NaN":
                code = NaNCode;
                return true;
            case "Infinity":
                code = InfinityCode;
                return true;
            case "Date":
                code = _ => DateBridge.Date();
                return true;
            case "DateTime":
                code = _ => DateBridge.DateTime();
                return true;
            case "Duration":
                code = _ => DateBridge.Duration();
                return true;
            case "Interval":
                code = _ => DateBridge.Interval();
                return true;
        }

        if (GlobalObjects.Values.TryGetValue(name, out var value))
        {
            code = _ => value;
            return true;
        }

        if (name.StartsWith('$') && N8nVariables.TryGet(name, out code))
        {
            return true;
        }

        code = null!;
        return false;
    }
}
