using System.Text;

namespace Tessera.Engine.Expressions.Parsing;

/// <summary>One part of a template: literal text, or an expression with its offset in the template.</summary>
internal readonly record struct TemplateSegment(string Text, bool IsExpression, int Offset);

/// <summary>
/// Splits an n8n template (after its leading <c>=</c>) into text and <c>{{ … }}</c> expressions. The closing braces
/// are found with awareness of strings and nested object literals, so <c>{{ {a: {b: 1}} }}</c> works;
/// <c>\}}</c> inside an expression stands for a literal <c>}}</c>; an unclosed <c>{{</c> runs to the end.
/// </summary>
internal static class TemplateParser
{
    public static List<TemplateSegment> Split(string template, int start)
    {
        var segments = new List<TemplateSegment>();
        var text = new StringBuilder();
        var i = start;
        while (i < template.Length)
        {
            if (template[i] == '\\' && string.CompareOrdinal(template, i + 1, "{{", 0, 2) == 0)
            {
                text.Append("\\{{"); // An escaped opener stays literal text, backslash included.
                i += 3;
                continue;
            }

            if (string.CompareOrdinal(template, i, "{{", 0, 2) == 0)
            {
                // An opener without a closer is still an expression, running to the end of the template: n8n's
                // splitter (splitExpression in n8n-io/tournament, ExpressionSplitter tests "Unclosed expression")
                // returns such a tail as a code chunk with hasClosingBrackets: false, and the expression builder
                // parses every code chunk. So "={{ $json.a" evaluates $json.a, and "={{" or "={{ {{ }}" is a
                // syntax error instead of being kept as text.
                TryScanExpression(template, i + 2, out var expression, out var end);
                if (text.Length > 0)
                {
                    segments.Add(new TemplateSegment(text.ToString(), false, i - text.Length));
                    text.Clear();
                }

                segments.Add(new TemplateSegment(expression, true, i + 2));
                i = end;
                continue;
            }

            text.Append(template[i]);
            i++;
        }

        if (text.Length > 0)
        {
            segments.Add(new TemplateSegment(text.ToString(), false, i - text.Length));
        }

        return segments;
    }

    /// <summary>Reads an expression up to its closing braces; false (with the text to the end) when they are missing.</summary>
    private static bool TryScanExpression(string s, int start, out string expression, out int end)
    {
        var sb = new StringBuilder();
        var depth = 0;
        var i = start;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\' && string.CompareOrdinal(s, i + 1, "}}", 0, 2) == 0)
            {
                sb.Append("}}");
                i += 3;
                continue;
            }

            if (c is '"' or '\'' or '`' && SkipString(s, i) is var close && close > 0)
            {
                sb.Append(s, i, close - i);
                i = close;
                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0 && i + 1 < s.Length && s[i + 1] == '}')
                {
                    expression = sb.ToString();
                    end = i + 2;
                    return true;
                }

                if (depth > 0)
                {
                    depth--;
                }
            }

            sb.Append(c);
            i++;
        }

        expression = sb.ToString();
        end = s.Length;
        return false;
    }

    /// <summary>Index just past the string starting at <paramref name="start"/>, or -1 when it is unterminated (the parser reports it).</summary>
    private static int SkipString(string s, int start)
    {
        var quote = s[start];
        var i = start + 1;
        var templateDepth = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (quote == '`' && c == '$' && i + 1 < s.Length && s[i + 1] == '{')
            {
                templateDepth++;
                i += 2;
                continue;
            }

            if (quote == '`' && c == '}' && templateDepth > 0)
            {
                templateDepth--;
                i++;
                continue;
            }

            if (c == quote && templateDepth == 0)
            {
                return i + 1;
            }

            if (c == '\n' && quote != '`')
            {
                return -1;
            }

            i++;
        }

        return -1;
    }
}
