using System.Text;
using System.Text.Json;
using Tessera.Engine.Data;
using Tessera.Storage.Audit;
using Tessera.Storage.Security;

namespace Tessera.Storage.Credentials;

/// <summary>
/// The credentials vault: validates credential data against its type, seals it with AES-256-GCM before it reaches the
/// store, opens it only for the engine (<see cref="VaultCredentialProvider"/>), and records every change in the audit
/// log. Nothing it returns to callers other than <see cref="OpenDataAsync"/> holds a secret.
/// </summary>
public sealed class CredentialVault
{
    private readonly ICredentialStore _store;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;

    /// <summary>Creates a vault over a store, a cipher and the audit log.</summary>
    public CredentialVault(ICredentialStore store, CredentialCipher cipher, IAuditLog audit, TimeProvider? time = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        Cipher = cipher ?? throw new ArgumentNullException(nameof(cipher));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The cipher (and through it the key ring) in use.</summary>
    public CredentialCipher Cipher { get; }

    /// <summary>
    /// Opens the vault of <paramref name="storage"/> with <paramref name="keys"/>, after checking that the keys can open
    /// every stored credential.
    /// </summary>
    /// <exception cref="EncryptionKeyException">Stored credentials were sealed with a key the ring lacks.</exception>
    public static async Task<CredentialVault> OpenAsync(TesseraStorage storage, EncryptionKeyRing keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var vault = new CredentialVault(storage.Credentials, new CredentialCipher(keys), storage.Audit, storage.Time);
        await vault.CheckKeysAsync(cancellationToken).ConfigureAwait(false);
        return vault;
    }

    /// <summary>Fails when stored credentials were sealed with keys the ring does not hold (a wrong or lost key).</summary>
    /// <exception cref="EncryptionKeyException">The message names the missing key ids and the configured ones.</exception>
    public async Task CheckKeysAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.ListKeyIdsAsync(cancellationToken).ConfigureAwait(false);
        var missing = stored.Where(id => !Cipher.Keys.TryGet(id, out _)).ToList();
        if (missing.Count > 0)
        {
            throw new EncryptionKeyException(
                $"The encryption key is wrong for the stored credentials: they were encrypted with key {string.Join(", ", missing)}, "
                + $"but the configured key is {Cipher.Keys.Describe()}. Restore the original {EncryptionKeyLoader.KeyVariable} or "
                + $"{EncryptionKeyLoader.KeyFileName} file (keep a backup of it with your database backups); Tessera will not start with a key that cannot open them.");
        }
    }

