using System.Globalization;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Data.Shared;

/// <summary>
/// Reads and writes item fields by path the way n8n's data nodes do (lodash-style <c>a.b[0]["c"]</c> paths):
/// a key that exists literally wins over its dotted reading, setting creates missing objects (or arrays before an index),
/// and with dot notation disabled the whole path is one key.
/// </summary>
internal static class FieldPath
{
    private static readonly string[] UnsafeKeys = ["__proto__", "constructor", "prototype"];

    /// <summary>Splits a path into keys: <c>a.b[0]['c d']</c> → a, b, 0, c d.</summary>
    // Field paths come from node parameters, so a workflow uses a handful of them for every item: parse each once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> SegmentCache = new(StringComparer.Ordinal);

    /// <summary>The parsed segments of a path, cached (callers must not change the array).</summary>
    internal static string[] Segments(string path)
    {
        if (SegmentCache.TryGetValue(path, out var segments))
        {
            return segments;
        }

        segments = [.. Parse(path)];
        if (SegmentCache.Count < 4096)
        {
            SegmentCache.TryAdd(path, segments);
        }

        return segments;
    }

    public static List<string> Parse(string path)
    {
        var parts = new List<string>();
        if (path.Length == 0)
        {
            parts.Add(string.Empty);
            return parts;
        }

        var current = new StringBuilder();
        var i = 0;
        var pendingEmpty = path[0] == '.';
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.')
            {
                if (current.Length > 0 || pendingEmpty)
                {
                    parts.Add(current.ToString());
                }

                current.Clear();
                pendingEmpty = i + 1 == path.Length || path[i + 1] == '.';
                i++;
            }
            else if (c == '[')
            {
                var close = FindClose(path, i);
                if (close < 0)
                {
                    current.Append(c);
                    i++;
                    continue;
                }

                if (current.Length > 0)
                {
                    parts.Add(current.ToString());
                    current.Clear();
                }

                var inner = path.Substring(i + 1, close - i - 1).Trim();
                if (inner.Length >= 2 && (inner[0] == '"' || inner[0] == '\'') && inner[^1] == inner[0])
                {
                    inner = inner[1..^1].Replace("\\" + inner[0], inner[0].ToString(), StringComparison.Ordinal);
                }

                parts.Add(inner);
                i = close + 1;
                pendingEmpty = false;
            }
            else
            {
                current.Append(c);
                pendingEmpty = false;
                i++;
            }
        }

        if (current.Length > 0 || pendingEmpty)
        {
            parts.Add(current.ToString());
        }

        return parts;
    }

    /// <summary>True when a path segment could be used to reach JavaScript prototypes (refused by setters).</summary>
    public static bool IsUnsafe(string path, bool dotNotation) =>
        dotNotation ? Segments(path).Any(p => UnsafeKeys.Contains(p)) : UnsafeKeys.Contains(path);

    /// <summary>Reads the value at <paramref name="path"/>; undefined when any step is missing.</summary>
    public static JsValue Get(JsValue root, string path, bool dotNotation = true)
    {
        if (root.TryGetObject() is { } obj && (obj.ContainsKey(path) || !dotNotation || !LooksLikePath(path)))
        {
            return obj[path];
        }

        if (!dotNotation)
        {
            return root.TryGetArray() is { } a && TryIndex(path, out var ix) ? a.ElementAtOrUndefined(ix) : JsValue.Undefined;
        }

        var current = root;
        foreach (var part in Segments(path))
        {
            current = Step(current, part);
            if (current.IsUndefined)
            {
                return current;
            }
        }

        return current;
    }

    /// <summary>True when the path resolves to a value that exists (even null).</summary>
    public static bool Has(JsValue root, string path, bool dotNotation = true)
    {
        if (root.TryGetObject() is { } obj && (obj.ContainsKey(path) || !dotNotation || !LooksLikePath(path)))
        {
            return obj.ContainsKey(path);
        }

        var parts = Segments(path);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (current.TryGetObject() is { } o)
            {
                if (!o.ContainsKey(part))
                {
                    return false;
                }

                current = o[part];
            }
            else if (current.TryGetArray() is { } a && TryIndex(part, out var ix) && ix < a.Count)
            {
                current = a[ix];
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sets the value at <paramref name="path"/>, creating containers on the way; false when the path is unsafe.</summary>
    public static bool Set(JsObject root, string path, JsValue value, bool dotNotation = true)
    {
        if (!dotNotation || root.ContainsKey(path) || !LooksLikePath(path))
        {
            if (UnsafeKeys.Contains(path))
            {
                return false;
            }

            root[path] = value;
            return true;
        }

        var parts = Segments(path);
        if (parts.Any(p => UnsafeKeys.Contains(p)))
        {
            return false;
        }

        JsValue container = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            var part = parts[i];
            if (last)
            {
                Assign(container, part, value);
                break;
            }

            var next = Step(container, part);
            if (!next.IsObject && !next.IsArray)
            {
                // Created objects usually receive one or two fields ("customer.id"), not the default four.
                next = TryIndex(parts[i + 1], out _) ? new JsArray() : new JsObject(2);
                Assign(container, part, next);
            }

            container = next;
        }

        return true;
    }

    /// <summary>Removes the value at <paramref name="path"/>; true when something was removed.</summary>
    public static bool Unset(JsObject root, string path, bool dotNotation = true)
    {
        if (!dotNotation || root.ContainsKey(path) || !LooksLikePath(path))
        {
            return root.Remove(path);
        }

        var parts = Segments(path);
        JsValue container = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            container = Step(container, parts[i]);
            if (container.IsUndefined)
            {
                return false;
            }
        }

        var key = parts[^1];
        if (container.TryGetObject() is { } obj)
        {
            return obj.Remove(key);
        }

        if (container.TryGetArray() is { } arr && TryIndex(key, out var ix) && ix < arr.Count)
        {
            // lodash's unset deletes the element and leaves a hole, which JSON writes as null.
            arr[ix] = JsValue.Undefined;
            return true;
        }

        return false;
    }

    private static bool LooksLikePath(string path) =>
        path.Contains('.', StringComparison.Ordinal) || path.Contains('[', StringComparison.Ordinal);

    private static JsValue Step(JsValue current, string part) => current.Kind switch
    {
        JsKind.Object => current.AsObject()[part],
        JsKind.Array when TryIndex(part, out var index) => current.AsArray().ElementAtOrUndefined(index),
        JsKind.Array when part == "length" => current.AsArray().Count,
        JsKind.String when part == "length" => current.AsString().Length,
        _ => JsValue.Undefined,
    };

    private static void Assign(JsValue container, string key, JsValue value)
    {
        if (container.TryGetObject() is { } obj)
        {
            obj[key] = value;
        }
        else if (container.TryGetArray() is { } arr)
        {
            if (TryIndex(key, out var ix))
            {
                while (arr.Count <= ix)
                {
                    arr.Add(JsValue.Undefined);
                }

                arr[ix] = value;
            }
        }
    }

    private static bool TryIndex(string part, out int index) =>
        int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out index)
        && index.ToString(CultureInfo.InvariantCulture) == part;

    private static int FindClose(string path, int open)
    {
        var quote = '\0';
        for (var i = open + 1; i < path.Length; i++)
        {
            var c = path[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ']')
            {
                return i;
            }
        }

        return -1;
    }
}
