using Tessera.Storage.Audit;
using Tessera.Storage.Binary;
using Tessera.Storage.Credentials;
using Tessera.Storage.Executions;
using Tessera.Storage.Identity;
using Tessera.Storage.Migrations;
using Tessera.Storage.Sql;
using Tessera.Storage.StaticData;
using Tessera.Storage.Waits;
using Tessera.Storage.Workflows;

namespace Tessera.Storage;

/// <summary>
/// An opened, migrated database and the stores over it. Open one per process with <see cref="OpenAsync"/> and share
/// it; the stores are thread-safe (each call takes a pooled connection).
/// </summary>
public sealed class TesseraStorage : IAsyncDisposable
{
    private readonly SqlDatabase _database;

    /// <summary>The database behind the stores (for tests of storage internals).</summary>
    internal SqlDatabase Database => _database;

    private TesseraStorage(SqlDatabase database, int schemaVersion)
    {
        _database = database;
        SchemaVersion = schemaVersion;
        (Workflows, Executions, StaticData, BinaryData, Waits) = database switch
        {
            SqliteDatabase s => ((IWorkflowStore)new SqliteWorkflowStore(s), (IExecutionStore)new SqliteExecutionStore(s), (IStaticDataStore)new SqliteStaticDataStore(s), (IBinaryDataStore)new SqliteBinaryDataStore(s), (IWaitStore)new SqliteWaitStore(s)),
            PostgresDatabase p => (new PostgresWorkflowStore(p), new PostgresExecutionStore(p), new PostgresStaticDataStore(p), new PostgresBinaryDataStore(p), new PostgresWaitStore(p)),
            _ => throw new ArgumentOutOfRangeException(nameof(database)),
        };
        (Credentials, Audit) = database switch
        {
            SqliteDatabase s => ((ICredentialStore)new SqliteCredentialStore(s), (IAuditLog)new SqliteAuditLog(s)),
            PostgresDatabase p => (new PostgresCredentialStore(p), new PostgresAuditLog(p)),
            _ => throw new ArgumentOutOfRangeException(nameof(database)),
        };
        (Users, Projects, ApiKeys, Sessions) = (new SqlUserStore(database), new SqlProjectStore(database), new SqlApiKeyStore(database), new SqlSessionStore(database));
    }

    /// <summary>The backend in use.</summary>
    public StorageProvider Provider => _database.Provider;

    /// <summary>The schema version the database is at (the newest this binary knows).</summary>
    public int SchemaVersion { get; }

    /// <summary>Saved workflows.</summary>
    public IWorkflowStore Workflows { get; }

    /// <summary>Execution journals and their projections.</summary>
    public IExecutionStore Executions { get; }

    /// <summary>Workflow static data.</summary>
    public IStaticDataStore StaticData { get; }

    /// <summary>Content-addressed binary data.</summary>
    public IBinaryDataStore BinaryData { get; }

    /// <summary>Parked executions (timers, webhook and approval waits).</summary>
    public IWaitStore Waits { get; }

    /// <summary>Encrypted credential rows (open them through <see cref="CredentialVault"/>).</summary>
    public ICredentialStore Credentials { get; }

    /// <summary>The hash-chained audit log.</summary>
    public IAuditLog Audit { get; }

    /// <summary>The clock the stores stamp times with.</summary>
    public TimeProvider Time => _database.Time;

    /// <summary>The options the storage was opened with (data directory, provider…).</summary>
    public StorageOptions Options => _database.Options;

    /// <summary>People who sign in.</summary>
    public IUserStore Users { get; }

    /// <summary>Projects and their members.</summary>
    public IProjectStore Projects { get; }

    /// <summary>API keys (hashed).</summary>
    public IApiKeyStore ApiKeys { get; }

    /// <summary>Browser sessions (hashed tokens).</summary>
    public ISessionStore Sessions { get; }

    /// <summary>The newest schema version this binary knows for a backend.</summary>
    public static int LatestSchemaVersion(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => MigrationCatalog.Sqlite[^1].Version,
        StorageProvider.Postgres => MigrationCatalog.Postgres[^1].Version,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };

    /// <summary>Opens the database the options name (SQLite by default), creating and migrating it as needed.</summary>
    /// <exception cref="StorageVersionException">The database was written by a newer Tessera.</exception>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public static async Task<TesseraStorage> OpenAsync(StorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        SqlDatabase database = options.Provider switch
        {
            StorageProvider.Sqlite => new SqliteDatabase(options),
            StorageProvider.Postgres => new PostgresDatabase(options),
            _ => throw new InvalidOperationException($"Unknown storage provider {options.Provider}; use Sqlite or Postgres."),
        };

        try
        {
            var version = await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return new TesseraStorage(database, version);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the database the environment names (<c>TESSERA_DATABASE_URL</c>, else SQLite in <c>TESSERA_DATA_DIR</c> or <c>~/.tessera</c>).</summary>
    public static Task<TesseraStorage> OpenFromEnvironmentAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(StorageOptions.FromEnvironment(), cancellationToken);

    /// <summary>Writes the journal appends still queued for the group commit, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Executions is IAsyncDisposable executions)
        {
            await executions.DisposeAsync().ConfigureAwait(false);
        }

        await _database.DisposeAsync().ConfigureAwait(false);
    }
}
