namespace Tessera.Storage.Credentials;

/// <summary>
/// Encrypted credential rows. The store never sees plaintext: <see cref="CredentialVault"/> seals and opens the data.
/// </summary>
public interface ICredentialStore
{
    /// <summary>Inserts a credential.</summary>
    /// <exception cref="CredentialConflictException">The project already has a credential of that type and name.</exception>
    Task CreateAsync(EncryptedCredential credential, CancellationToken cancellationToken);

    /// <summary>The credential with this id, or null.</summary>
    Task<EncryptedCredential?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The project's credential of this type and name, or null.</summary>
    Task<EncryptedCredential?> FindByNameAsync(string projectId, string type, string name, CancellationToken cancellationToken);

    /// <summary>Lists credentials (public parts only), oldest first, with keyset paging.</summary>
    Task<CredentialPage> ListAsync(CredentialQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the name, field names, data and updated time of a credential if its sealed data is still
    /// <paramref name="expectedData"/> (compare-and-swap: every seal has a fresh nonce, so the bytes identify one write);
    /// false when it does not exist or was changed since it was read.
    /// </summary>
    /// <exception cref="CredentialConflictException">The new name is taken in the project.</exception>
    Task<bool> UpdateAsync(EncryptedCredential credential, byte[] expectedData, CancellationToken cancellationToken);

    /// <summary>Deletes a credential; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>The ids of the keys that sealed the stored credentials.</summary>
    Task<IReadOnlyCollection<string>> ListKeyIdsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Rewrites every credential's data in one transaction (key rotation): <paramref name="reseal"/> gets each row and
    /// returns its new blob and key id. If it throws, nothing changes. Returns how many rows were rewritten.
    /// </summary>
    Task<int> ResealAllAsync(Func<EncryptedCredential, (byte[] Data, string KeyId)> reseal, CancellationToken cancellationToken);
}
