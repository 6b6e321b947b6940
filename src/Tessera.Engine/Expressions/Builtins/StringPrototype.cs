using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;
using static Tessera.Engine.Expressions.Builtins.Callbacks;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>String.prototype methods, working on UTF-16 code units as JavaScript does.</summary>
internal static class StringPrototype
{
    private static readonly char[] JsWhitespace =
    [
        ' ', '\t', '\n', '\v', '\f', '\r', '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006',
        '\u2007', '\u2008', '\u2009', '\u200A', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000', '\uFEFF',
    ];

    public static readonly Dictionary<string, NativeMethod> Methods = new(StringComparer.Ordinal)
    {
        ["at"] = (t, a) =>
        {
            var s = S(t);
            var i = Ops.ToIntegerOrInfinity(Args.At(a, 0));
            if (i < 0)
            {
                i += s.Length;
            }

            return i >= 0 && i < s.Length ? Str(s[(int)i].ToString()) : JsValue.Undefined;
        },
        ["charAt"] = (t, a) => S(t) is var s && Ops.ToIntegerOrInfinity(Args.At(a, 0)) is var i && i >= 0 && i < s.Length ? Str(s[(int)i].ToString()) : JsValue.EmptyString,
        ["charCodeAt"] = (t, a) => S(t) is var s && Ops.ToIntegerOrInfinity(Args.At(a, 0)) is var i && i >= 0 && i < s.Length ? Num(s[(int)i]) : JsValue.NaN,
        ["codePointAt"] = (t, a) => S(t) is var s && Ops.ToIntegerOrInfinity(Args.At(a, 0)) is var i && i >= 0 && i < s.Length
            ? Num(char.IsSurrogatePair(s, (int)i) ? char.ConvertToUtf32(s, (int)i) : s[(int)i])
            : JsValue.Undefined,
        ["concat"] = (t, a) =>
        {
            var sb = new StringBuilder(S(t));
            foreach (var v in a)
            {
                sb.Append(Ops.Str(v));
            }

            EvalState.CheckStringLength(sb.Length);
            return Str(sb.ToString());
        },
        ["endsWith"] = (t, a) =>
        {
            var s = S(t);
            var end = Args.At(a, 1).IsUndefined ? s.Length : (int)Math.Clamp(Ops.ToIntegerOrInfinity(a[1]), 0, s.Length);
            return JsValue.FromBoolean(s[..end].EndsWith(SearchString(a), StringComparison.Ordinal));
        },
        ["startsWith"] = (t, a) =>
        {
            var s = S(t);
            var start = (int)Math.Clamp(Ops.ToIntegerOrInfinity(Args.At(a, 1)), 0, s.Length);
            return JsValue.FromBoolean(s.AsSpan(start).StartsWith(SearchString(a), StringComparison.Ordinal));
        },
        ["includes"] = (t, a) =>
        {
            var s = S(t);
            var start = (int)Math.Clamp(Ops.ToIntegerOrInfinity(Args.At(a, 1)), 0, s.Length);
            return JsValue.FromBoolean(s.IndexOf(SearchString(a), start, StringComparison.Ordinal) >= 0);
        },
        ["indexOf"] = (t, a) =>
        {
            var s = S(t);
            var start = (int)Math.Clamp(Ops.ToIntegerOrInfinity(Args.At(a, 1)), 0, s.Length);
            return Num(s.IndexOf(Ops.Str(Args.At(a, 0)), start, StringComparison.Ordinal));
        },
        ["lastIndexOf"] = (t, a) =>
        {
            var s = S(t);
            var search = Ops.Str(Args.At(a, 0));
            var pos = Ops.Num(Args.At(a, 1));
            var from = double.IsNaN(pos) ? s.Length : (int)Math.Clamp(pos, 0, s.Length);
            var limit = Math.Min(from + search.Length, s.Length);
            return Num(s[..limit].LastIndexOf(search, StringComparison.Ordinal));
        },
        ["localeCompare"] = (t, a) => Num(Math.Sign(CultureInfo.InvariantCulture.CompareInfo.Compare(S(t), Ops.Str(Args.At(a, 0)), CompareOptions.None))),
        ["match"] = Match,
        ["matchAll"] = MatchAll,
        ["normalize"] = (t, a) => Str(S(t).Normalize(Ops.Str(Args.At(a, 0)) switch
        {
            "NFD" => NormalizationForm.FormD,
            "NFKC" => NormalizationForm.FormKC,
            "NFKD" => NormalizationForm.FormKD,
            _ => NormalizationForm.FormC,
        })),
        ["padEnd"] = (t, a) => Pad(S(t), a, atStart: false),
        ["padStart"] = (t, a) => Pad(S(t), a, atStart: true),
        ["repeat"] = (t, a) =>
        {
            var s = S(t);
            var count = Ops.ToIntegerOrInfinity(Args.At(a, 0));
            if (count < 0 || double.IsInfinity(count))
            {
                throw JsThrow.RangeError($"Invalid count value: {JsNumber.ToString(count)}");
            }

            EvalState.CheckStringLength(s.Length * count);
            return Str(new StringBuilder(s.Length * (int)count).Insert(0, s, (int)count).ToString());
        },
        ["replace"] = (t, a) => Replace(S(t), Args.At(a, 0), Args.At(a, 1), all: false),
        ["replaceAll"] = (t, a) => Replace(S(t), Args.At(a, 0), Args.At(a, 1), all: true),
        ["search"] = (t, a) =>
        {
            var re = ToRegExp(Args.At(a, 0), "");
            return Num(re.Match(S(t), 0)?.Index ?? -1);
        },
        ["slice"] = (t, a) =>
        {
            var s = S(t);
            var start = RelativeIndex(Args.At(a, 0), s.Length, 0);
            var end = RelativeIndex(Args.At(a, 1), s.Length, s.Length);
            return end > start ? Str(s[start..end]) : JsValue.EmptyString;
        },
        ["split"] = Split,
        ["substring"] = (t, a) =>
        {
            var s = S(t);
            var start = (int)Math.Clamp(Ops.ToIntegerOrInfinity(Args.At(a, 0)), 0, s.Length);
            var end = Args.At(a, 1).IsUndefined ? s.Length : (int)Math.Clamp(Ops.ToIntegerOrInfinity(a[1]), 0, s.Length);
            return Str(start <= end ? s[start..end] : s[end..start]);
        },
        ["substr"] = (t, a) =>
        {
            var s = S(t);
            var start = RelativeIndex(Args.At(a, 0), s.Length, 0);
            var length = Args.At(a, 1).IsUndefined ? s.Length - start : (int)Math.Clamp(Ops.ToIntegerOrInfinity(a[1]), 0, s.Length - start);
            return Str(s.Substring(start, length));
        },
        ["toLowerCase"] = (t, _) => Str(S(t).ToLowerInvariant()),
        ["toUpperCase"] = (t, _) => Str(S(t).ToUpperInvariant()),
        ["toLocaleLowerCase"] = (t, _) => Str(S(t).ToLowerInvariant()),
        ["toLocaleUpperCase"] = (t, _) => Str(S(t).ToUpperInvariant()),
        ["toString"] = (t, _) => t,
        ["valueOf"] = (t, _) => t,
        ["trim"] = (t, _) => Str(S(t).Trim(JsWhitespace)),
        ["trimStart"] = (t, _) => Str(S(t).TrimStart(JsWhitespace)),
        ["trimLeft"] = (t, _) => Str(S(t).TrimStart(JsWhitespace)),
        ["trimEnd"] = (t, _) => Str(S(t).TrimEnd(JsWhitespace)),
        ["trimRight"] = (t, _) => Str(S(t).TrimEnd(JsWhitespace)),
    };

