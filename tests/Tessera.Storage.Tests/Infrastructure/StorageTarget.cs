using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tessera.Storage.Tests.Infrastructure;

/// <summary>A fresh, empty database of one backend for one test.</summary>
public abstract class StorageTarget : IAsyncDisposable
{
    /// <summary>The backend.</summary>
    public abstract StorageProvider Provider { get; }

    /// <summary>What <c>StorageVersionException</c> suggests using instead.</summary>
    public abstract string Alternative { get; }

    /// <summary>Options pointing at this target's database.</summary>
    public abstract StorageOptions Options(TimeProvider time);

    /// <summary>Runs SQL directly against the database (for tests that tamper with it).</summary>
    public abstract Task<object?> ScalarAsync(string sql);

    public abstract ValueTask DisposeAsync();
}

/// <summary>A temp directory holding a SQLite file.</summary>
public sealed class SqliteTarget : StorageTarget
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tessera-storage-tests", Guid.NewGuid().ToString("N"));

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string Alternative => "data directory";

    public string DataDirectory => _dir;

    public override StorageOptions Options(TimeProvider time) => new()
    {
        Provider = StorageProvider.Sqlite,
        DataDirectory = _dir,
        TimeProvider = time,
    };

    public override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "tessera.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection of a still-running test may hold the file; the OS temp cleaner gets it later.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A fresh schema in the test PostgreSQL server (<c>TESSERA_TEST_POSTGRES</c>), dropped afterwards.</summary>
public sealed class PostgresTarget : StorageTarget
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");
    private readonly string _baseConnectionString;
    private bool _created;

    public PostgresTarget()
    {
        _baseConnectionString = PostgresEnvironment.ConnectionString
            ?? throw new InvalidOperationException(PostgresEnvironment.SkipReason);
    }

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override string Alternative => "database";

    /// <summary>The connection string of this target's schema (created on first use).</summary>
    public string ConnectionString => EnsureSchema(new NpgsqlConnectionStringBuilder(_baseConnectionString) { SearchPath = _schema }.ConnectionString);

    public override StorageOptions Options(TimeProvider time)
    {
        EnsureSchema();
        return new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            ConnectionString = ConnectionString,
            TimeProvider = time,
        };
    }

    public override async Task<object?> ScalarAsync(string sql)
    {
        EnsureSchema();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_created)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_baseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    private string EnsureSchema(string connectionString)
    {
        EnsureSchema();
        return connectionString;
    }

    private void EnsureSchema()
    {
        if (_created)
        {
            return;
        }

        using var connection = new NpgsqlConnection(_baseConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
        command.ExecuteNonQuery();
        _created = true;
    }
}
