using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Runtime;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>A JavaScript RegExp backed by a .NET <see cref="Regex"/> (translated pattern, match timeout).</summary>
internal sealed class JsRegExp(string source, string flags, Regex regex) : IJsHostObject
{
    public string Source { get; } = source;

    public string Flags { get; } = flags;

    public Regex Regex { get; } = regex;

    public bool Global => Flags.Contains('g', StringComparison.Ordinal);

    public bool Sticky => Flags.Contains('y', StringComparison.Ordinal);

    public int LastIndex { get; set; }

    public JsValue GetMember(string name) => name switch
    {
        "source" => JsValue.FromString(Source),
        "flags" => JsValue.FromString(Flags),
        "global" => JsValue.FromBoolean(Global),
        "ignoreCase" => JsValue.FromBoolean(Flags.Contains('i', StringComparison.Ordinal)),
        "multiline" => JsValue.FromBoolean(Flags.Contains('m', StringComparison.Ordinal)),
        "sticky" => JsValue.FromBoolean(Sticky),
        "lastIndex" => JsValue.FromNumber(LastIndex),
        "test" => JsValue.FromHost(new NativeFunction("test", (_, a) => JsValue.FromBoolean(!Exec(Ops.Str(Args.At(a, 0))).IsNull))),
        "exec" => JsValue.FromHost(new NativeFunction("exec", (_, a) => Exec(Ops.Str(Args.At(a, 0))))),
        "toString" => JsValue.FromHost(new NativeFunction("toString", (_, _) => JsValue.FromString(ToString()))),
        _ => JsValue.Undefined,
    };

    public Match? Match(string input, int start)
    {
        try
        {
            var m = Regex.Match(input, Math.Min(start, input.Length));
            return m.Success && (!Sticky || m.Index == start) ? m : null;
        }
        catch (RegexMatchTimeoutException)
        {
            throw RegExpTranslator.Timeout(Source);
        }
    }

    /// <summary>RegExp.prototype.exec: the match array (or null); advances lastIndex for global/sticky patterns.</summary>
    public JsValue Exec(string input)
    {
        var useLast = Global || Sticky;
        var start = useLast ? LastIndex : 0;
        if (start > input.Length)
        {
            LastIndex = 0;
            return JsValue.Null;
        }

        var m = Match(input, start);
        if (m is null)
        {
            if (useLast)
            {
                LastIndex = 0;
            }

            return JsValue.Null;
        }

        if (useLast)
        {
            LastIndex = m.Index + m.Length;
        }

        return JsValue.FromArray(MatchArray(m));
    }

    public static JsArray MatchArray(Match m)
    {
        var array = new JsArray(m.Groups.Count);
        foreach (Group g in m.Groups)
        {
            array.Add(g.Success ? JsValue.FromString(g.Value) : JsValue.Undefined);
        }

        return array;
    }

    public override string ToString() => $"/{Source}/{Flags}";
}

/// <summary>Translates ECMAScript patterns to .NET ones where the two differ, and caches the compiled result.</summary>
internal static class RegExpTranslator
{
    private static readonly ConcurrentDictionary<(string, string), Regex> Cache = new();

    public static Regex Create(string pattern, string flags, TimeSpan timeout)
    {
        if (Cache.TryGetValue((pattern, flags), out var cached))
        {
            return cached;
        }

        var options = RegexOptions.CultureInvariant;
        if (flags.Contains('i', StringComparison.Ordinal))
        {
            options |= RegexOptions.IgnoreCase;
        }

        var multiline = flags.Contains('m', StringComparison.Ordinal);
        if (multiline)
        {
            options |= RegexOptions.Multiline;
        }

        if (flags.Contains('s', StringComparison.Ordinal))
        {
            options |= RegexOptions.Singleline;
        }

        var regex = new Regex(Translate(pattern, multiline), options, timeout);
        if (Cache.Count < 1000)
        {
            Cache[(pattern, flags)] = regex;
        }

        return regex;
    }

    public static JsRegExp New(string pattern, string flags)
    {
        var timeout = EvalState.CurrentOrNull?.Options.RegexTimeout ?? ExpressionEvaluatorOptions.Default.RegexTimeout;
        try
        {
            return new JsRegExp(pattern, flags, Create(pattern, flags, timeout));
        }
        catch (ArgumentException e)
        {
            throw JsThrow.SyntaxError($"Invalid regular expression: /{pattern}/: {e.Message}");
        }
    }

    public static ExpressionException Timeout(string source) =>
        new($"The regular expression /{source}/ took too long to match.") { Description = "Simplify the pattern (avoid nested repetition)." };

    private static string Translate(string pattern, bool multiline)
    {
        var sb = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var n = pattern[++i];
                switch (n)
                {
                    case 'd': sb.Append(inClass ? "0-9" : "[0-9]"); break;
                    case 'D' when !inClass: sb.Append("[^0-9]"); break;
                    case 'w': sb.Append(inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"); break;
                    case 'W' when !inClass: sb.Append("[^a-zA-Z0-9_]"); break;
                    case '/': sb.Append('/'); break;
                    case 'u' when i + 1 < pattern.Length && pattern[i + 1] == '{':
                    {
                        var close = pattern.IndexOf('}', i);
                        var cp = Convert.ToInt32(pattern[(i + 2)..close], 16);
                        sb.Append(Regex.Escape(char.ConvertFromUtf32(cp)));
                        i = close;
                        break;
                    }

                    default: sb.Append('\\').Append(n); break;
                }

                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[')
                {
                    sb.Append('\\'); // A literal '[' inside a class; .NET would read "[a-[b]]" as subtraction.
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[' when i + 2 < pattern.Length + 1 && string.CompareOrdinal(pattern, i, "[^]", 0, 3) == 0:
                    sb.Append(@"[\s\S]");
                    i += 2;
                    break;
                case '[' when i + 1 < pattern.Length && pattern[i + 1] == ']':
                    sb.Append("(?!)");
                    i += 1;
                    break;
                case '[':
                    inClass = true;
                    sb.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        sb.Append(@"\]");
                        i++;
                    }

                    break;
                case '$' when !multiline:
                    sb.Append(@"(?!\n)$");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }
}
