using System.Globalization;
using Tessera.Storage.Migrations;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Compliance;

/// <summary>Schema creation, versioning and refusal of newer databases, on every backend.</summary>
public abstract class MigrationCompliance(Func<StorageTarget> createTarget) : StoreTestBase(createTarget)
{
    // Version numbers are reserved per feature, so the catalog may have gaps: count migrations, not versions.
    private IReadOnlyList<Migration> Catalog => Target.Provider == StorageProvider.Sqlite ? MigrationCatalog.Sqlite : MigrationCatalog.Postgres;

    private async Task<long> CountAsync(string sql) =>
        Convert.ToInt64(await Target.ScalarAsync(sql), CultureInfo.InvariantCulture);

    [StoreFact]
    public async Task OpenAsync_EmptyDatabase_AppliesEveryMigration()
    {
        var latest = TesseraStorage.LatestSchemaVersion(Target.Provider);

        Assert.Equal(latest, Storage.SchemaVersion);
        Assert.Equal(latest, await CountAsync("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(Catalog.Count, await CountAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [StoreFact]
    public async Task OpenAsync_AlreadyMigrated_AppliesNothingAndKeepsData()
    {
        await Storage.StaticData.SetAsync("w", "global", "{\"x\":1}", Ct);

        await using var again = await OpenAgainAsync();

        Assert.Equal(Storage.SchemaVersion, again.SchemaVersion);
        Assert.Equal(Catalog.Count, await CountAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal("{\"x\":1}", await again.StaticData.GetAsync("w", "global", Ct));
    }

    [StoreFact]
    public async Task OpenAsync_DatabaseNewerThanBinary_ThrowsStorageVersionExceptionWithClearMessage()
    {
        var latest = TesseraStorage.LatestSchemaVersion(Target.Provider);
        var newer = latest + 6;
        var stamp = Target.Provider == StorageProvider.Sqlite ? "'2030-01-01 00:00:00.000000'" : "now()";
        await Target.ScalarAsync($"INSERT INTO schema_version (version, name, applied_at) VALUES ({newer}, 'future', {stamp})");

        var ex = await Assert.ThrowsAsync<StorageVersionException>(() => OpenAgainAsync());

        Assert.Equal($"database schema {newer} is newer than this Tessera ({latest}); upgrade Tessera or use another {Target.Alternative}", ex.Message);
        Assert.Equal(newer, ex.DatabaseVersion);
        Assert.Equal(latest, ex.SupportedVersion);
    }

    [StoreFact]
    public async Task OpenAsync_ManyProcessesOnAnEmptyDatabaseAtOnce_MigrateOnceAndAllSucceed()
    {
        await using var fresh = NewTarget();
        var options = fresh.Options(Time);

        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => TesseraStorage.OpenAsync(options))));
        try
        {
            var latest = TesseraStorage.LatestSchemaVersion(fresh.Provider);
            Assert.All(opened, s => Assert.Equal(latest, s.SchemaVersion));
            Assert.Equal(Catalog.Count, Convert.ToInt64(await fresh.ScalarAsync("SELECT COUNT(*) FROM schema_version"), CultureInfo.InvariantCulture));
        }
        finally
        {
            foreach (var s in opened)
            {
                await s.DisposeAsync();
            }
        }
    }
}
