namespace Tessera.Nodes.Data.RenameKeys;

/// <summary>
/// Rejects regular expressions whose backtracking can explode on long keys (ReDoS), as n8n's Rename Keys does:
/// nested quantifiers like <c>(a+)+</c>, quantified alternations like <c>(a|a)*</c>, and overlapping runs like
/// <c>aaa*c</c> that turn an unanchored search quadratic.
/// </summary>
internal static class RegexSafety
{
    /// <summary>True when <paramref name="pattern"/> matches one of the risky shapes.</summary>
    public static bool IsRisky(string pattern)
    {
        var atoms = Tokenize(pattern);
        for (var i = 0; i < atoms.Count; i++)
        {
            var atom = atoms[i];
            if (atom.Quantified && atom.Unbounded && atom.Group is { } inner)
            {
                if (inner.Any(a => a.Quantified && a.Unbounded) || inner.Any(a => a.Text == "|"))
                {
                    return true;
                }
            }

            if (atom.Quantified && atom.Unbounded && atom.Group is null && i > 0 && i < atoms.Count - 1)
            {
                var previous = atoms[i - 1];
                if (!previous.Quantified && previous.Text == atom.Text)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed record Atom(string Text, List<Atom>? Group)
    {
        public bool Quantified { get; set; }

        public bool Unbounded { get; set; }
    }

    private static List<Atom> Tokenize(string pattern)
    {
        var pos = 0;
        return Sequence(pattern, ref pos);
    }

    private static List<Atom> Sequence(string p, ref int pos)
    {
        var atoms = new List<Atom>();
        while (pos < p.Length)
        {
            var c = p[pos];
            Atom? atom = null;
            switch (c)
            {
                case ')':
                    return atoms;
                case '(':
                    pos++;
                    if (pos < p.Length && p[pos] == '?')
                    {
                        // Skip group modifiers such as ?: ?= ?! ?<name>.
                        while (pos < p.Length && p[pos] != ':' && p[pos] != '=' && p[pos] != '!' && p[pos] != '>')
                        {
                            pos++;
                        }

                        pos++;
                    }

                    var inner = Sequence(p, ref pos);
                    pos++;
                    atom = new Atom("(group)", inner);
                    break;
                case '[':
                    var start = pos;
                    pos++;
                    while (pos < p.Length && p[pos] != ']')
                    {
                        pos += p[pos] == '\\' ? 2 : 1;
                    }

                    pos++;
                    atom = new Atom(p[start..Math.Min(pos, p.Length)], null);
                    break;
                case '\\':
                    atom = new Atom(p.Substring(pos, Math.Min(2, p.Length - pos)), null);
                    pos += 2;
                    break;
                case '*' or '+' or '?' or '{':
                    if (atoms.Count > 0)
                    {
                        var last = atoms[^1];
                        last.Quantified = true;
                        if (c == '{')
                        {
                            var close = p.IndexOf('}', pos);
                            var body = close > pos ? p[(pos + 1)..close] : string.Empty;
                            last.Unbounded |= body.EndsWith(',');
                            pos = close > pos ? close + 1 : pos + 1;
                        }
                        else
                        {
                            last.Unbounded |= c != '?';
                            pos++;
                        }

                        if (pos < p.Length && p[pos] is '?' or '+')
                        {
                            pos++;
                        }

                        continue;
                    }

                    pos++;
                    continue;
                default:
                    atom = new Atom(c.ToString(), null);
                    pos++;
                    break;
            }

            atoms.Add(atom);
        }

        return atoms;
    }
}
