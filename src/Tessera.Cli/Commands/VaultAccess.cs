using Tessera.Storage;
using Tessera.Storage.Credentials;
using Tessera.Storage.Migrations;
using Tessera.Storage.Security;

namespace Tessera.Cli.Commands;

/// <summary>Opens storage and the vault for the audit and credentials commands, turning setup problems into one clear line.</summary>
internal static class VaultAccess
{
    /// <summary>Opens storage, or writes the problem to stderr and returns null.</summary>
    public static async Task<TesseraStorage?> OpenAsync(TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await TesseraStorage.OpenFromEnvironmentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StorageVersionException or InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException
            || e is System.Data.Common.DbException)
        {
            await error.WriteLineAsync("error: cannot open Tessera's storage: " + e.Message).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Loads the key and opens the vault (checking the key against stored data), or writes the problem and returns null.</summary>
    public static async Task<(CredentialVault Vault, EncryptionKeySource Source)?> OpenVaultAsync(TesseraStorage storage, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var source = EncryptionKeyLoader.Load(storage.Options.DataDirectory);
            var vault = await CredentialVault.OpenAsync(storage, source.Keys, cancellationToken).ConfigureAwait(false);
            return (vault, source);
        }
        catch (EncryptionKeyException e)
        {
            await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return null;
        }
    }
}