    /// <summary>Creates a credential in a project.</summary>
    /// <exception cref="CredentialValidationException">The type is unknown, the name is empty, or the data does not fit the type.</exception>
    /// <exception cref="CredentialConflictException">The project already has a credential of that type and name.</exception>
    public async Task<CredentialInfo> CreateAsync(string projectId, string name, string type, JsObject data, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<CredentialProblem>();
        var description = CheckTypeAndName(type, name, problems);
        var clean = CredentialData.WithoutEmpty(data);
        if (description is not null)
        {
            problems.AddRange(CredentialData.Validate(description, clean));
            problems.AddRange(CredentialData.SystemFieldsSet(description, clean));
        }

        if (problems.Count > 0)
        {
            throw new CredentialValidationException(problems);
        }

        var now = SqlNow();
        var info = new CredentialInfo
        {
            Id = Guid.NewGuid().ToString("N"),
            ProjectId = projectId,
            Name = name.Trim(),
            Type = type,
            FieldNames = CredentialData.FieldNames(clean),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _store.CreateAsync(Seal(info, clean), cancellationToken).ConfigureAwait(false);
        await _audit.AppendAsync(new AuditRecord(actor, AuditActions.CredentialCreated, info.Id, projectId, Details(info)), cancellationToken).ConfigureAwait(false);
        return info;
    }

    /// <summary>The public part of a credential, or null.</summary>
    public async Task<CredentialInfo?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await _store.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Info;

    /// <summary>Lists credentials (public parts only).</summary>
    public Task<CredentialPage> ListAsync(CredentialQuery query, CancellationToken cancellationToken) => _store.ListAsync(query, cancellationToken);

    /// <summary>
    /// Renames a credential and/or changes its data. Fields of <paramref name="data"/> left out, null or empty keep
    /// their stored value. Returns null when the credential does not exist.
    /// </summary>
    /// <exception cref="CredentialValidationException">The name is empty or the merged data does not fit the type.</exception>
    /// <exception cref="CredentialConflictException">The new name is taken.</exception>
    public async Task<CredentialInfo?> UpdateAsync(string id, string? name, JsObject? data, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var written = await ReplaceAsync(id, stored =>
        {
            var problems = new List<CredentialProblem>();
            var description = CheckTypeAndName(stored.Info.Type, name ?? stored.Info.Name, problems);
            var before = Open(stored);
            var merged = CredentialData.Merge(before, data);
            if (description is not null)
            {
                problems.AddRange(CredentialData.Validate(description, merged));
                problems.AddRange(CredentialData.SystemFieldsSet(description, data));
            }

            if (CredentialData.InvalidatesOAuth2Token(stored.Info.Type, before, merged))
            {
                merged.Remove(CredentialTypeCatalog.OAuth2TokenDataField);
            }

            if (problems.Count > 0)
            {
                throw new CredentialValidationException(problems);
            }

            var info = stored.Info with
            {
                Name = (name ?? stored.Info.Name).Trim(),
                FieldNames = CredentialData.FieldNames(merged),
                UpdatedAt = SqlNow(),
            };
            return (info, merged);
        }, cancellationToken).ConfigureAwait(false);
        if (written is not { } result)
        {
            return null;
        }

        var (info, stored) = result;

        var changed = data is null ? [] : CredentialData.FieldNames(CredentialData.WithoutEmpty(data));
        await _audit.AppendAsync(
            new AuditRecord(actor, AuditActions.CredentialUpdated, id, info.ProjectId, Details(info, ("renamedFrom", name is not null && name.Trim() != stored.Info.Name ? stored.Info.Name : null), changedFields: changed)),
            cancellationToken).ConfigureAwait(false);
        return info;
    }

    /// <summary>
    /// Stores the token data of an <c>oAuth2Api</c> credential (n8n's <c>oauthTokenData</c>), sealed like the rest of
    /// its data. Refreshes by the engine pass no <paramref name="auditActor"/> (they would flood the log); connecting
    /// through the authorization-code flow does, and is recorded as a <c>credential.updated</c> with
    /// <c>oauth: connected</c>. Returns null when the credential does not exist.
    /// </summary>
    /// <exception cref="ArgumentException">The credential is not of type <c>oAuth2Api</c>.</exception>
    public async Task<CredentialInfo?> SaveOAuth2TokenAsync(string id, JsObject tokenData, string? auditActor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenData);
        var written = await ReplaceAsync(id, stored =>
        {
            if (stored.Info.Type != "oAuth2Api")
            {
                throw new ArgumentException($"Credential {id} is a {stored.Info.Type} credential; only oAuth2Api credentials hold OAuth2 tokens.", nameof(id));
            }

            var data = Open(stored);
            data[CredentialTypeCatalog.OAuth2TokenDataField] = tokenData;
            return (stored.Info with { FieldNames = CredentialData.FieldNames(data), UpdatedAt = SqlNow() }, data);
        }, cancellationToken).ConfigureAwait(false);
        if (written is not { Info: var info })
        {
            return null;
        }

        if (auditActor is not null)
        {
            await _audit.AppendAsync(
                new AuditRecord(auditActor, AuditActions.CredentialUpdated, id, info.ProjectId, Details(info, ("oauth", "connected"), [CredentialTypeCatalog.OAuth2TokenDataField])),
                cancellationToken).ConfigureAwait(false);
        }

        return info;
    }

