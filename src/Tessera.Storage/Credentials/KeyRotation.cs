using Tessera.Storage.Security;

namespace Tessera.Storage.Credentials;

/// <summary>What a key rotation did.</summary>
/// <param name="Reencrypted">How many credentials were re-encrypted.</param>
/// <param name="OldKeyId">The key they were under.</param>
/// <param name="NewKeyId">The key they are under now.</param>
public sealed record KeyRotationResult(int Reencrypted, string OldKeyId, string NewKeyId);

/// <summary><c>tessera credentials rotate-key</c>: re-encrypts every credential under a new key in one transaction.</summary>
public static class KeyRotation
{
    /// <summary>
    /// Rotates the key file: writes the new key to <c>encryption.key.next</c> (0600), re-encrypts everything in one
    /// transaction, then replaces <c>encryption.key</c> with it. A crash at any point leaves data that opens: before the
    /// commit under the old key, after it under <c>encryption.key.next</c>, which the loader also reads.
    /// </summary>
    /// <exception cref="InvalidOperationException">The vault's key comes from the environment, not a key file.</exception>
    public static async Task<KeyRotationResult> RotateKeyFileAsync(CredentialVault vault, EncryptionKeySource source, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(source);
        var keyFile = source.KeyFilePath
            ?? throw new InvalidOperationException(
                $"The key comes from {EncryptionKeyLoader.KeyVariable}; rotate it with --new-key-env NAME (a variable holding the new key), then set {EncryptionKeyLoader.KeyVariable} to it.");
        var directory = Path.GetDirectoryName(keyFile)!;
        var nextPath = Path.Combine(directory, EncryptionKeyLoader.NextKeyFileName);
        var oldId = vault.Cipher.Keys.Current.Id;

        // A leftover from an interrupted rotation may still be what some rows are sealed with: reuse it, never overwrite it.
        var newKey = File.Exists(nextPath) ? EncryptionKeyLoader.ReadKeyFile(nextPath) : EncryptionKey.Generate(keyFile);
        if (!File.Exists(nextPath))
        {
            EncryptionKeyLoader.WriteKeyFile(nextPath, newKey);
        }

        var count = await vault.RotateKeyAsync(newKey, actor, cancellationToken).ConfigureAwait(false);
        File.Move(nextPath, keyFile, overwrite: true);
        return new KeyRotationResult(count, oldId, newKey.Id);
    }

    /// <summary>Rotates to a key the operator supplies (environment-variable deployments); they then switch the variable.</summary>
    public static async Task<KeyRotationResult> RotateToKeyAsync(CredentialVault vault, EncryptionKey newKey, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(newKey);
        var oldId = vault.Cipher.Keys.Current.Id;
        var count = await vault.RotateKeyAsync(newKey, actor, cancellationToken).ConfigureAwait(false);
        return new KeyRotationResult(count, oldId, newKey.Id);
    }
}
