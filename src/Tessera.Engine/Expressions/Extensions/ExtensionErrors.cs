using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>n8n's own extension errors (they fail the node, unlike JavaScript errors) and argument helpers.</summary>
internal static class Ext
{
    public static ExpressionException Error(string message, string? description = null) =>
        new(message) { Description = description };

    public static JsValue Arg(ReadOnlySpan<JsValue> args, int index) => index < args.Length ? args[index] : JsValue.Undefined;

    public static string? OptionalString(ReadOnlySpan<JsValue> args, int index, string function, string argName)
    {
        var v = Arg(args, index);
        if (v.IsNullish)
        {
            return null;
        }

        return v.IsString ? v.AsString() : throw Error($"{function}(): expected a string for {argName}, got {JsConvert.TypeOf(v)}");
    }

    public static string RequiredString(ReadOnlySpan<JsValue> args, int index, string function, string argName) =>
        OptionalString(args, index, function, argName) ?? throw Error($"{function}(): {argName} is required");

    public static double? OptionalNumber(ReadOnlySpan<JsValue> args, int index, string function, string argName)
    {
        var v = Arg(args, index);
        if (v.IsNullish)
        {
            return null;
        }

        return v.IsNumber ? v.AsNumber() : throw Error($"{function}(): expected a number for {argName}, got {JsConvert.TypeOf(v)}");
    }

    public static JsArray RequiredArray(ReadOnlySpan<JsValue> args, int index, string function) =>
        Arg(args, index).TryGetArray() ?? throw Error($"{function}(): expected an array as argument");
}
