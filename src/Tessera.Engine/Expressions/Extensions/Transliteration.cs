using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>
/// <c>replaceSpecialChars()</c>: non-ASCII text to its closest ASCII. The table holds the replacements observed from n8n
/// for symbols, Cyrillic and Greek; everything else is decomposed (NFKD) without its accents. Scripts n8n spells out
/// phonetically (Chinese, Japanese, Korean) are kept as they are.
/// </summary>
internal static class Transliteration
{
    private static readonly FrozenDictionary<char, string> Table = new Dictionary<char, string>
    {
        ['\u00A1'] = "!", // ¡
        ['\u00A3'] = "PS", // £
        ['\u00A5'] = "Y=", // ¥
        ['\u00A7'] = "SS", // §
        ['\u00A9'] = "(c)", // ©
        ['\u00AE'] = "(r)", // ®
        ['\u00B0'] = "deg", // °
        ['\u00B1'] = "+-", // ±
        ['\u00B5'] = "u", // µ
        ['\u00B6'] = "P", // ¶
        ['\u00B7'] = "*", // ·
        ['\u00BC'] = "1/4", // ¼
        ['\u00BD'] = "1/2", // ½
        ['\u00BE'] = "3/4", // ¾
        ['\u00BF'] = "?", // ¿
        ['\u00C6'] = "AE", // Æ
        ['\u00D0'] = "D", // Ð
        ['\u00D7'] = "x", // ×
        ['\u00D8'] = "O", // Ø
        ['\u00DE'] = "Th", // Þ
        ['\u00DF'] = "ss", // ß
        ['\u00E6'] = "ae", // æ
        ['\u00F0'] = "d", // ð
        ['\u00F7'] = "/", // ÷
        ['\u00F8'] = "o", // ø
        ['\u00FE'] = "th", // þ
        ['\u0110'] = "D", // Đ
        ['\u0111'] = "d", // đ
        ['\u0131'] = "i", // ı
        ['\u0141'] = "L", // Ł
        ['\u0142'] = "l", // ł
        ['\u0152'] = "OE", // Œ
        ['\u0153'] = "oe", // œ
        ['\u0391'] = "A", // Α
        ['\u0392'] = "V", // Β
        ['\u0393'] = "G", // Γ
        ['\u0394'] = "D", // Δ
        ['\u0395'] = "E", // Ε
        ['\u0396'] = "Z", // Ζ
        ['\u0397'] = "I", // Η
        ['\u0398'] = "Th", // Θ
        ['\u0399'] = "I", // Ι
        ['\u039A'] = "K", // Κ
        ['\u039B'] = "L", // Λ
        ['\u039C'] = "M", // Μ
        ['\u039D'] = "N", // Ν
        ['\u039E'] = "X", // Ξ
        ['\u039F'] = "O", // Ο
        ['\u03A0'] = "P", // Π
        ['\u03A1'] = "R", // Ρ
        ['\u03A3'] = "S", // Σ
        ['\u03A4'] = "T", // Τ
        ['\u03A5'] = "Y", // Υ
        ['\u03A6'] = "F", // Φ
        ['\u03A7'] = "H", // Χ
        ['\u03A8'] = "Ps", // Ψ
        ['\u03A9'] = "O", // Ω
        ['\u03AC'] = "a", // ά
        ['\u03AD'] = "e", // έ
        ['\u03AE'] = "i", // ή
        ['\u03AF'] = "i", // ί
        ['\u03B1'] = "a", // α
        ['\u03B2'] = "v", // β
        ['\u03B3'] = "g", // γ
        ['\u03B4'] = "d", // δ
        ['\u03B5'] = "e", // ε
        ['\u03B6'] = "z", // ζ
        ['\u03B7'] = "i", // η
        ['\u03B8'] = "th", // θ
        ['\u03B9'] = "i", // ι
        ['\u03BA'] = "k", // κ
        ['\u03BB'] = "l", // λ
        ['\u03BC'] = "m", // μ
        ['\u03BD'] = "n", // ν
        ['\u03BE'] = "x", // ξ
        ['\u03BF'] = "o", // ο
        ['\u03C0'] = "p", // π
        ['\u03C1'] = "r", // ρ
        ['\u03C2'] = "s", // ς
        ['\u03C3'] = "s", // σ
        ['\u03C4'] = "t", // τ
        ['\u03C5'] = "y", // υ
        ['\u03C6'] = "f", // φ
        ['\u03C7'] = "h", // χ
        ['\u03C8'] = "ps", // ψ
        ['\u03C9'] = "o", // ω
        ['\u03CC'] = "o", // ό
        ['\u03CD'] = "y", // ύ
        ['\u03CE'] = "o", // ώ
        ['\u0401'] = "Yo", // Ё
        ['\u0410'] = "A", // А
        ['\u0411'] = "B", // Б
        ['\u0412'] = "V", // В
        ['\u0413'] = "G", // Г
        ['\u0414'] = "D", // Д
        ['\u0415'] = "E", // Е
        ['\u0416'] = "Zh", // Ж
        ['\u0417'] = "Z", // З
        ['\u0418'] = "I", // И
        ['\u0419'] = "Y", // Й
        ['\u041A'] = "K", // К
        ['\u041B'] = "L", // Л
        ['\u041C'] = "M", // М
        ['\u041D'] = "N", // Н
        ['\u041E'] = "O", // О
        ['\u041F'] = "P", // П
        ['\u0420'] = "R", // Р
        ['\u0421'] = "S", // С
        ['\u0422'] = "T", // Т
        ['\u0423'] = "U", // У
        ['\u0424'] = "F", // Ф
        ['\u0425'] = "H", // Х
        ['\u0426'] = "C", // Ц
        ['\u0427'] = "Ch", // Ч
        ['\u0428'] = "Sh", // Ш
        ['\u0429'] = "Shch", // Щ
        ['\u042A'] = "?", // Ъ
        ['\u042B'] = "Y", // Ы
        ['\u042C'] = "?", // Ь
        ['\u042D'] = "E", // Э
        ['\u042E'] = "Yu", // Ю
        ['\u042F'] = "Ya", // Я
        ['\u0430'] = "a", // а
        ['\u0431'] = "b", // б
        ['\u0432'] = "v", // в
        ['\u0433'] = "g", // г
        ['\u0434'] = "d", // д
        ['\u0435'] = "e", // е
        ['\u0436'] = "zh", // ж
        ['\u0437'] = "z", // з
        ['\u0438'] = "i", // и
        ['\u0439'] = "y", // й
        ['\u043A'] = "k", // к
        ['\u043B'] = "l", // л
        ['\u043C'] = "m", // м
        ['\u043D'] = "n", // н
        ['\u043E'] = "o", // о
        ['\u043F'] = "p", // п
        ['\u0440'] = "r", // р
        ['\u0441'] = "s", // с
        ['\u0442'] = "t", // т
        ['\u0443'] = "u", // у
        ['\u0444'] = "f", // ф
        ['\u0445'] = "h", // х
        ['\u0446'] = "c", // ц
        ['\u0447'] = "ch", // ч
        ['\u0448'] = "sh", // ш
        ['\u0449'] = "shch", // щ
        ['\u044A'] = "?", // ъ
        ['\u044B'] = "y", // ы
        ['\u044C'] = "?", // ь
        ['\u044D'] = "e", // э
        ['\u044E'] = "yu", // ю
        ['\u044F'] = "ya", // я
        ['\u0451'] = "yo", // ё
        ['\u0454'] = "ie", // є
        ['\u0456'] = "i", // і
        ['\u0457'] = "yi", // ї
        ['\u0491'] = "g'", // ґ
        ['\u1E9E'] = "?", // ẞ
        ['\u2013'] = "-", // –
        ['\u2014'] = "--", // —
        ['\u2018'] = "'", // ‘
        ['\u2019'] = "'", // ’
        ['\u201C'] = "\"", // “
        ['\u201D'] = "\"", // ”
        ['\u2020'] = "+", // †
        ['\u2021'] = "++", // ‡
        ['\u2022'] = "*", // •
        ['\u2030'] = "%0", // ‰
        ['\u2032'] = "'", // ′
        ['\u2033'] = "''", // ″
        ['\u20AC'] = "EU", // €
        ['\u2122'] = "(tm)", // ™
        ['\u2190'] = "-", // ←
        ['\u2191'] = "|", // ↑
        ['\u2192'] = "-", // →
        ['\u2193'] = "|", // ↓
        ['\u221A'] = "?", // √
        ['\u221E'] = "?", // ∞
        ['\u2260'] = "?", // ≠
        ['\u2264'] = "?", // ≤
        ['\u2265'] = "?", // ≥
    }.ToFrozenDictionary();

    public static string ToAscii(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c < 0x80)
            {
                sb.Append(c);
            }
            else if (Table.TryGetValue(c, out var mapped))
            {
                sb.Append(mapped);
            }
            else
            {
                var decomposed = c.ToString().Normalize(NormalizationForm.FormKD);
                var ascii = new StringBuilder();
                foreach (var d in decomposed)
                {
                    if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                    {
                        ascii.Append(d);
                    }
                }

                sb.Append(ascii.Length > 0 && ascii.ToString().All(char.IsAscii) ? ascii.ToString() : c.ToString());
            }
        }

        return sb.ToString();
    }
}
