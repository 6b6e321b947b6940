using System.Security.Cryptography;
using System.Text;

namespace Tessera.Server.Auth;

/// <summary>Random bearer secrets (session tokens, API keys) and the hashes they are stored as.</summary>
internal static class SecretTokens
{
    /// <summary>The start of every API key, so secret scanners and people recognise one.</summary>
    public const string ApiKeyPrefix = "tsk_";

    /// <summary>A 256-bit random token, base64url without padding.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new API key: <c>tsk_</c> plus a 256-bit random token.</summary>
    public static string NewApiKey() => ApiKeyPrefix + NewToken();

    /// <summary>The characters of a key shown in lists so people can tell keys apart.</summary>
    public static string DisplayPrefix(string key) => key[..Math.Min(key.Length, ApiKeyPrefix.Length + 6)];

    /// <summary>SHA-256 hex: tokens carry 256 bits of entropy, so a fast hash is enough (no salt or stretching needed).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
