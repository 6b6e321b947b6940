using Tessera.Cli.Conformance;
using Tessera.Engine.Data;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Credentials;
using Tessera.Storage.Security;

namespace Tessera.Cli.Tests.Conformance;

/// <summary>
/// The JWT fixture references a credential by an n8n id Tessera never issued; with a vault credential of the same type
/// and name in the run's project, its nodes get it (n8n keeps the real secret in its test code, so the pinned tokens
/// are not compared here: this checks that the credential reaches the node).
/// </summary>
public sealed class ConformanceCredentialsTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tessera-conf-cred", Guid.NewGuid().ToString("N"));
    private TesseraStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TesseraStorage.OpenAsync(new StorageOptions { DataDirectory = _dir });

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task RunFixtureAsync_JwtWithVaultCredentialByName_NodesGetTheCredential()
    {
        var corpus = ConformanceCorpusTests.FindCorpus();
        if (corpus is null)
        {
            return; // ../shared is absent: nothing to check (ConformanceCorpusTests reports the skip).
        }

        var vault = await CredentialVault.OpenAsync(_storage, new EncryptionKeyRing(EncryptionKey.Generate("test")));
        await vault.CreateAsync("conformance", "JWT Auth account", "jwtAuth", new JsObject { ["keyType"] = "passphrase", ["secret"] = "not-n8n's-secret" }, "test", CancellationToken.None);
        var runner = new ConformanceRunner(credentials: new VaultCredentialProvider(vault, _storage.Audit));

        ConformanceCaseResult result;
        using (CredentialScope.Enter(new CredentialScope("conformance")))
        {
            result = await runner.RunFixtureAsync(corpus, Path.Combine(corpus, "Jwt", "test__jwt.workflow.json"), CancellationToken.None);
        }

        // Without a credential the node fails before producing anything; with one it signs, and only the pinned
        // tokens (made with n8n's private test secret) differ.
        Assert.DoesNotContain("No JWT credential", result.Detail ?? string.Empty);
        var used = await _storage.Audit.ListAsync(new AuditQuery { Action = AuditActions.CredentialUsed }, CancellationToken.None);
        Assert.NotEmpty(used.Items);
    }
}
