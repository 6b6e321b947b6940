using System.Security.Cryptography;
using System.Text;

namespace Tessera.Storage.Security;

/// <summary>
/// A 256-bit AES key for credentials with a short public id (so a blob names the key that sealed it and keys can
/// rotate) and a description of where it came from (for error messages; never the key itself).
/// </summary>
public sealed class EncryptionKey
{
    /// <summary>Key length in bytes (AES-256).</summary>
    public const int Length = 32;

    // Fixed so the same passphrase always derives the same key; it separates Tessera's keys from other uses of the passphrase.
    private static readonly byte[] PassphraseSalt = Encoding.ASCII.GetBytes("tessera/credentials/v1");
    private static readonly byte[] PassphraseInfo = Encoding.ASCII.GetBytes("aes-256-gcm");
    private static readonly byte[] IdLabel = Encoding.ASCII.GetBytes("tessera-key-id/v1");

    private readonly byte[] _material;

    private EncryptionKey(byte[] material, string source)
    {
        _material = material;
        Source = source;
        // An HMAC under the key itself: stable, short, and says nothing about the key without it.
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(material, IdLabel).AsSpan(0, 8));
    }

    /// <summary>The key's public id (16 hex characters), written into every blob it seals.</summary>
    public string Id { get; }

    /// <summary>Where the key came from (an environment variable name or a file path), for messages.</summary>
    public string Source { get; }

    internal ReadOnlySpan<byte> Material => _material;

    /// <summary>
    /// A key from configuration text: base64 of exactly 32 bytes is used as is; anything else is treated as a
    /// passphrase and stretched with HKDF-SHA256 (use a long random passphrase: HKDF adds no work factor).
    /// </summary>
    /// <exception cref="EncryptionKeyException">The text is empty.</exception>
    public static EncryptionKey FromText(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new EncryptionKeyException($"The encryption key in {source} is empty. Set it to base64 of 32 random bytes (`openssl rand -base64 32`) or a long passphrase.");
        }

        var buffer = new byte[(trimmed.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(trimmed, buffer, out var written) && written == Length)
        {
            return new EncryptionKey(buffer[..Length], source);
        }

        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(trimmed), Length, PassphraseSalt, PassphraseInfo);
        return new EncryptionKey(derived, source);
    }

    /// <summary>A new random key.</summary>
    public static EncryptionKey Generate(string source) => new(RandomNumberGenerator.GetBytes(Length), source);

    /// <summary>The key as base64 (for writing a key file).</summary>
    internal string ToBase64() => Convert.ToBase64String(_material);

    /// <inheritdoc />
    public override string ToString() => $"encryption key {Id} from {Source}";
}
