using System.Text;

namespace Tessera.Nodes.Values.DateTime;

/// <summary>Translates moment.js format strings (Date &amp; Time v1) to the equivalent Luxon format strings.</summary>
internal static class MomentFormat
{
    private static readonly (string Moment, string Luxon)[] Tokens =
    [
        ("YYYY", "yyyy"), ("YY", "yy"), ("Y", "y"),
        ("MMMM", "MMMM"), ("MMM", "MMM"), ("MM", "MM"), ("Mo", "M"), ("M", "M"),
        ("DDDD", "ooo"), ("DDD", "o"), ("DD", "dd"), ("Do", "d"), ("D", "d"),
        ("dddd", "cccc"), ("ddd", "ccc"), ("dd", "ccc"), ("d", "c"), ("E", "c"),
        ("HH", "HH"), ("H", "H"), ("hh", "hh"), ("h", "h"), ("kk", "HH"), ("k", "H"),
        ("mm", "mm"), ("m", "m"), ("ss", "ss"), ("s", "s"),
        ("SSS", "SSS"), ("SS", "SSS"), ("S", "S"),
        ("A", "a"), ("a", "a"),
        ("ZZ", "ZZZ"), ("Z", "ZZ"), ("zz", "ZZZZ"), ("z", "ZZZZ"),
        ("WW", "WW"), ("W", "W"), ("ww", "WW"), ("w", "W"), ("GGGG", "kkkk"), ("gggg", "kkkk"),
        ("Q", "q"), ("X", "X"), ("x", "x"),
    ];

    public static string ToLuxon(string moment)
    {
        var sb = new StringBuilder();
        var literal = new StringBuilder();
        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                sb.Append('\'').Append(literal.Replace("'", "''")).Append('\'');
                literal.Clear();
            }
        }

        for (var i = 0; i < moment.Length;)
        {
            if (moment[i] == '[')
            {
                var close = moment.IndexOf(']', i + 1);
                if (close > i)
                {
                    literal.Append(moment, i + 1, close - i - 1);
                    i = close + 1;
                    continue;
                }
            }

            var matched = false;
            foreach (var (token, luxon) in Tokens)
            {
                if (string.CompareOrdinal(moment, i, token, 0, token.Length) == 0)
                {
                    FlushLiteral();
                    sb.Append(luxon);
                    i += token.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                literal.Append(moment[i]);
                i++;
            }
        }

        FlushLiteral();
        return sb.ToString();
    }
}
