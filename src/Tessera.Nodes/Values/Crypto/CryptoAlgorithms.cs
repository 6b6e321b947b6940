using System.Security.Cryptography;

namespace Tessera.Nodes.Values.Crypto;

/// <summary>Maps n8n's (Node.js) hash names to .NET implementations for hashing, HMAC and signing.</summary>
internal static class CryptoAlgorithms
{
    /// <summary>Hash type names the Hash and Hmac actions offer.</summary>
    public static readonly string[] HashTypes = ["MD5", "SHA1", "SHA256", "SHA3-256", "SHA384", "SHA3-384", "SHA512", "SHA3-512"];

    /// <summary>Hashes <paramref name="data"/> with the named algorithm (case-insensitive, with or without an <c>RSA-</c> prefix).</summary>
    public static byte[] Hash(string type, ReadOnlySpan<byte> data) => Normalize(type) switch
    {
        "MD4" => Md4.Hash(data),
        "MD5" => MD5.HashData(data),
        "SHA1" => SHA1.HashData(data),
        "SHA256" => SHA256.HashData(data),
        "SHA384" => SHA384.HashData(data),
        "SHA512" => SHA512.HashData(data),
        "SHA3-256" => RequireSha3(SHA3_256.IsSupported, type) ?? SHA3_256.HashData(data),
        "SHA3-384" => RequireSha3(SHA3_384.IsSupported, type) ?? SHA3_384.HashData(data),
        "SHA3-512" => RequireSha3(SHA3_512.IsSupported, type) ?? SHA3_512.HashData(data),
        _ => throw Unsupported(type),
    };

    /// <summary>HMAC of <paramref name="data"/> under <paramref name="key"/>.</summary>
    public static byte[] Hmac(string type, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => Normalize(type) switch
    {
        "MD5" => HMACMD5.HashData(key, data),
        "SHA1" => HMACSHA1.HashData(key, data),
        "SHA256" => HMACSHA256.HashData(key, data),
        "SHA384" => HMACSHA384.HashData(key, data),
        "SHA512" => HMACSHA512.HashData(key, data),
        "SHA3-256" => RequireSha3(HMACSHA3_256.IsSupported, type) ?? HMACSHA3_256.HashData(key, data),
        "SHA3-384" => RequireSha3(HMACSHA3_384.IsSupported, type) ?? HMACSHA3_384.HashData(key, data),
        "SHA3-512" => RequireSha3(HMACSHA3_512.IsSupported, type) ?? HMACSHA3_512.HashData(key, data),
        _ => throw Unsupported(type),
    };

    /// <summary>
    /// The DER <c>DigestInfo</c> prefix PKCS#1 v1.5 signatures put before the digest (RFC 8017 §9.2 note 1).
    /// Used for the algorithms the platform's RSA refuses (MD4) or handles inconsistently for small legacy keys.
    /// </summary>
    public static byte[] DigestInfoPrefix(string type) => Normalize(type) switch
    {
        "MD4" => [0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x04, 0x05, 0x00, 0x04, 0x10],
        "MD5" => [0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10],
        "SHA1" => [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14],
        "SHA256" => [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20],
        "SHA384" => [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30],
        "SHA512" => [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40],
        "SHA3-256" => [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x08, 0x05, 0x00, 0x04, 0x20],
        "SHA3-384" => [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x09, 0x05, 0x00, 0x04, 0x30],
        "SHA3-512" => [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0a, 0x05, 0x00, 0x04, 0x40],
        _ => throw Unsupported(type),
    };

    /// <summary>Upper-case name without an <c>RSA-</c> prefix, with Node's aliases (<c>sha3-256</c>, <c>RSA-SHA256</c>) folded.</summary>
    public static string Normalize(string type)
    {
        var t = type.Trim().ToUpperInvariant();
        if (t.StartsWith("RSA-", StringComparison.Ordinal))
        {
            t = t[4..];
        }

        return t switch
        {
            "SHA-1" => "SHA1",
            "SHA-256" => "SHA256",
            "SHA-384" => "SHA384",
            "SHA-512" => "SHA512",
            _ => t,
        };
    }

    private static byte[]? RequireSha3(bool supported, string type) =>
        supported ? null : throw new PlatformNotSupportedException($"{type} is not supported by this machine's cryptography library.");

    private static ArgumentException Unsupported(string type) =>
        new($"The algorithm '{type}' is not supported. Use one of MD5, SHA1, SHA256, SHA384, SHA512, SHA3-256, SHA3-384, SHA3-512.", nameof(type));
}
