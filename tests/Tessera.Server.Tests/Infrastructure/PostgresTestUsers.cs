using Npgsql;
using Tessera.Storage;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary><see cref="TestUsers"/> on PostgreSQL: a fresh schema in the <c>TESSERA_TEST_POSTGRES</c> server, dropped afterwards.</summary>
public sealed class PostgresTestUsers : TestUsers
{
    public const string Variable = "TESSERA_TEST_POSTGRES";

    private readonly string _schema = "srv_" + Guid.NewGuid().ToString("n");

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    protected override void Configure(ServerOptions options)
    {
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
            command.ExecuteNonQuery();
        }

        options.Storage = new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = _schema }.ConnectionString,
        };
    }

    public override async Task InitializeAsync()
    {
        if (ConnectionString is not null)
        {
            await base.InitializeAsync();
        }
    }

    public override async Task DisposeAsync()
    {
        if (ConnectionString is null)
        {
            return;
        }

        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A fact that runs only when <c>TESSERA_TEST_POSTGRES</c> names a server (skipped with how to start one otherwise).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestUsers.ConnectionString is null)
        {
            Skip = "PostgreSQL server tests need a server: run `eval \"$(scripts/test-postgres.sh start)\"` to set TESSERA_TEST_POSTGRES.";
        }
    }
}
