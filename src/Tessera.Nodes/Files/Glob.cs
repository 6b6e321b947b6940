using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Nodes.Files;

/// <summary>File name patterns as n8n's file selector accepts them: <c>*</c>, <c>?</c>, <c>**</c>, <c>[abc]</c> and <c>{a,b}</c>.</summary>
internal static class Glob
{
    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny("*?[{") >= 0;

    /// <summary>The folder to search from (the part before the first wildcard) and the pattern for full paths.</summary>
    public static (string BaseDirectory, Regex Matcher, bool Recursive) Compile(string pattern)
    {
        var full = Path.GetFullPath(pattern.Replace('\\', '/'));
        var parts = full.Split('/');
        var baseParts = parts.TakeWhile(p => !HasWildcards(p)).ToList();
        var baseDirectory = string.Join('/', baseParts);
        if (baseDirectory.Length == 0)
        {
            baseDirectory = "/";
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < full.Length; i++)
        {
            var c = full[i];
            switch (c)
            {
                case '*' when i + 1 < full.Length && full[i + 1] == '*':
                    var slash = i + 2 < full.Length && full[i + 2] == '/';
                    regex.Append(slash ? "(?:.*/)?" : ".*");
                    i += slash ? 2 : 1;
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var close = full.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        regex.Append("\\[");
                        break;
                    }

                    var set = full[(i + 1)..close];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                case '{':
                    var end = full.IndexOf('}', i + 1);
                    if (end < 0)
                    {
                        regex.Append("\\{");
                        break;
                    }

                    regex.Append("(?:").Append(string.Join('|', full[(i + 1)..end].Split(',').Select(Regex.Escape))).Append(')');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        regex.Append('$');
        var recursive = full.Contains("**", StringComparison.Ordinal) || parts.Length - baseParts.Count > 1;
        return (baseDirectory, new Regex(regex.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), recursive);
    }
}
