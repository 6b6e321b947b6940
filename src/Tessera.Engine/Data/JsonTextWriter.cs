using System.Globalization;
using System.Text;

namespace Tessera.Engine.Data;

/// <summary>
/// JSON.stringify's text output: strings keep every character except quotes, backslashes, control characters and lone
/// surrogates (System.Text.Json would also escape emoji and other astral characters, which JavaScript does not).
/// </summary>
internal static class JsonTextWriter
{
    public static void Write(StringBuilder builder, JsValue value, bool indented) => WriteValue(builder, value, indented, 0);

    private static void WriteValue(StringBuilder b, JsValue value, bool indented, int depth)
    {
        if (depth > 512)
        {
            throw new InvalidOperationException("Converting circular structure to JSON (or nesting deeper than 512 levels).");
        }

        if (value.Kind == JsKind.Host)
        {
            value = value.Reference is IJsonConvertible c ? c.ToJsonValue() : value;
        }

        switch (value.Kind)
        {
            case JsKind.Undefined:
            case JsKind.Null:
                b.Append("null");
                break;
            case JsKind.Boolean:
                b.Append(value.AsBoolean() ? "true" : "false");
                break;
            case JsKind.Number:
                var n = value.AsNumber();
                b.Append(double.IsFinite(n) ? JsNumber.ToString(n) : "null");
                break;
            case JsKind.String:
                AppendQuoted(b, value.AsString());
                break;
            case JsKind.Array:
                var array = value.AsArray();
                if (array.Count == 0)
                {
                    b.Append("[]");
                    break;
                }

                b.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        b.Append(',');
                    }

                    NewLine(b, indented, depth + 1);
                    var element = array[i];
                    if (element.Kind == JsKind.Host && element.Reference is not IJsonConvertible)
                    {
                        element = JsValue.Null; // functions become null inside arrays
                    }

                    WriteValue(b, element, indented, depth + 1);
                }

                NewLine(b, indented, depth);
                b.Append(']');
                break;
            case JsKind.Object:
                var first = true;
                b.Append('{');
                foreach (var (key, child) in value.AsObject())
                {
                    var c = child.Kind == JsKind.Host && child.Reference is IJsonConvertible convertible ? convertible.ToJsonValue() : child;
                    if (c.IsUndefined || c.Kind == JsKind.Host)
                    {
                        continue; // undefined and functions are skipped in objects
                    }

                    if (!first)
                    {
                        b.Append(',');
                    }

                    first = false;
                    NewLine(b, indented, depth + 1);
                    AppendQuoted(b, key);
                    b.Append(indented ? ": " : ":");
                    WriteValue(b, c, indented, depth + 1);
                }

                if (!first)
                {
                    NewLine(b, indented, depth);
                }

                b.Append('}');
                break;
            default:
                b.Append("{}");
                break;
        }
    }

    private static void NewLine(StringBuilder b, bool indented, int depth)
    {
        if (indented)
        {
            b.Append('\n').Append(' ', depth * 2);
        }
    }

    private static void AppendQuoted(StringBuilder b, string text)
    {
        b.Append('"');
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ when char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ when char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (escape is null)
            {
                continue;
            }

            b.Append(text, start, i - start).Append(escape);
            start = i + 1;
        }

        b.Append(text, start, text.Length - start).Append('"');
    }
}
