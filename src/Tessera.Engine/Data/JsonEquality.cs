namespace Tessera.Engine.Data;

/// <summary>Equality over <see cref="JsValue"/>.</summary>
public static class JsonEquality
{
    /// <summary>JavaScript <c>===</c>: primitives by value (NaN ≠ NaN), objects by reference.</summary>
    public static bool StrictEquals(JsValue a, JsValue b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        return a.Kind switch
        {
            JsKind.Undefined or JsKind.Null => true,
            JsKind.Number => a.AsNumber() == b.AsNumber(),
            JsKind.Boolean => a.AsBoolean() == b.AsBoolean(),
            JsKind.String => string.Equals(a.AsString(), b.AsString(), StringComparison.Ordinal),
            _ => ReferenceEquals(a.Reference, b.Reference) || (a.Reference is not null && a.Reference.Equals(b.Reference)),
        };
    }

    /// <summary>Deep structural equality of JSON data; object key order is ignored; undefined properties count as absent.</summary>
    public static bool DeepEquals(JsValue a, JsValue b)
    {
        // Same rules as FirstDifference, without building paths or messages: this runs inside sorts and dedupes.
        if (a.Kind == JsKind.Host && a.Reference is IJsonConvertible ca)
        {
            a = ca.ToJsonValue();
        }

        if (b.Kind == JsKind.Host && b.Reference is IJsonConvertible cb)
        {
            b = cb.ToJsonValue();
        }

        if (a.Kind != b.Kind)
        {
            return false;
        }

        switch (a.Kind)
        {
            case JsKind.Number:
                var x = a.AsNumber();
                var y = b.AsNumber();
                return x == y || (double.IsNaN(x) && double.IsNaN(y));
            case JsKind.Object:
                var ao = a.AsObject();
                var bo = b.AsObject();
                if (ReferenceEquals(ao, bo))
                {
                    return true;
                }

                foreach (var (key, av) in ao)
                {
                    var bv = bo[key];
                    if (av.IsUndefined && bv.IsUndefined)
                    {
                        continue;
                    }

                    if (bv.IsUndefined || !DeepEquals(av, bv))
                    {
                        return false;
                    }
                }

                foreach (var (key, bv) in bo)
                {
                    if (!bv.IsUndefined && !ao.ContainsKey(key))
                    {
                        return false;
                    }
                }

                return true;
            case JsKind.Array:
                var aa = a.AsArray();
                var ba = b.AsArray();
                if (aa.Count != ba.Count)
                {
                    return false;
                }

                for (var i = 0; i < aa.Count; i++)
                {
                    if (!DeepEquals(aa[i], ba[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return StrictEquals(a, b);
        }
    }

    /// <summary>The path and description of the first difference between two JSON values, or null when equal.</summary>
    public static string? FirstDifference(JsValue expected, JsValue actual, string path)
    {
        if (expected.Kind == JsKind.Host)
        {
            expected = expected.Reference is IJsonConvertible c ? c.ToJsonValue() : expected;
        }

        if (actual.Kind == JsKind.Host)
        {
            actual = actual.Reference is IJsonConvertible c ? c.ToJsonValue() : actual;
        }

        if (expected.Kind != actual.Kind)
        {
            return $"{path}: expected {Describe(expected)} but found {Describe(actual)}";
        }

        switch (expected.Kind)
        {
            case JsKind.Object:
                var eo = expected.AsObject();
                var ao = actual.AsObject();
                foreach (var (key, ev) in eo)
                {
                    var av = ao[key];
                    if (ev.IsUndefined && av.IsUndefined)
                    {
                        continue;
                    }

                    if (!ao.ContainsKey(key) || av.IsUndefined)
                    {
                        return $"{path}.{key}: expected {Describe(ev)} but the property is missing";
                    }

                    var diff = FirstDifference(ev, av, $"{path}.{key}");
                    if (diff is not null)
                    {
                        return diff;
                    }
                }

                foreach (var (key, av) in ao)
                {
                    if (!av.IsUndefined && !eo.ContainsKey(key))
                    {
                        return $"{path}.{key}: unexpected property with {Describe(av)}";
                    }
                }

                return null;
            case JsKind.Array:
                var ea = expected.AsArray();
                var aa = actual.AsArray();
                for (var i = 0; i < Math.Min(ea.Count, aa.Count); i++)
                {
                    var diff = FirstDifference(ea[i], aa[i], $"{path}[{i}]");
                    if (diff is not null)
                    {
                        return diff;
                    }
                }

                return ea.Count == aa.Count ? null : $"{path}: expected {ea.Count} elements but found {aa.Count}";
            case JsKind.Number:
                var en = expected.AsNumber();
                var an = actual.AsNumber();
                return en == an || (double.IsNaN(en) && double.IsNaN(an)) ? null : $"{path}: expected {JsNumber.ToString(en)} but found {JsNumber.ToString(an)}";
            default:
                return StrictEquals(expected, actual) ? null : $"{path}: expected {Describe(expected)} but found {Describe(actual)}";
        }
    }

    private static string Describe(JsValue value)
    {
        var text = value.Kind == JsKind.String ? "\"" + value.AsString() + "\"" : value.ToString();
        if (text.Length > 80)
        {
            text = text[..77] + "...";
        }

        return value.Kind is JsKind.Object or JsKind.Array ? $"{value.Kind.ToString().ToLowerInvariant()} {text}" : text;
    }
}
