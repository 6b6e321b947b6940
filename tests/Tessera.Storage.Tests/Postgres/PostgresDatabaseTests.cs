using Npgsql;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Postgres;

public sealed class PostgresDatabaseTests
{
    [PostgresFact]
    public async Task OpenAsync_PostgresUrlForm_ConnectsAndMigrates()
    {
        await using var target = new PostgresTarget();
        var b = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        var url = $"postgres://{Uri.EscapeDataString(b.Username!)}:{Uri.EscapeDataString(b.Password!)}@{b.Host}:{b.Port}/{b.Database}?search_path={b.SearchPath}";

        await using var storage = await TesseraStorage.OpenAsync(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = url });

        Assert.Equal(StorageProvider.Postgres, storage.Provider);
        Assert.Equal(TesseraStorage.LatestSchemaVersion(StorageProvider.Postgres), storage.SchemaVersion);
        Assert.Equal((long)Tessera.Storage.Migrations.MigrationCatalog.Postgres.Count, await target.ScalarAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [PostgresFact]
    public async Task OpenFromEnvironment_DatabaseUrlSet_UsesPostgres()
    {
        await using var target = new PostgresTarget();
        var options = StorageOptions.FromEnvironment(name => name == StorageOptions.DatabaseUrlVariable ? target.ConnectionString : null);

        await using var storage = await TesseraStorage.OpenAsync(options);

        Assert.Equal(StorageProvider.Postgres, storage.Provider);
    }
}