    /// <summary>Deletes a credential; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string id, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var stored = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null || !await _store.DeleteAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await _audit.AppendAsync(new AuditRecord(actor, AuditActions.CredentialDeleted, id, stored.Info.ProjectId, Details(stored.Info)), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The decrypted data of a credential, for the engine only (<see cref="VaultCredentialProvider"/>) and the
    /// credential test. Never return it to a user, log it or put it in items.
    /// </summary>
    /// <exception cref="EncryptionKeyException">The data cannot be opened with the configured keys.</exception>
    public async Task<(CredentialInfo Info, JsObject Data)?> OpenDataAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : (stored.Info, Open(stored));
    }

    /// <summary>Finds a project's credential of a type by name (how imported n8n workflows, whose ids differ, find theirs).</summary>
    public async Task<CredentialInfo?> FindByNameAsync(string projectId, string type, string name, CancellationToken cancellationToken) =>
        (await _store.FindByNameAsync(projectId, type, name, cancellationToken).ConfigureAwait(false))?.Info;

    /// <summary>
    /// Re-encrypts every credential under <paramref name="newKey"/> in one transaction and records it. The vault keeps
    /// using its old ring afterwards: callers switch the configured key (and reopen) once this returns.
    /// </summary>
    public async Task<int> RotateKeyAsync(EncryptionKey newKey, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newKey);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var count = await _store.ResealAllAsync(
            row => (CredentialCipher.Seal(Cipher.Open(row.Data, row.Info.Id), row.Info.Id, newKey), newKey.Id),
            cancellationToken).ConfigureAwait(false);
        var details = JsonSerializer.Serialize(new { fromKey = Cipher.Keys.Current.Id, toKey = newKey.Id, credentials = count });
        await _audit.AppendAsync(new AuditRecord(actor, AuditActions.CredentialsKeyRotated, null, null, details), cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static CredentialTypeDescription? CheckTypeAndName(string type, string name, List<CredentialProblem> problems)
    {
        var description = CredentialTypeCatalog.Find(type ?? string.Empty);
        if (description is null)
        {
            problems.Add(new("type", $"Unknown credential type '{type}'; use one of {string.Join(", ", CredentialTypeCatalog.All.Select(t => t.Name))}."));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new("name", "The credential needs a name."));
        }
        else if (name.Trim().Length > 200)
        {
            problems.Add(new("name", "The name is longer than 200 characters."));
        }

        return description;
    }

    private static string Details(CredentialInfo info, (string Key, string? Value) extra = default, IReadOnlyList<string>? changedFields = null)
    {
        var details = new Dictionary<string, object?> { ["type"] = info.Type, ["name"] = info.Name };
        if (extra.Key is not null && extra.Value is not null)
        {
            details[extra.Key] = extra.Value;
        }

        if (changedFields is { Count: > 0 })
        {
            details["changedFields"] = changedFields;
        }

        return JsonSerializer.Serialize(details);
    }

    private EncryptedCredential Seal(CredentialInfo info, JsObject data)
    {
        var plaintext = Encoding.UTF8.GetBytes(JsonCodec.Serialize(data));
        try
        {
            return new EncryptedCredential(info, Cipher.Seal(plaintext, info.Id), Cipher.Keys.Current.Id);
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    private JsObject Open(EncryptedCredential stored)
    {
        var plaintext = Cipher.Open(stored.Data, stored.Info.Id);
        try
        {
            return JsonCodec.Parse(plaintext).TryGetObject() ?? new JsObject();
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    /// <summary>
    /// Read, change, compare-and-swap: <paramref name="change"/> builds the new state from the stored one, and the write
    /// only lands if nobody wrote in between; otherwise it starts again from a fresh read. So a user's edit and an
    /// OAuth2 token refresh that race never drop each other's change. Null when the credential does not exist.
    /// </summary>
    private async Task<(CredentialInfo Info, EncryptedCredential Before)?> ReplaceAsync(
        string id, Func<EncryptedCredential, (CredentialInfo Info, JsObject Data)> change, CancellationToken cancellationToken)
    {
        const int attempts = 10;
        for (var attempt = 1; ; attempt++)
        {
            var stored = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return null;
            }

            var (info, data) = change(stored);
            if (await _store.UpdateAsync(Seal(info, data), stored.Data, cancellationToken).ConfigureAwait(false))
            {
                return (info, stored);
            }

            if (attempt == attempts)
            {
                throw new InvalidOperationException($"Credential {id} kept changing while it was being saved ({attempts} attempts); try again.");
            }
        }
    }

    private DateTimeOffset SqlNow()
    {
        var now = _time.GetUtcNow().ToUniversalTime();
        return new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
    }
}
