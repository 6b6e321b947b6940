using System.Text;
using Tessera.Engine.Expressions.Dates;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>JavaScript's encodeURI/encodeURIComponent/decodeURI/decodeURIComponent.</summary>
internal static class UriCoding
{
    private const string ComponentSafe = "-_.!~*'()";
    private const string UriReserved = ";,/?:@&=+$#";

    public static string Encode(string s, bool component)
    {
        var sb = new StringBuilder(s.Length + 8);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiLetterOrDigit(c) || ComponentSafe.Contains(c) || (!component && UriReserved.Contains(c)))
            {
                sb.Append(c);
                continue;
            }

            int codePoint;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, s[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                throw new JsHostException("URIError", "URI malformed");
            }
            else
            {
                codePoint = c;
            }

            var n = new Rune(codePoint).EncodeToUtf8(buffer);
            for (var b = 0; b < n; b++)
            {
                sb.Append('%').Append(buffer[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    public static string Decode(string s, bool component)
    {
        if (!s.Contains('%', StringComparison.Ordinal))
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        var bytes = new List<byte>(4);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '%')
            {
                sb.Append(s[i]);
                continue;
            }

            var start = i;
            var first = HexByte(s, i);
            i += 2;
            if (first < 0x80)
            {
                var ch = (char)first;
                if (!component && UriReserved.Contains(ch))
                {
                    sb.Append(s, start, 3);
                }
                else
                {
                    sb.Append(ch);
                }

                continue;
            }

            var count = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : throw new JsHostException("URIError", "URI malformed");
            bytes.Clear();
            bytes.Add((byte)first);
            for (var k = 1; k < count; k++)
            {
                if (i + 1 >= s.Length || s[i + 1] != '%')
                {
                    throw new JsHostException("URIError", "URI malformed");
                }

                bytes.Add((byte)HexByte(s, i + 1));
                i += 3;
            }

            try
            {
                sb.Append(new UTF8Encoding(false, true).GetString(bytes.ToArray()));
            }
            catch (DecoderFallbackException)
            {
                throw new JsHostException("URIError", "URI malformed");
            }
        }

        return sb.ToString();
    }

    private static int HexByte(string s, int percentAt)
    {
        if (percentAt + 2 >= s.Length || !Uri.IsHexDigit(s[percentAt + 1]) || !Uri.IsHexDigit(s[percentAt + 2]))
        {
            throw new JsHostException("URIError", "URI malformed");
        }

        return Convert.ToInt32(s.Substring(percentAt + 1, 2), 16);
    }
}
