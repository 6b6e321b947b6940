using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;
using static Tessera.Engine.Expressions.Builtins.Callbacks;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary><c>Object</c> and its static functions.</summary>
internal static class ObjectStatics
{
    public static readonly NativeFunction Constructor = new NativeFunction("Object", Make, Make)
        .Static("keys", (_, a) => JsValue.FromArray(new JsArray(Entries(Args.At(a, 0)).Select(e => Str(e.Key)))))
        .Static("values", (_, a) => JsValue.FromArray(new JsArray(Entries(Args.At(a, 0)).Select(e => e.Value))))
        .Static("entries", (_, a) => JsValue.FromArray(new JsArray(Entries(Args.At(a, 0)).Select(e => JsValue.FromArray(new JsArray { Str(e.Key), e.Value })))))
        .Static("getOwnPropertyNames", (_, a) => JsValue.FromArray(new JsArray(Entries(Args.At(a, 0)).Select(e => Str(e.Key)))))
        .Static("assign", Assign)
        .Static("fromEntries", FromEntries)
        .Static("hasOwn", (_, a) => JsValue.FromBoolean(Args.At(a, 0).IsNullish
            ? throw JsThrow.TypeError("Cannot convert undefined or null to object")
            : HasOwn(a[0], Ops.ToKey(Args.At(a, 1)))))
        .Static("freeze", (_, a) => Args.At(a, 0))
        .Static("seal", (_, a) => Args.At(a, 0))
        .Static("preventExtensions", (_, a) => Args.At(a, 0))
        .Static("isFrozen", (_, _) => JsValue.False)
        .Static("isSealed", (_, _) => JsValue.False)
        .Static("is", (_, a) => JsValue.FromBoolean(Ops.SameValue(Args.At(a, 0), Args.At(a, 1))))
        .Static("create", (_, a) => Args.At(a, 0).IsNull || Args.At(a, 0).IsObject
            ? JsValue.FromObject(new JsObject())
            : throw JsThrow.TypeError("Object prototype may only be an Object or null"));

    private static bool HasOwn(JsValue target, string key) => Entries(target).Any(e => e.Key == key);

    private static JsValue Make(JsValue thisValue, ReadOnlySpan<JsValue> a) =>
        Args.At(a, 0).IsNullish ? JsValue.FromObject(new JsObject()) : a[0];

    public static IEnumerable<KeyValuePair<string, JsValue>> Entries(JsValue value)
    {
        switch (value.Kind)
        {
            case JsKind.Object:
                return value.AsObject().ToArray();
            case JsKind.Array:
                return value.AsArray().Select((v, i) => new KeyValuePair<string, JsValue>(i.ToString(CultureInfo.InvariantCulture), v)).ToArray();
            case JsKind.String:
                return value.AsString().Select((c, i) => new KeyValuePair<string, JsValue>(i.ToString(CultureInfo.InvariantCulture), Str(c.ToString()))).ToArray();
            case JsKind.Undefined or JsKind.Null:
                throw JsThrow.TypeError("Cannot convert undefined or null to object");
            default:
                return [];
        }
    }

    private static JsValue Assign(JsValue thisValue, ReadOnlySpan<JsValue> a)
    {
        var target = Args.At(a, 0);
        if (target.IsNullish)
        {
            throw JsThrow.TypeError("Cannot convert undefined or null to object");
        }

        foreach (var source in a[1..])
        {
            if (source.IsNullish)
            {
                continue;
            }

            foreach (var (key, value) in Entries(source))
            {
                Members.Set(target, key, value);
            }
        }

        return target;
    }

    private static JsValue FromEntries(JsValue thisValue, ReadOnlySpan<JsValue> a)
    {
        var result = new JsObject();
        foreach (var entry in Iteration.ToList(Args.At(a, 0)))
        {
            var pair = Iteration.ToList(entry);
            var key = Ops.ToKey(pair.Count > 0 ? pair[0] : JsValue.Undefined);
            Security.CheckMember(key);
            result[key] = pair.Count > 1 ? pair[1] : JsValue.Undefined;
        }

        return JsValue.FromObject(result);
    }
}

