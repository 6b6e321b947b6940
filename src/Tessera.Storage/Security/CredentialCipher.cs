using System.Security.Cryptography;
using System.Text;

namespace Tessera.Storage.Security;

/// <summary>
/// Seals and opens credential data with AES-256-GCM. Blob layout:
/// <c>[format version = 1][key id length][key id (ASCII)][nonce 12][tag 16][ciphertext]</c>.
/// A fresh random 96-bit nonce per seal. The associated data binds the blob to its credential id, so a blob copied
/// into another credential's row (another project's, say) fails to open instead of leaking.
/// </summary>
public sealed class CredentialCipher(EncryptionKeyRing keys)
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>The keys in use.</summary>
    public EncryptionKeyRing Keys { get; } = keys ?? throw new ArgumentNullException(nameof(keys));

    /// <summary>Seals <paramref name="plaintext"/> for the credential <paramref name="credentialId"/> under the current key.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string credentialId) => Seal(plaintext, credentialId, Keys.Current);

    /// <summary>Seals under a given key (used by key rotation).</summary>
    public static byte[] Seal(ReadOnlySpan<byte> plaintext, string credentialId, EncryptionKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(credentialId);
        ArgumentNullException.ThrowIfNull(key);
        var id = Encoding.ASCII.GetBytes(key.Id);
        var header = 2 + id.Length;
        var blob = new byte[header + NonceSize + TagSize + plaintext.Length];
        blob[0] = FormatVersion;
        blob[1] = (byte)id.Length;
        id.CopyTo(blob, 2);
        var nonce = blob.AsSpan(header, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var tag = blob.AsSpan(header + NonceSize, TagSize);
        var ciphertext = blob.AsSpan(header + NonceSize + TagSize);
        using var aes = new AesGcm(key.Material, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(credentialId));
        return blob;
    }

    /// <summary>The id of the key that sealed <paramref name="blob"/>.</summary>
    /// <exception cref="EncryptionKeyException">The blob is not in a format this Tessera knows.</exception>
    public static string KeyIdOf(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 2 || blob[0] != FormatVersion || blob.Length < 2 + blob[1] + NonceSize + TagSize)
        {
            throw new EncryptionKeyException(
                $"A stored credential is not in a known encrypted format (format byte {(blob.Length > 0 ? blob[0] : -1)}); it may be damaged or written by a newer Tessera.");
        }

        return Encoding.ASCII.GetString(blob.Slice(2, blob[1]));
    }

    /// <summary>Opens a blob sealed for <paramref name="credentialId"/>.</summary>
    /// <exception cref="EncryptionKeyException">No configured key sealed it, or it was altered or moved.</exception>
    public byte[] Open(ReadOnlySpan<byte> blob, string credentialId)
    {
        var keyId = KeyIdOf(blob);
        if (!Keys.TryGet(keyId, out var key))
        {
            throw new EncryptionKeyException(
                $"Credential {credentialId} was encrypted with key {keyId}, but the configured key is {Keys.Describe()}. "
                + "The key is wrong for this data: restore the TESSERA_ENCRYPTION_KEY or encryption.key file it was created with.");
        }

        var header = 2 + blob[1];
        var nonce = blob.Slice(header, NonceSize);
        var tag = blob.Slice(header + NonceSize, TagSize);
        var ciphertext = blob[(header + NonceSize + TagSize)..];
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key.Material, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(credentialId));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new EncryptionKeyException(
                $"Credential {credentialId} failed its integrity check under key {keyId}: the stored data was altered or copied from another credential. Re-enter the credential's secrets.",
                e);
        }
    }

    private static byte[] AssociatedData(string credentialId) => Encoding.UTF8.GetBytes("tessera-credential/v1:" + credentialId);
}
