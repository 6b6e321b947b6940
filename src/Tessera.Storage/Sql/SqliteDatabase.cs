using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Tessera.Storage.Migrations;

namespace Tessera.Storage.Sql;

/// <summary>The embedded SQLite backend: one file in WAL mode, foreign keys on, a busy timeout for concurrent writers.</summary>
internal sealed class SqliteDatabase : SqlDatabase
{
    private readonly string _connectionString;
    private readonly string _writerConnectionString;
    private readonly string _busyTimeoutPragma;

    private static readonly object Configured = new();

    /// <summary>Native connections that already ran the per-connection PRAGMAs (weak: a handle the pool closes drops out).</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> ConfiguredHandles = new();

    static SqliteDatabase() => SQLitePCL.Batteries_V2.Init();

    public SqliteDatabase(StorageOptions options)
        : base(options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        BinaryDirectory = Path.Combine(options.DataDirectory, "binary");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        _writerConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();
        _busyTimeoutPragma = $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;";
    }

    /// <summary>Where blob files live.</summary>
    public string BinaryDirectory { get; }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string ForUpdate => string.Empty;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // busy_timeout and synchronous are per connection. synchronous=NORMAL is the WAL recommendation: a process
            // crash loses nothing; only an OS crash or power cut can lose the last transactions (never corrupts).
            // They stick to the native handle, which the pool hands out again, so each handle is set up only once.
            if (connection.Handle is { } handle && !ConfiguredHandles.TryGetValue(handle, out _))
            {
                await using var command = connection.Command(_busyTimeoutPragma);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                SqliteBusyWait.Install(connection, Options.BusyTimeout);
                ConfiguredHandles.AddOrUpdate(handle, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The journal writer's own connection (not pooled, kept for the life of the store). It keeps SQLite's own
    /// auto-checkpoint: a background checkpointer was tried and measured worse under the server's webhook load (the WAL
    /// grew while readers held it, and every read paid for the longer WAL; docs/benchmarks.md, "Durability").
    /// </summary>
    public override async ValueTask<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_writerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.Command(_busyTimeoutPragma);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            SqliteBusyWait.Install(connection, Options.BusyTimeout);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE: take the write lock up front; a deferred transaction that reads then writes can fail
        // with SQLITE_BUSY when two writers both try to upgrade.
        DbTransaction transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        return ValueTask.FromResult(transaction);
    }

    public override object TimeValue(DateTimeOffset value) => SqliteTime.ToText(TruncateToMicroseconds(value));

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => SqliteTime.Parse(reader.GetString(ordinal));

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };

    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 };

    public override async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        SqliteFileCheck.Verify(Options.DatabasePath);
        try
        {
            return await MigrateCheckedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsCorruption(e))
        {
            throw new StorageCorruptException(Options.DatabasePath, e.Message, e);
        }
    }

    /// <summary>SQLITE_CORRUPT (11) or SQLITE_NOTADB (26).</summary>
    public static bool IsCorruption(Exception e) => e is SqliteException { SqliteErrorCode: 11 or 26 };

    private async Task<int> MigrateCheckedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await MigrationRunner.CurrentIfUpToDateAsync(connection, MigrationCatalog.Sqlite, "data directory", cancellationToken).ConfigureAwait(false) is { } upToDate
            && await IsWalAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            return upToDate;
        }

        // journal_mode is stored in the file, so setting it once here covers every later connection.
        await using (var wal = connection.Command("PRAGMA journal_mode = WAL;"))
        {
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite database {Options.DatabasePath} could not switch to WAL mode (got '{mode}'); put the data directory on a local file system.");
            }
        }

        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var version = await MigrationRunner.ApplyAsync(
            this,
            connection,
            transaction,
            MigrationCatalog.Sqlite,
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);",
            "data directory",
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    private static async Task<bool> IsWalAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Reads the mode without setting it (setting it takes the write lock).
        await using var query = connection.Command("PRAGMA journal_mode;");
        return string.Equals((string?)await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), "wal", StringComparison.OrdinalIgnoreCase);
    }

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the data directory can be moved or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
