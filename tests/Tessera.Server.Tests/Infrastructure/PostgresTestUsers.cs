using Npgsql;
using Tessera.Storage;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// <see cref="TestUsers"/> on PostgreSQL: a database of its own in the <c>TESSERA_TEST_POSTGRES</c> server (so test
/// classes running side by side never see each other's rows), dropped afterwards.
/// </summary>
public class PostgresTestUsers : TestUsers
{
    public const string Variable = "TESSERA_TEST_POSTGRES";

    public const string SkipReason =
        "PostgreSQL server tests need a server: run `eval \"$(scripts/test-postgres.sh start)\"` to set TESSERA_TEST_POSTGRES (and `scripts/test-postgres.sh stop` afterwards).";

    private readonly string _database = "srv_" + Guid.NewGuid().ToString("n");

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    protected override void Configure(ServerOptions options)
    {
        base.Configure(options);
        Execute($"CREATE DATABASE {_database}");
        options.Storage = new StorageOptions
        {
            Provider = StorageProvider.Postgres,

            // Still a folder of the fixture's own for the encryption key and binary data, never the user's default one.
            DataDirectory = options.Storage.DataDirectory,
            ConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = _database }.ConnectionString,
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
        Execute($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>A fact that runs only when <c>TESSERA_TEST_POSTGRES</c> names a server (skipped with how to start one otherwise).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestUsers.ConnectionString is null)
        {
            Skip = PostgresTestUsers.SkipReason;
        }
    }
}
