using Tessera.Storage.Sql;

namespace Tessera.Storage.Tests.Options;

public sealed class StorageOptionsTests
{
    [Fact]
    public void FromEnvironment_NothingSet_SqliteUnderHomeTessera()
    {
        var options = StorageOptions.FromEnvironment(_ => null);

        Assert.Equal(StorageProvider.Sqlite, options.Provider);
        Assert.EndsWith(Path.Combine(".tessera", "tessera.db"), options.DatabasePath, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_DataDirSet_SqliteInThatDirectory()
    {
        var options = StorageOptions.FromEnvironment(n => n == "TESSERA_DATA_DIR" ? "/srv/tessera" : null);

        Assert.Equal(StorageProvider.Sqlite, options.Provider);
        Assert.Equal(Path.Combine("/srv/tessera", "tessera.db"), options.DatabasePath);
    }

    [Fact]
    public void FromEnvironment_DatabaseUrlSet_Postgres()
    {
        var options = StorageOptions.FromEnvironment(n => n == "TESSERA_DATABASE_URL" ? " postgres://u:p@db/tessera " : null);

        Assert.Equal(StorageProvider.Postgres, options.Provider);
        Assert.Equal("postgres://u:p@db/tessera", options.ConnectionString);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllAtOnce()
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, InlineEventLimit = 0, BusyTimeout = TimeSpan.Zero };

        var ex = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("TESSERA_DATABASE_URL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("InlineEventLimit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BusyTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_InvalidOptions_ThrowsBeforeTouchingAnything()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => TesseraStorage.OpenAsync(new StorageOptions { Provider = StorageProvider.Postgres }));
    }

    [Theory]
    [InlineData("postgres://alice:s%40cret@db.example.com:6543/tessera", "Host=db.example.com;Port=6543;Username=alice;Password=s@cret;Database=tessera")]
    [InlineData("postgresql://bob@localhost/app", "Host=localhost;Port=5432;Username=bob;Database=app")]
    [InlineData("postgres://u:p@10.0.0.5/db?sslmode=require", "Host=10.0.0.5;Port=5432;Username=u;Password=p;Database=db;SSL Mode=Require")]
    [InlineData("postgres://u@h/db?search_path=tenant1&application_name=tessera&connect_timeout=7", "Host=h;Port=5432;Username=u;Database=db;Search Path=tenant1;Application Name=tessera;Timeout=7")]
    public void Normalize_PostgresUrl_BecomesNpgsqlConnectionString(string url, string expected)
    {
        Assert.Equal(
            new Npgsql.NpgsqlConnectionStringBuilder(expected).ConnectionString,
            PostgresConnectionString.Normalize(url));
    }

    [Fact]
    public void Normalize_KeyValueForm_KeptAsIs()
    {
        Assert.Equal(
            new Npgsql.NpgsqlConnectionStringBuilder("Host=h;Database=d").ConnectionString,
            PostgresConnectionString.Normalize("Host=h;Database=d"));
    }

    [Fact]
    public void Normalize_Garbage_ThrowsArgumentExceptionWithExpectedForm()
    {
        var ex = Assert.Throws<ArgumentException>(() => PostgresConnectionString.Normalize("not a connection string"));

        Assert.Contains("postgres://", ex.Message, StringComparison.Ordinal);
    }
}
