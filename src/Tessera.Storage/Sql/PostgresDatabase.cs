using System.Data.Common;
using Npgsql;
using Tessera.Storage.Migrations;

namespace Tessera.Storage.Sql;

/// <summary>The PostgreSQL backend over one pooled <see cref="NpgsqlDataSource"/>.</summary>
internal sealed class PostgresDatabase : SqlDatabase
{
    // Any constant works as long as every Tessera process uses the same one ("TESSERA" in ASCII).
    private const long MigrationLockKey = 0x54455353455241;
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(StorageOptions options)
        : base(options)
    {
        _dataSource = NpgsqlDataSource.Create(PostgresConnectionString.Normalize(options.ConnectionString!));
    }

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override string ForUpdate => " FOR UPDATE";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    public override object TimeValue(DateTimeOffset value) => TruncateToMicroseconds(value);

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

    public override async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await MigrationRunner.CurrentIfUpToDateAsync(connection, MigrationCatalog.Postgres, "database", cancellationToken).ConfigureAwait(false) is { } upToDate)
        {
            return upToDate;
        }

        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

        // Two processes starting together would otherwise both see version 0 and both create the tables.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", transaction, cancellationToken, ("key", MigrationLockKey)).ConfigureAwait(false);
        var version = await MigrationRunner.ApplyAsync(
            this,
            connection,
            transaction,
            MigrationCatalog.Postgres,
            "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL);",
            "database",
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