    private static string S(JsValue t) => t.TryGetString() ?? Ops.Str(t);

    private static string SearchString(ReadOnlySpan<JsValue> a)
    {
        if (Args.At(a, 0).Reference is JsRegExp)
        {
            throw JsThrow.TypeError("First argument must not be a regular expression");
        }

        return Ops.Str(Args.At(a, 0));
    }

    private static JsValue Pad(string s, ReadOnlySpan<JsValue> a, bool atStart)
    {
        var target = Ops.ToIntegerOrInfinity(Args.At(a, 0));
        var filler = Args.At(a, 1).IsUndefined ? " " : Ops.Str(a[1]);
        if (target <= s.Length || filler.Length == 0)
        {
            return Str(s);
        }

        EvalState.CheckStringLength(target);
        var fillLength = (int)target - s.Length;
        var sb = new StringBuilder(fillLength);
        while (sb.Length < fillLength)
        {
            sb.Append(filler);
        }

        sb.Length = fillLength;
        return Str(atStart ? sb + s : s + sb);
    }

    public static JsRegExp ToRegExp(JsValue pattern, string flags) =>
        pattern.Reference as JsRegExp ?? RegExpTranslator.New(pattern.IsUndefined ? "(?:)" : Regex.Escape(Ops.Str(pattern)), flags);

