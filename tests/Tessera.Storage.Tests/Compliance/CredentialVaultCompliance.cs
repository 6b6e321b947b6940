using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Workflows;
using Tessera.Storage.Audit;
using Tessera.Storage.Credentials;
using Tessera.Storage.Security;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>The credentials vault over each backend: sealed at rest, validated, audited, scoped to its project.</summary>
public abstract class CredentialVaultCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    private const string Secret = "s3cr3t-Zebra-Quartz-4711";
    private readonly EncryptionKeyRing _keys = new(EncryptionKey.Generate("test"));

    private CredentialVault Vault => new(Storage.Credentials, new CredentialCipher(_keys), Storage.Audit, Time);

    private static JsObject Basic(string user = "alice", string password = Secret) => new() { ["user"] = user, ["password"] = password };

    private static WorkflowNode NodeUsing(string type, string? id, string? name) => new()
    {
        Name = "HTTP",
        Type = "n8n-nodes-base.httpRequest",
        Credentials = new JsObject { [type] = new JsObject { ["id"] = id, ["name"] = name } },
    };

    [StoreFact]
    public async Task CreateAsync_StoresSealedDataAndShowsOnlyFieldNames()
    {
        var info = await Vault.CreateAsync("p1", "Basic A", "httpBasicAuth", Basic(), "user:1", Ct);

        var raw = (byte[])(await Target.ScalarAsync($"SELECT data FROM credentials WHERE id = '{info.Id}'"))!;
        var opened = await Vault.OpenDataAsync(info.Id, Ct);

        Assert.Equal(["user", "password"], info.FieldNames);
        var got = await Vault.GetAsync(info.Id, Ct);
        Assert.Equal(info with { FieldNames = [] }, got! with { FieldNames = [] });
        Assert.Equal(info.FieldNames, got.FieldNames);
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        Assert.DoesNotContain("alice", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        Assert.Equal(_keys.Current.Id, CredentialCipher.KeyIdOf(raw));
        Assert.Equal(Secret, opened!.Value.Data["password"].AsString());
    }

    [StoreFact]
    public async Task CreateAsync_SameSecretTwice_UsesDifferentNonces()
    {
        var a = await Vault.CreateAsync("p1", "A", "httpBearerAuth", new JsObject { ["token"] = Secret }, "u", Ct);
        var b = await Vault.CreateAsync("p1", "B", "httpBearerAuth", new JsObject { ["token"] = Secret }, "u", Ct);

        var rawA = (byte[])(await Target.ScalarAsync($"SELECT data FROM credentials WHERE id = '{a.Id}'"))!;
        var rawB = (byte[])(await Target.ScalarAsync($"SELECT data FROM credentials WHERE id = '{b.Id}'"))!;

        Assert.NotEqual(Convert.ToHexString(rawA), Convert.ToHexString(rawB));
    }

    [StoreFact]
    public async Task CreateAsync_InvalidInput_ReportsEveryProblem()
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            Vault.CreateAsync("p1", " ", "httpBasicAuth", new JsObject { ["user"] = "a", ["pasword"] = "x" }, "u", Ct));
        var unknownType = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            Vault.CreateAsync("p1", "n", "nope", new JsObject(), "u", Ct));

        Assert.Equal(["name", "data.pasword", "data.password"], ex.Problems.Select(p => p.Path));
        Assert.Contains("httpBasicAuth", unknownType.Problems.Single().Message);
        Assert.Empty((await Vault.ListAsync(new CredentialQuery(), Ct)).Items);
    }

    [StoreFact]
    public async Task CreateAsync_DuplicateNameInProject_ThrowsConflict()
    {
        await Vault.CreateAsync("p1", "Same", "httpBasicAuth", Basic(), "u", Ct);

        await Assert.ThrowsAsync<CredentialConflictException>(() => Vault.CreateAsync("p1", "Same", "httpBasicAuth", Basic(), "u", Ct));
        await Vault.CreateAsync("p2", "Same", "httpBasicAuth", Basic(), "u", Ct);
    }

    [StoreFact]
    public async Task ListAsync_FiltersByProjectAndPages()
    {
        for (var i = 0; i < 5; i++)
        {
            await Vault.CreateAsync(i < 4 ? "p1" : "p2", "C" + i, "httpBasicAuth", Basic(), "u", Ct);
        }

        var first = await Vault.ListAsync(new CredentialQuery { ProjectId = "p1", Limit = 3 }, Ct);
        var second = await Vault.ListAsync(new CredentialQuery { ProjectId = "p1", Limit = 3, Cursor = first.NextCursor }, Ct);

        Assert.Equal(["C0", "C1", "C2"], first.Items.Select(c => c.Name));
        Assert.Equal(["C3"], second.Items.Select(c => c.Name));
        Assert.Null(second.NextCursor);
    }

    [StoreFact]
    public async Task UpdateAsync_EmptyFieldsKeepStoredSecrets()
    {
        var info = await Vault.CreateAsync("p1", "A", "httpBasicAuth", Basic(), "u", Ct);
        Time.Advance(TimeSpan.FromMinutes(1));

        var updated = await Vault.UpdateAsync(info.Id, "Renamed", new JsObject { ["user"] = "bob", ["password"] = "" }, "u", Ct);
        var data = (await Vault.OpenDataAsync(info.Id, Ct))!.Value.Data;

        Assert.Equal("Renamed", updated!.Name);
        Assert.Equal(info.CreatedAt, updated.CreatedAt);
        Assert.True(updated.UpdatedAt > info.UpdatedAt);
        Assert.Equal("bob", data["user"].AsString());
        Assert.Equal(Secret, data["password"].AsString());
        Assert.Null(await Vault.UpdateAsync("missing", "x", null, "u", Ct));
    }

    [StoreFact]
    public async Task DeleteAsync_RemovesAndAuditsEveryChange()
    {
        var info = await Vault.CreateAsync("p1", "A", "httpBasicAuth", Basic(), "user:7", Ct);
        await Vault.UpdateAsync(info.Id, null, new JsObject { ["password"] = "other-" + Secret }, "user:7", Ct);

        Assert.True(await Vault.DeleteAsync(info.Id, "user:7", Ct));
        Assert.False(await Vault.DeleteAsync(info.Id, "user:7", Ct));
        Assert.Null(await Vault.GetAsync(info.Id, Ct));

        var entries = (await Storage.Audit.ListAsync(new AuditQuery { Target = info.Id }, Ct)).Items;
        Assert.Equal(["credential.deleted", "credential.updated", "credential.created"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("user:7", e.Actor));
        Assert.All(entries, e => Assert.DoesNotContain(Secret, e.DetailsJson, StringComparison.Ordinal));
        Assert.Contains("\"changedFields\":[\"password\"]", entries[1].DetailsJson);
    }

    [StoreFact]
    public async Task CheckKeysAsync_WrongKey_ThrowsClearError()
    {
        await Vault.CreateAsync("p1", "A", "httpBasicAuth", Basic(), "u", Ct);
        var wrong = new CredentialVault(Storage.Credentials, new CredentialCipher(new EncryptionKeyRing(EncryptionKey.FromText("another passphrase", "TESSERA_ENCRYPTION_KEY"))), Storage.Audit, Time);

        var ex = await Assert.ThrowsAsync<EncryptionKeyException>(() => wrong.CheckKeysAsync(Ct));

        Assert.Contains("wrong for the stored credentials", ex.Message);
        Assert.Contains(_keys.Current.Id, ex.Message);
        Assert.Contains("TESSERA_ENCRYPTION_KEY", ex.Message);
        await Vault.CheckKeysAsync(Ct);
    }

    [StoreFact]
    public async Task OpenDataAsync_BlobMovedToAnotherCredential_FailsIntegrityCheck()
    {
        var a = await Vault.CreateAsync("p1", "A", "httpBasicAuth", Basic(), "u", Ct);
        var b = await Vault.CreateAsync("p2", "B", "httpBasicAuth", Basic("x", "y"), "u", Ct);

        await Target.ScalarAsync($"UPDATE credentials SET data = (SELECT data FROM credentials WHERE id = '{a.Id}') WHERE id = '{b.Id}'");

        var ex = await Assert.ThrowsAsync<EncryptionKeyException>(() => Vault.OpenDataAsync(b.Id, Ct));
        Assert.Contains(b.Id, ex.Message);
    }

    [StoreFact]
    public async Task RotateKeyAsync_ReencryptsEverythingUnderTheNewKey()
    {
        var a = await Vault.CreateAsync("p1", "A", "httpBasicAuth", Basic(), "u", Ct);
        await Vault.CreateAsync("p1", "B", "httpBearerAuth", new JsObject { ["token"] = "t" }, "u", Ct);
        var newKey = EncryptionKey.Generate("new");

        var count = await Vault.RotateKeyAsync(newKey, "cli", Ct);
        var rotated = new CredentialVault(Storage.Credentials, new CredentialCipher(new EncryptionKeyRing(newKey)), Storage.Audit, Time);

        Assert.Equal(2, count);
        await rotated.CheckKeysAsync(Ct);
        Assert.Equal(Secret, (await rotated.OpenDataAsync(a.Id, Ct))!.Value.Data["password"].AsString());
        await Assert.ThrowsAsync<EncryptionKeyException>(() => Vault.CheckKeysAsync(Ct));
        Assert.Single((await Storage.Audit.ListAsync(new AuditQuery { Action = AuditActions.CredentialsKeyRotated }, Ct)).Items);
    }

    [StoreFact]
    public async Task ProviderGetAsync_ById_ReturnsDataAndAuditsOncePerNode()
    {
        var info = await Vault.CreateAsync("p1", "A", "httpBasicAuth", Basic(), "u", Ct);
        var provider = new VaultCredentialProvider(Vault, Storage.Audit);
        var node = NodeUsing("httpBasicAuth", info.Id, "whatever");

        JsObject? first, second;
        using (CredentialScope.Enter(new CredentialScope("p1", "wf1", "ex1")))
        {
            first = await provider.GetAsync(node, "httpBasicAuth", Ct);
            second = await provider.GetAsync(node, "httpBasicAuth", Ct);
        }

        Assert.Equal(Secret, first!["password"].AsString());
        Assert.NotNull(second);
        var used = Assert.Single((await Storage.Audit.ListAsync(new AuditQuery { Action = AuditActions.CredentialUsed }, Ct)).Items);
        Assert.Equal("execution:ex1", used.Actor);
        Assert.Equal(info.Id, used.Target);
        Assert.Contains("\"workflowId\":\"wf1\"", used.DetailsJson);
        Assert.DoesNotContain(Secret, used.DetailsJson, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task ProviderGetAsync_UnknownIdButKnownName_FindsByName()
    {
        await Vault.CreateAsync("p1", "JWT Auth account", "jwtAuth", new JsObject { ["secret"] = Secret }, "u", Ct);
        var provider = new VaultCredentialProvider(Vault, Storage.Audit);

        using var scope = CredentialScope.Enter(new CredentialScope("p1"));
        var data = await provider.GetAsync(NodeUsing("jwtAuth", "kDnfvqrCBJvtlX3o", "JWT Auth account"), "jwtAuth", Ct);

        Assert.Equal(Secret, data!["secret"].AsString());
    }

    [StoreFact]
    public async Task ProviderGetAsync_OtherProjectsCredential_IsNotFound()
    {
        var info = await Vault.CreateAsync("p2", "A", "httpBasicAuth", Basic(), "u", Ct);
        var provider = new VaultCredentialProvider(Vault, Storage.Audit);

        using var scope = CredentialScope.Enter(new CredentialScope("p1"));

        Assert.Null(await provider.GetAsync(NodeUsing("httpBasicAuth", info.Id, "A"), "httpBasicAuth", Ct));
        Assert.Null(await provider.GetAsync(NodeUsing("httpHeaderAuth", info.Id, "A"), "httpHeaderAuth", Ct));
        Assert.Empty((await Storage.Audit.ListAsync(new AuditQuery { Action = AuditActions.CredentialUsed }, Ct)).Items);
    }

    [StoreFact]
    public async Task ProviderGetAsync_WithoutScope_Refuses()
    {
        var info = await Vault.CreateAsync("p1", "A", "httpBasicAuth", Basic(), "u", Ct);
        var provider = new VaultCredentialProvider(Vault, Storage.Audit);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetAsync(NodeUsing("httpBasicAuth", info.Id, "A"), "httpBasicAuth", Ct).AsTask());

        Assert.Contains("CredentialScope", ex.Message);
    }

    private static JsObject OAuth2(string grantType = "clientCredentials") => new()
    {
        ["grantType"] = grantType,
        ["accessTokenUrl"] = "https://provider.example/token",
        ["clientId"] = "client",
        ["clientSecret"] = Secret,
    };

    [StoreFact]
    public async Task CreateAsync_OAuth2_ChecksFieldsPerGrantAndRefusesTokenData()
    {
        var noSecretNoAuthUrl = new JsObject { ["grantType"] = "authorizationCode", ["accessTokenUrl"] = "ftp://x", ["clientId"] = "c" };
        var forged = OAuth2();
        forged["oauthTokenData"] = new JsObject { ["access_token"] = "forged" };
        var pkce = new JsObject { ["grantType"] = "pkce", ["authUrl"] = "https://p.example/auth", ["accessTokenUrl"] = "https://p.example/token", ["clientId"] = "c" };

        var invalid = await Assert.ThrowsAsync<CredentialValidationException>(() => Vault.CreateAsync("p1", "A", "oAuth2Api", noSecretNoAuthUrl, "u", Ct));
        var refused = await Assert.ThrowsAsync<CredentialValidationException>(() => Vault.CreateAsync("p1", "B", "oAuth2Api", forged, "u", Ct));
        var created = await Vault.CreateAsync("p1", "C", "oAuth2Api", pkce, "u", Ct);

        Assert.Equal(["data.clientSecret", "data.authUrl", "data.accessTokenUrl"], invalid.Problems.Select(p => p.Path));
        Assert.Equal(["data.oauthTokenData"], refused.Problems.Select(p => p.Path));
        Assert.DoesNotContain("clientSecret", created.FieldNames);
    }

    [StoreFact]
    public async Task SaveOAuth2TokenAsync_SealsTokenShowsFieldNameAndAuditsOnlyConnects()
    {
        var info = await Vault.CreateAsync("p1", "OAuth", "oAuth2Api", OAuth2(), "u", Ct);
        var token = new JsObject { ["access_token"] = "AT-" + Secret, ["refresh_token"] = "RT-" + Secret };

        var refreshed = await Vault.SaveOAuth2TokenAsync(info.Id, token, auditActor: null, Ct);
        var connected = await Vault.SaveOAuth2TokenAsync(info.Id, token, auditActor: "user:1", Ct);
        var raw = (byte[])(await Target.ScalarAsync($"SELECT data FROM credentials WHERE id = '{info.Id}'"))!;
        var opened = await Vault.OpenDataAsync(info.Id, Ct);

        Assert.Contains("oauthTokenData", refreshed!.FieldNames);
        Assert.NotNull(connected);
        Assert.DoesNotContain("AT-" + Secret, Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        Assert.Equal("AT-" + Secret, opened!.Value.Data["oauthTokenData"]["access_token"].AsString());
        var updates = (await Storage.Audit.ListAsync(new AuditQuery { Target = info.Id, Action = AuditActions.CredentialUpdated }, Ct)).Items;
        var entry = Assert.Single(updates);
        Assert.Contains("connected", entry.DetailsJson);
        Assert.DoesNotContain(Secret, entry.DetailsJson, StringComparison.Ordinal);
        Assert.Null(await Vault.SaveOAuth2TokenAsync("missing", token, null, Ct));
        var basic = await Vault.CreateAsync("p1", "Basic", "httpBasicAuth", Basic(), "u", Ct);
        await Assert.ThrowsAsync<ArgumentException>(() => Vault.SaveOAuth2TokenAsync(basic.Id, token, null, Ct));
    }

    [StoreFact]
    public async Task UpdateAsync_OAuth2ClientChanged_DropsTokenButRenameKeepsIt()
    {
        var info = await Vault.CreateAsync("p1", "OAuth", "oAuth2Api", OAuth2(), "u", Ct);
        await Vault.SaveOAuth2TokenAsync(info.Id, new JsObject { ["access_token"] = "t" }, null, Ct);

        var renamed = await Vault.UpdateAsync(info.Id, "Renamed", new JsObject { ["clientSecret"] = "" }, "u", Ct);
        var changed = await Vault.UpdateAsync(info.Id, null, new JsObject { ["clientId"] = "other" }, "u", Ct);

        Assert.Contains("oauthTokenData", renamed!.FieldNames);
        Assert.DoesNotContain("oauthTokenData", changed!.FieldNames);
    }

    [StoreFact]
    public async Task ProviderSaveOAuth2TokenAsync_WritesTheNodesCredentialInScopeOnly()
    {
        var mine = await Vault.CreateAsync("p1", "OAuth", "oAuth2Api", OAuth2(), "u", Ct);
        var theirs = await Vault.CreateAsync("p2", "OAuth", "oAuth2Api", OAuth2(), "u", Ct);
        var provider = new VaultCredentialProvider(Vault, Storage.Audit);
        var token = new JsObject { ["access_token"] = "t" };

        bool savedMine, savedTheirs;
        using (CredentialScope.Enter(new CredentialScope("p1")))
        {
            savedMine = await provider.SaveOAuth2TokenAsync(NodeUsing("oAuth2Api", mine.Id, null), "oAuth2Api", token, Ct);
            savedTheirs = await provider.SaveOAuth2TokenAsync(NodeUsing("oAuth2Api", theirs.Id, null), "oAuth2Api", token, Ct);
        }

        Assert.True(savedMine);
        Assert.False(savedTheirs);
        Assert.Contains("oauthTokenData", (await Vault.GetAsync(mine.Id, Ct))!.FieldNames);
        Assert.DoesNotContain("oauthTokenData", (await Vault.GetAsync(theirs.Id, Ct))!.FieldNames);
    }

    [StoreFact]
    public async Task UpdateAsync_TokenRefreshLandsBetweenReadAndWrite_KeepsBothChanges()
    {
        var info = await Vault.CreateAsync("p1", "OAuth", "oAuth2Api", OAuth2(), "u", Ct);
        var racing = new InterleavingStore(Storage.Credentials);
        var vault = new CredentialVault(racing, new CredentialCipher(_keys), Storage.Audit, Time);
        racing.BeforeFirstUpdate = () => Vault.SaveOAuth2TokenAsync(info.Id, new JsObject { ["access_token"] = "fresh" }, null, Ct);

        var renamed = await vault.UpdateAsync(info.Id, "Renamed", null, "u", Ct);
        var opened = await Vault.OpenDataAsync(info.Id, Ct);

        Assert.Equal(2, racing.Updates);
        Assert.Equal("Renamed", renamed!.Name);
        Assert.Equal("Renamed", (await Vault.GetAsync(info.Id, Ct))!.Name);
        Assert.Equal("fresh", opened!.Value.Data["oauthTokenData"]["access_token"].AsString());
    }

    [StoreFact]
    public async Task SaveOAuth2TokenAsync_UserEditLandsBetweenReadAndWrite_KeepsTheEdit()
    {
        var info = await Vault.CreateAsync("p1", "OAuth", "oAuth2Api", OAuth2(), "u", Ct);
        var racing = new InterleavingStore(Storage.Credentials);
        var vault = new CredentialVault(racing, new CredentialCipher(_keys), Storage.Audit, Time);
        racing.BeforeFirstUpdate = () => Vault.UpdateAsync(info.Id, null, new JsObject { ["scope"] = "read write" }, "u", Ct);

        await vault.SaveOAuth2TokenAsync(info.Id, new JsObject { ["access_token"] = "fresh" }, null, Ct);
        var opened = await Vault.OpenDataAsync(info.Id, Ct);

        Assert.Equal(2, racing.Updates);
        Assert.Equal("read write", opened!.Value.Data["scope"].AsString());
        Assert.Equal("fresh", opened.Value.Data["oauthTokenData"]["access_token"].AsString());
    }

    /// <summary>The real store, with another writer slipping in between the vault's read and its first write.</summary>
    private sealed class InterleavingStore(ICredentialStore inner) : ICredentialStore
    {
        public Func<Task>? BeforeFirstUpdate { get; set; }

        public int Updates { get; private set; }

        public async Task<bool> UpdateAsync(EncryptedCredential credential, byte[] expectedData, CancellationToken cancellationToken)
        {
            if (Updates++ == 0 && BeforeFirstUpdate is { } interleave)
            {
                await interleave();
            }

            return await inner.UpdateAsync(credential, expectedData, cancellationToken);
        }

        public Task CreateAsync(EncryptedCredential credential, CancellationToken cancellationToken) => inner.CreateAsync(credential, cancellationToken);

        public Task<EncryptedCredential?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<EncryptedCredential?> FindByNameAsync(string projectId, string type, string name, CancellationToken cancellationToken) =>
            inner.FindByNameAsync(projectId, type, name, cancellationToken);

        public Task<CredentialPage> ListAsync(CredentialQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

        public Task<IReadOnlyCollection<string>> ListKeyIdsAsync(CancellationToken cancellationToken) => inner.ListKeyIdsAsync(cancellationToken);

        public Task<int> ResealAllAsync(Func<EncryptedCredential, (byte[] Data, string KeyId)> reseal, CancellationToken cancellationToken) =>
            inner.ResealAllAsync(reseal, cancellationToken);
    }
}