/// <summary><c>Array</c> and its static functions.</summary>
internal static class ArrayStatics
{
    public static readonly NativeFunction Constructor = new NativeFunction("Array", Make, Make)
        .Static("isArray", (_, a) => JsValue.FromBoolean(Args.At(a, 0).IsArray))
        .Static("of", (_, a) => JsValue.FromArray(new JsArray(a.ToArray())))
        .Static("from", From);

    private static JsValue Make(JsValue thisValue, ReadOnlySpan<JsValue> a)
    {
        if (a.Length == 1 && a[0].IsNumber)
        {
            var length = a[0].AsNumber();
            if (length < 0 || length != Math.Floor(length) || length > uint.MaxValue)
            {
                throw JsThrow.RangeError("Invalid array length");
            }

            EvalState.CheckArrayLength(length);
            var array = new JsArray((int)length);
            for (var i = 0; i < (int)length; i++)
            {
                array.Add(JsValue.Undefined);
            }

            return JsValue.FromArray(array);
        }

        return JsValue.FromArray(new JsArray(a.ToArray()));
    }

    private static JsValue From(JsValue thisValue, ReadOnlySpan<JsValue> a)
    {
        var source = Args.At(a, 0);
        var mapFn = Args.At(a, 1).Reference as IJsCallable;
        IReadOnlyList<JsValue> items;
        if (source.IsObject)
        {
            var length = Ops.ToIntegerOrInfinity(source.AsObject()["length"]);
            EvalState.CheckArrayLength(length);
            var obj = source.AsObject();
            items = Enumerable.Range(0, (int)Math.Max(0, length)).Select(i => obj[i.ToString(CultureInfo.InvariantCulture)]).ToList();
        }
        else if (source.IsNullish)
        {
            throw JsThrow.TypeError($"{JsConvert.ToString(source)} is not iterable");
        }
        else
        {
            items = source.Kind is JsKind.Number or JsKind.Boolean ? [] : Iteration.ToList(source);
        }

        var result = new JsArray(items.Count);
        var state = EvalState.Current;
        for (var i = 0; i < items.Count; i++)
        {
            if (mapFn is not null)
            {
                state.Step();
                result.Add(Invoke(mapFn, items[i], Num(i)));
            }
            else
            {
                result.Add(items[i]);
            }
        }

        return JsValue.FromArray(result);
    }
}

/// <summary>encodeURI(Component) and decodeURI(Component) with JavaScript's reserved sets.</summary>
internal static class UriFunctions
{
    public const string ComponentUnescaped = "-_.!~*'()";
    public const string UriUnescaped = "-_.!~*'();/?:@&=+$,#";

    public static string Encode(string s, string unescaped)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiLetterOrDigit(c) || unescaped.Contains(c, StringComparison.Ordinal))
            {
                sb.Append(c);
                continue;
            }

            string chunk;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    throw new JsThrow(Str("URIError: URI malformed"), "URI malformed");
                }

                chunk = s.Substring(i++, 2);
            }
            else if (char.IsLowSurrogate(c))
            {
                throw new JsThrow(Str("URIError: URI malformed"), "URI malformed");
            }
            else
            {
                chunk = c.ToString();
            }

            foreach (var b in System.Text.Encoding.UTF8.GetBytes(chunk))
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    public static string Decode(string s, string reserved)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '%')
            {
                sb.Append(s[i]);
                continue;
            }

            var start = i;
            bytes.Clear();
            while (i < s.Length && s[i] == '%')
            {
                if (i + 2 >= s.Length || !byte.TryParse(s.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                {
                    throw new JsThrow(Str("URIError: URI malformed"), "URI malformed");
                }

                bytes.Add(b);
                i += 3;
                if (bytes.Count == 1 && b < 0x80)
                {
                    break;
                }
            }

            i--;
            string decoded;
            try
            {
                decoded = new System.Text.UTF8Encoding(false, true).GetString(bytes.ToArray());
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw new JsThrow(Str("URIError: URI malformed"), "URI malformed");
            }

            if (decoded.Length == 1 && reserved.Contains(decoded[0], StringComparison.Ordinal))
            {
                sb.Append(s, start, 3);
            }
            else
            {
                sb.Append(decoded);
            }
        }

        return sb.ToString();
    }
}