    private static JsValue Match(JsValue t, ReadOnlySpan<JsValue> a)
    {
        var s = S(t);
        var re = ToRegExp(Args.At(a, 0), "");
        if (!re.Global)
        {
            var m = re.Match(s, 0);
            return m is null ? JsValue.Null : JsValue.FromArray(JsRegExp.MatchArray(m));
        }

        var result = new JsArray();
        foreach (var m in AllMatches(re, s))
        {
            result.Add(Str(m.Value));
        }

        re.LastIndex = 0;
        return result.Count == 0 ? JsValue.Null : JsValue.FromArray(result);
    }

    private static JsValue MatchAll(JsValue t, ReadOnlySpan<JsValue> a)
    {
        var re = ToRegExp(Args.At(a, 0), "g");
        if (!re.Global)
        {
            throw JsThrow.TypeError("String.prototype.matchAll called with a non-global RegExp argument");
        }

        var result = new JsArray();
        foreach (var m in AllMatches(re, S(t)))
        {
            result.Add(JsValue.FromArray(JsRegExp.MatchArray(m)));
        }

        return JsValue.FromArray(result);
    }

    private static IEnumerable<Match> AllMatches(JsRegExp re, string s)
    {
        var position = 0;
        var state = EvalState.Current;
        while (position <= s.Length)
        {
            var m = re.Match(s, position);
            if (m is null)
            {
                yield break;
            }

            state.Step();
            yield return m;
            position = m.Length == 0 ? m.Index + 1 : m.Index + m.Length;
        }
    }

    private static JsValue Replace(string s, JsValue pattern, JsValue replacement, bool all)
    {
        var fn = replacement.Reference as IJsCallable;
        var text = fn is null ? Ops.Str(replacement) : null;
        var sb = new StringBuilder();
        var last = 0;
        if (pattern.Reference is JsRegExp re)
        {
            if (all && !re.Global)
            {
                throw JsThrow.TypeError("replaceAll must be called with a global RegExp");
            }

            var matches = re.Global ? AllMatches(re, s) : re.Match(s, 0) is { } one ? [one] : [];
            foreach (var m in matches)
            {
                sb.Append(s, last, m.Index - last);
                if (fn is not null)
                {
                    var args = new List<JsValue>();
                    foreach (Group g in m.Groups)
                    {
                        args.Add(g.Success ? Str(g.Value) : JsValue.Undefined);
                    }

                    args.Add(Num(m.Index));
                    args.Add(Str(s));
                    sb.Append(Ops.Str(fn.Call(JsValue.Undefined, args.ToArray())));
                }
                else
                {
                    Expand(sb, text!, s, m.Index, m.Value, m.Groups);
                }

                last = m.Index + m.Length;
                EvalState.CheckStringLength(sb.Length);
            }

            re.LastIndex = 0;
        }
        else
        {
            var search = Ops.Str(pattern);
            var position = 0;
            while (position <= s.Length)
            {
                var index = s.IndexOf(search, position, StringComparison.Ordinal);
                if (index < 0)
                {
                    break;
                }

                sb.Append(s, last, index - last);
                if (fn is not null)
                {
                    sb.Append(Ops.Str(Invoke(fn, Str(search), Num(index), Str(s))));
                }
                else
                {
                    Expand(sb, text!, s, index, search, null);
                }

                last = index + search.Length;
                EvalState.CheckStringLength(sb.Length);
                if (!all)
                {
                    break;
                }

                position = search.Length == 0 ? index + 1 : last;
            }
        }

        sb.Append(s, last, s.Length - last);
        return Str(sb.ToString());
    }

