using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>n8n's object extension functions. There is no object <c>merge()</c>: n8n 2.x only has it on arrays.</summary>
internal static class ObjectExtensions
{
    public static Dictionary<string, ExtensionFunction> Create() => new()
    {
        ["compact"] = (r, _, _) => Compact(r),
        ["hasField"] = (r, a, _) => O(r).ContainsKey(Ext.RequiredString(a, 0, "hasField", "name")),
        ["isEmpty"] = (r, _, _) => O(r).Count == 0,
        ["isNotEmpty"] = (r, _, _) => O(r).Count > 0,
        ["keepFieldsContaining"] = (r, a, _) => Filter(O(r), Match(a, "keepFieldsContaining"), keep: true),
        ["removeFieldsContaining"] = (r, a, _) => Filter(O(r), Match(a, "removeFieldsContaining"), keep: false),
        ["removeField"] = (r, a, _) => RemoveField(O(r), JsConvert.ToString(Ext.Arg(a, 0))),
        ["keys"] = (r, _, _) => new JsArray(O(r).Keys.Select(k => JsValue.FromString(k))),
        ["values"] = (r, _, _) => new JsArray(O(r).Select(kv => kv.Value)),
        ["toJsonString"] = (r, _, _) => JsonCodec.Serialize(r),
        ["urlEncode"] = (r, _, _) => UrlEncode(O(r)),

        // n8n lists these for every type; on objects they fail with a JavaScript error, which evaluates to undefined.
        ["toInt"] = (_, _, _) => JsValue.Undefined,
        ["toFloat"] = (_, _, _) => JsValue.Undefined,
        ["toBoolean"] = (_, _, _) => JsValue.Undefined,
        ["toDateTime"] = (_, _, _) => JsValue.Undefined,
    };

    private static JsObject O(JsValue r) => r.AsObject();

    private static string Match(ReadOnlySpan<JsValue> args, string function)
    {
        var v = Ext.Arg(args, 0);
        if (!v.IsString || v.AsString().Length == 0)
        {
            throw Ext.Error($"argument of {function} must be a non-empty string", $"e.g. {function}('text')");
        }

        return v.AsString();
    }

    /// <summary>
    /// n8n's compact: drops null, undefined, "", [] and {} entries, then compacts nested values, which always come back as
    /// objects (a nested array becomes an object keyed "0", "1", …).
    /// </summary>
    private static JsObject Compact(JsValue value)
    {
        var result = new JsObject();
        IEnumerable<KeyValuePair<string, JsValue>> entries = value.TryGetArray() is { } arr
            ? arr.Select((v, i) => new KeyValuePair<string, JsValue>(i.ToString(System.Globalization.CultureInfo.InvariantCulture), v))
            : value.AsObject();
        foreach (var (k, v) in entries)
        {
            if (!IsCompactable(v))
            {
                result.Set(k, v.IsObject || v.IsArray ? Compact(v) : v);
            }
        }

        return result;
    }

    /// <summary>Array <c>compact()</c>: the same rules, keeping the outer array.</summary>
    internal static JsArray CompactArray(JsArray array)
    {
        var result = new JsArray();
        foreach (var v in array)
        {
            if (!IsCompactable(v))
            {
                result.Add(v.IsObject || v.IsArray ? Compact(v) : v);
            }
        }

        return result;
    }

    private static bool IsCompactable(JsValue v) =>
        ArrayExtensions.IsEmptyValue(v) || (v.TryGetArray() is { Count: 0 }) || (v.TryGetObject() is { Count: 0 });

    private static JsObject Filter(JsObject obj, string match, bool keep)
    {
        var result = new JsObject();
        foreach (var (k, v) in obj)
        {
            var contains = v.IsString && v.AsString().Contains(match, StringComparison.Ordinal);
            if (keep ? contains : !contains)
            {
                result.Set(k, v);
            }
        }

        return result;
    }

    private static JsObject RemoveField(JsObject obj, string key)
    {
        var result = new JsObject(obj.Count);
        foreach (var (k, v) in obj)
        {
            if (k != key)
            {
                result.Set(k, v);
            }
        }

        return result;
    }

    /// <summary>Like <c>new URLSearchParams(obj).toString()</c>.</summary>
    private static string UrlEncode(JsObject obj)
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in obj)
        {
            if (sb.Length > 0)
            {
                sb.Append('&');
            }

            sb.Append(FormEncode(k)).Append('=').Append(FormEncode(JsConvert.ToString(v)));
        }

        return sb.ToString();
    }

    private static string FormEncode(string s)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '*' or '-' or '.' or '_')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
