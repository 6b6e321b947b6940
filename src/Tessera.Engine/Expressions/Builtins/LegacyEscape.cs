using System.Globalization;
using System.Text;

namespace Tessera.Engine.Expressions.Builtins;

/// <summary>JavaScript's legacy <c>escape</c>/<c>unescape</c> (ECMAScript Annex B), still found in old n8n expressions.</summary>
internal static class LegacyEscape
{
    private const string Unescaped = "@*_+-./";

    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || Unescaped.Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
            }
            else if (c < 256)
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("%u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public static string Unescape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 5 < text.Length && text[i + 1] == 'u' && TryHex(text.AsSpan(i + 2, 4), out var wide))
                {
                    builder.Append((char)wide);
                    i += 5;
                    continue;
                }

                if (i + 2 < text.Length && TryHex(text.AsSpan(i + 1, 2), out var narrow))
                {
                    builder.Append((char)narrow);
                    i += 2;
                    continue;
                }
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool TryHex(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
