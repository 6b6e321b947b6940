using Microsoft.Data.Sqlite;
using Tessera.Engine.Data;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Credentials;
using Tessera.Storage.Security;

namespace Tessera.Cli.Tests.Commands;

/// <summary><c>tessera audit …</c> and <c>tessera credentials …</c> against a real data directory.</summary>
public sealed class AuditAndCredentialsCommandTests : IAsyncLifetime
{
    private const string Secret = "cli-secret-Walrus-9931";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tessera-cli-vault", Guid.NewGuid().ToString("N"));

    private Dictionary<string, string?> Env => new()
    {
        ["TESSERA_DATA_DIR"] = _dir,
        ["TESSERA_DATABASE_URL"] = null,
        ["TESSERA_ENCRYPTION_KEY"] = null,
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }

        return Task.CompletedTask;
    }

    private async Task<CredentialInfo> SeedAsync()
    {
        await using var storage = await TesseraStorage.OpenAsync(new StorageOptions { DataDirectory = _dir });
        var vault = await CredentialVault.OpenAsync(storage, EncryptionKeyLoader.Load(_dir, _ => null).Keys);
        var info = await vault.CreateAsync("default", "Prod API", "httpHeaderAuth", new JsObject { ["name"] = "X-Api-Key", ["value"] = Secret }, "user:1", CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await storage.Audit.AppendAsync(new AuditRecord("user:1", "workflow.saved", "w" + i, "default"), CancellationToken.None);
        }

        return info;
    }

    private async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "tessera.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task AuditVerify_IntactLog_ExitsZero()
    {
        await SeedAsync();

        var (exit, stdout, stderr) = await CliProcess.RunWithEnvironmentAsync(Env, "audit", "verify");

        Assert.True(exit == 0, stderr);
        Assert.Contains("intact (4 entries checked)", stdout);
    }

    [Fact]
    public async Task AuditVerify_TamperedRow_ExitsOneNamingTheSeq()
    {
        await SeedAsync();
        await ExecuteSqlAsync("UPDATE audit_log SET actor = 'user:intruder' WHERE seq = 3");

        var (exit, _, stderr) = await CliProcess.RunWithEnvironmentAsync(Env, "audit", "verify");
        var (_, json, _) = await CliProcess.RunWithEnvironmentAsync(Env, "audit", "verify", "--json");

        Assert.Equal(1, exit);
        Assert.Contains("entry 3 fails verification", stderr);
        Assert.Contains("edited", stderr);
        Assert.Contains("\"firstBadSeq\":3", json);
    }

    [Fact]
    public async Task AuditList_Json_PagesNewestFirst()
    {
        await SeedAsync();

        var (exit, stdout, stderr) = await CliProcess.RunWithEnvironmentAsync(Env, "audit", "list", "--limit", "2", "--json");

        Assert.True(exit == 0, stderr);
        Assert.Contains("\"seq\":4", stdout);
        Assert.Contains("\"seq\":3", stdout);
        Assert.DoesNotContain("\"seq\":2", stdout);
        Assert.Contains("\"nextCursor\":\"3\"", stdout);
    }

    [Fact]
    public async Task CredentialsList_ShowsMetadataNeverSecrets()
    {
        var info = await SeedAsync();

        var (exit, stdout, stderr) = await CliProcess.RunWithEnvironmentAsync(Env, "credentials", "list", "--json");
        var (_, table, _) = await CliProcess.RunWithEnvironmentAsync(Env, "credentials", "list");

        Assert.True(exit == 0, stderr);
        Assert.Contains(info.Id, stdout);
        Assert.Contains("\"fields\":[\"name\",\"value\"]", stdout);
        Assert.Contains("Prod API", table);
        Assert.DoesNotContain(Secret, stdout + table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateKey_KeyFile_ReencryptsAndReplacesTheKeyFile()
    {
        var info = await SeedAsync();
        var before = EncryptionKeyLoader.Load(_dir, _ => null).Keys.Current.Id;

        var (exit, stdout, stderr) = await CliProcess.RunWithEnvironmentAsync(Env, "credentials", "rotate-key");

        Assert.True(exit == 0, stderr);
        Assert.Contains("Re-encrypted 1 credential(s)", stdout);
        var after = EncryptionKeyLoader.Load(_dir, _ => null);
        Assert.NotEqual(before, after.Keys.Current.Id);
        Assert.False(File.Exists(Path.Combine(_dir, EncryptionKeyLoader.NextKeyFileName)));
        await using var storage = await TesseraStorage.OpenAsync(new StorageOptions { DataDirectory = _dir });
        var vault = await CredentialVault.OpenAsync(storage, after.Keys);
        Assert.Equal(Secret, (await vault.OpenDataAsync(info.Id, CancellationToken.None))!.Value.Data["value"].AsString());
    }

    [Fact]
    public async Task RotateKey_WrongKey_RefusesWithClearError()
    {
        await SeedAsync();
        var env = Env;
        env["TESSERA_ENCRYPTION_KEY"] = "not the key the data was written with";

        var (exit, _, stderr) = await CliProcess.RunWithEnvironmentAsync(env, "credentials", "rotate-key", "--new-key-env", "HOME");

        Assert.Equal(2, exit);
        Assert.Contains("encryption key is wrong for the stored credentials", stderr);
    }
}