    /// <summary>GetSubstitution: <c>$$ $&amp; $` $' $1 $01 $&lt;name&gt;</c>.</summary>
    private static void Expand(StringBuilder sb, string template, string input, int index, string matched, GroupCollection? groups)
    {
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                sb.Append(c);
                continue;
            }

            var n = template[i + 1];
            switch (n)
            {
                case '$':
                    sb.Append('$');
                    i++;
                    continue;
                case '&':
                    sb.Append(matched);
                    i++;
                    continue;
                case '`':
                    sb.Append(input, 0, index);
                    i++;
                    continue;
                case '\'':
                    sb.Append(input, index + matched.Length, input.Length - index - matched.Length);
                    i++;
                    continue;
            }

            if (groups is not null && char.IsAsciiDigit(n))
            {
                var count = groups.Count - 1;
                var two = i + 2 < template.Length && char.IsAsciiDigit(template[i + 2]) ? ((n - '0') * 10) + (template[i + 2] - '0') : -1;
                if (two >= 1 && two <= count)
                {
                    sb.Append(groups[two].Value);
                    i += 2;
                    continue;
                }

                var one = n - '0';
                if (one >= 1 && one <= count)
                {
                    sb.Append(groups[one].Value);
                    i++;
                    continue;
                }
            }

            if (groups is not null && n == '<')
            {
                var close = template.IndexOf('>', i + 2);
                if (close > 0)
                {
                    var g = groups[template[(i + 2)..close]];
                    sb.Append(g.Success ? g.Value : string.Empty);
                    i = close;
                    continue;
                }
            }

            sb.Append(c);
        }
    }

    private static JsValue Split(JsValue t, ReadOnlySpan<JsValue> a)
    {
        var s = S(t);
        var separator = Args.At(a, 0);
        var limit = Args.At(a, 1).IsUndefined ? uint.MaxValue : Ops.ToUint32(Ops.Num(a[1]));
        var result = new JsArray();
        if (limit == 0)
        {
            return JsValue.FromArray(result);
        }

        if (separator.IsUndefined)
        {
            result.Add(Str(s));
            return JsValue.FromArray(result);
        }

        if (separator.Reference is JsRegExp re)
        {
            if (s.Length == 0)
            {
                if (re.Match(s, 0) is null)
                {
                    result.Add(Str(s));
                }

                return JsValue.FromArray(result);
            }

            var last = 0;
            var position = 0;
            while (position < s.Length)
            {
                var m = re.Match(s, position);
                if (m is null || m.Index >= s.Length)
                {
                    break;
                }

                var end = m.Index + m.Length;
                if (end == last)
                {
                    position = m.Index + 1;
                    continue;
                }

                result.Add(Str(s[last..m.Index]));
                if (result.Count >= limit)
                {
                    return JsValue.FromArray(result);
                }

                for (var g = 1; g < m.Groups.Count; g++)
                {
                    result.Add(m.Groups[g].Success ? Str(m.Groups[g].Value) : JsValue.Undefined);
                    if (result.Count >= limit)
                    {
                        return JsValue.FromArray(result);
                    }
                }

                last = end;
                position = end;
            }

            result.Add(Str(s[last..]));
            return JsValue.FromArray(result);
        }

        var sep = Ops.Str(separator);
        if (sep.Length == 0)
        {
            foreach (var ch in s)
            {
                if (result.Count >= limit)
                {
                    break;
                }

                result.Add(Str(ch.ToString()));
            }

            EvalState.CheckArrayLength(result.Count);
            return JsValue.FromArray(result);
        }

        foreach (var part in s.Split(sep))
        {
            if (result.Count >= limit)
            {
                break;
            }

            result.Add(Str(part));
        }

        return JsValue.FromArray(result);
    }
}
