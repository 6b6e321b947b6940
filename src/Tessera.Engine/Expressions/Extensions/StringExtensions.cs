using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions.Dates;

namespace Tessera.Engine.Expressions.Extensions;

/// <summary>n8n's string extension functions.</summary>
internal static partial class StringExtensions
{
    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$")]
    private static partial Regex EmailWhole();

    [GeneratedRegex(@"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}")]
    private static partial Regex EmailAnywhere();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$")]
    private static partial Regex Domain();

    [GeneratedRegex(@"https?://(?:www\.)?[-A-Za-z0-9@:%._+~#=]{1,256}\.[A-Za-z0-9()]{1,6}\b[-A-Za-z0-9()@:%_+.~#?&/=]*")]
    private static partial Regex UrlAnywhere();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    private static readonly HashSet<string> SmallWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or", "per", "the", "to", "v", "v.", "vs", "vs.", "via",
    };

    public static Dictionary<string, ExtensionFunction> Create() => new()
    {
        ["base64Encode"] = (r, _, _) => Convert.ToBase64String(Encoding.UTF8.GetBytes(S(r))),
        ["base64Decode"] = (r, _, _) => Base64Decode(S(r)),
        ["extractDomain"] = (r, _, _) => ExtractDomain(S(r)),
        ["extractEmail"] = (r, _, _) => EmailAnywhere().Match(S(r)) is { Success: true } m ? m.Value : JsValue.Undefined,
        ["extractUrl"] = (r, _, _) => UrlAnywhere().Match(S(r)) is { Success: true } m ? m.Value : JsValue.Undefined,
        ["extractUrlPath"] = (r, _, _) => Uri.TryCreate(S(r).Trim(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.AbsolutePath : JsValue.Undefined,
        ["hash"] = (r, a, _) => Hash(S(r), Ext.OptionalString(a, 0, "hash", "algorithm") ?? "md5"),
        ["isDomain"] = (r, _, _) => Domain().IsMatch(S(r)),
        ["isEmail"] = (r, _, _) => EmailWhole().IsMatch(S(r)),
        ["isEmpty"] = (r, _, _) => S(r).Length == 0,
        ["isNotEmpty"] = (r, _, _) => S(r).Length > 0,
        ["isNumeric"] = (r, _, _) => IsNumeric(S(r)),
        ["isUrl"] = (r, _, _) => IsUrl(S(r)),
        ["parseJson"] = (r, _, _) => ParseJson(S(r)),
        ["quote"] = (r, a, _) => Quote(S(r), Ext.OptionalString(a, 0, "quote", "mark") ?? "\""),
        ["removeMarkdown"] = (r, _, _) => Markdown.Strip(S(r)),
        ["removeTags"] = (r, _, _) => Tags().Replace(S(r), string.Empty),
        ["replaceSpecialChars"] = (r, _, _) => ReplaceSpecialChars(S(r)),
        ["toBoolean"] = (r, _, _) => ToBoolean(S(r)),
        ["toDate"] = (r, _, c) => ToDate(S(r), c),
        ["toDateTime"] = (r, a, c) => JsValue.FromHost(ToDateTime(S(r), c, Ext.OptionalString(a, 0, "toDateTime", "format"))),
        ["toNumber"] = (r, _, _) => ToNumber(S(r), "toNumber", "number"),
        ["toFloat"] = (r, _, _) => ToFloat(S(r), "toFloat"),
        ["toDecimalNumber"] = (r, _, _) => ToFloat(S(r), "toDecimalNumber"),
        ["toInt"] = (r, _, _) => ToInt(S(r), "toInt"),
        ["toWholeNumber"] = (r, _, _) => ToInt(S(r), "toWholeNumber"),
        ["toJsonString"] = (r, _, _) => JsonCodec.Serialize(r),
        ["toSentenceCase"] = (r, _, _) => ToSentenceCase(S(r)),
        ["toSnakeCase"] = (r, _, _) => ToSnakeCase(S(r)),
        ["toTitleCase"] = (r, _, _) => ToTitleCase(S(r)),
        ["urlDecode"] = (r, a, _) => UriCoding.Decode(S(r), JsConvert.ToBoolean(Ext.Arg(a, 0))),
        ["urlEncode"] = (r, a, _) => UriCoding.Encode(S(r), JsConvert.ToBoolean(Ext.Arg(a, 0))),
    };

    private static string S(JsValue r) => r.AsString();

    private static JsValue Base64Decode(string s)
    {
        try
        {
            var normalized = s.Trim().Replace('-', '+').Replace('_', '/');
            normalized = normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '=');
            return Encoding.UTF8.GetString(Convert.FromBase64String(normalized));
        }
        catch (FormatException)
        {
            throw Ext.Error("base64Decode(): the string is not valid base64");
        }
    }

    private static JsValue ExtractDomain(string s)
    {
        var text = s.Trim();
        if (EmailWhole().IsMatch(text))
        {
            return text[(text.LastIndexOf('@') + 1)..];
        }

        if (IsUrl(text) && Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri.Host;
        }

        return JsValue.Null;
    }

    private static bool IsUrl(string s)
    {
        var text = s.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || text.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        return uri.Scheme is "http" or "https" or "ftp" && (uri.Host.Contains('.', StringComparison.Ordinal) || uri.Host == "localhost");
    }

    private static bool IsNumeric(string s)
    {
        var t = s.Trim();
        return t.Length > 0 && double.IsFinite(JsConvert.StringToNumber(t)) && !double.IsNaN(ParseFloat(t));
    }

    private static JsValue ParseJson(string s)
    {
        try
        {
            return JsonCodec.Parse(s);
        }
        catch (JsonFormatException)
        {
            return JsValue.Undefined;
        }
    }

    private static string Quote(string s, string mark) =>
        mark + s.Replace(mark, "\\" + mark, StringComparison.Ordinal) + mark;

    private static string Hash(string s, string algorithm)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        byte[] digest = algorithm.ToLowerInvariant() switch
        {
            "md5" => MD5.HashData(bytes),
            "sha1" => SHA1.HashData(bytes),
            "sha256" => SHA256.HashData(bytes),
            "sha384" => SHA384.HashData(bytes),
            "sha512" => SHA512.HashData(bytes),
            "sha224" => Sha224.Hash(bytes),
            "sha3" or "sha3-512" when SHA3_512.IsSupported => SHA3_512.HashData(bytes),
            "sha3-256" when SHA3_256.IsSupported => SHA3_256.HashData(bytes),
            "sha3-384" when SHA3_384.IsSupported => SHA3_384.HashData(bytes),
            "base64" => [],
            _ => throw Ext.Error($"hash(): unknown algorithm \"{algorithm}\"", "Use one of md5, base64, sha1, sha224, sha256, sha384, sha512, sha3."),
        };
        return algorithm.Equals("base64", StringComparison.OrdinalIgnoreCase) ? Convert.ToBase64String(bytes) : Convert.ToHexStringLower(digest);
    }

    private static string ReplaceSpecialChars(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c switch
            {
                'ß' => "ss", 'æ' => "ae", 'Æ' => "AE", 'ø' => "o", 'Ø' => "O", 'œ' => "oe", 'Œ' => "OE",
                'ł' => "l", 'Ł' => "L", 'đ' => "d", 'Đ' => "D", 'þ' => "th", 'Þ' => "TH", 'ð' => "d", 'Ð' => "D",
                _ => c.ToString(),
            });
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool ToBoolean(string s)
    {
        var t = s.Trim().ToLowerInvariant();
        return t is not ("" or "false" or "no" or "0");
    }

    /// <summary>JavaScript parseFloat: the longest numeric prefix after leading whitespace.</summary>
    internal static double ParseFloat(string s)
    {
        var m = FloatPrefix().Match(s);
        if (!m.Success)
        {
            return double.NaN;
        }

        var text = m.Value.Trim();
        return text.EndsWith("Infinity", StringComparison.Ordinal)
            ? (text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity)
            : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^\s*[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")]
    private static partial Regex FloatPrefix();

    [GeneratedRegex(@"^\s*[+-]?\d+")]
    private static partial Regex IntPrefix();

    private static double ToFloat(string s, string function)
    {
        var n = ParseFloat(s);
        return double.IsNaN(n) ? throw Ext.Error($"{function}(): cannot convert \"{s}\" to float", "The string must start with a number.") : n;
    }

    private static double ToInt(string s, string function)
    {
        var m = IntPrefix().Match(s);
        if (!m.Success)
        {
            throw Ext.Error($"{function}(): cannot convert \"{s}\" to integer", "The string must start with a whole number.");
        }

        return double.Parse(m.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static double ToNumber(string s, string function, string what)
    {
        var n = JsConvert.StringToNumber(s);
        if (double.IsNaN(n) || s.Trim().Length == 0)
        {
            n = ParseFloat(s);
        }

        return double.IsNaN(n) ? throw Ext.Error($"{function}(): cannot convert \"{s}\" to {what}", "The string must contain a number.") : n;
    }

    private static string ToSentenceCase(string s)
    {
        var sb = new StringBuilder(s.Length);
        var capitalizeNext = true;
        foreach (var c in s)
        {
            if (char.IsLetter(c))
            {
                sb.Append(capitalizeNext ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
                capitalizeNext = false;
            }
            else
            {
                sb.Append(c);
                if (c is '.' or '!' or '?')
                {
                    capitalizeNext = true;
                }
            }
        }

        return sb.ToString();
    }

    private static string ToSnakeCase(string s)
    {
        var sb = new StringBuilder(s.Length);
        var pendingSeparator = false;
        foreach (var c in s.Trim())
        {
            if (char.IsWhiteSpace(c) || c is '-' or '_')
            {
                pendingSeparator = sb.Length > 0;
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                continue;
            }

            if (pendingSeparator)
            {
                sb.Append('_');
                pendingSeparator = false;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    private static string ToTitleCase(string s)
    {
        var words = s.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (w.Length == 0 || (i > 0 && SmallWords.Contains(w)))
            {
                continue;
            }

            words[i] = char.ToUpperInvariant(w[0]) + w[1..];
        }

        return string.Join(' ', words);
    }

    /// <summary>n8n's string-to-DateTime: ISO, HTTP, RFC 2822, SQL, epoch milliseconds, then JavaScript's Date parsing.</summary>
    internal static LuxonDateTime ToDateTime(string s, ExpressionContext context, string? format = null)
    {
        var dt = LuxonDateTime.Parse(s, context.Execution, format);
        return dt.IsValid
            ? dt
            : throw Ext.Error($"toDateTime(): cannot convert \"{s}\" to a DateTime", format is null
                ? "Use an ISO 8601, HTTP, RFC 2822 or SQL date, or pass a Luxon format: toDateTime('dd/MM/yyyy')."
                : $"The text does not match the format \"{format}\".");
    }

    private static JsValue ToDate(string s, ExpressionContext context)
    {
        var settings = LuxonSettings.For(context.Execution);
        var time = JsDateParser.Parse(s, settings.DefaultZone);
        return double.IsNaN(time)
            ? throw Ext.Error($"toDate(): cannot convert \"{s}\" to a date")
            : JsValue.FromHost(new JsDate(time, settings));
    }
}
