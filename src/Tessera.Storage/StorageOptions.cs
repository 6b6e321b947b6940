using Tessera.Storage.Executions;

namespace Tessera.Storage;

/// <summary>Which database Tessera keeps its state in.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file (the default; nothing to install).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (for scaled deployments).</summary>
    Postgres,
}

/// <summary>
/// Where and how Tessera stores workflows, execution journals, static data, binary data and waits.
/// Build one with <see cref="FromEnvironment"/> to honour <c>TESSERA_DATA_DIR</c> and <c>TESSERA_DATABASE_URL</c>.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>Environment variable naming the SQLite data directory.</summary>
    public const string DataDirectoryVariable = "TESSERA_DATA_DIR";

    /// <summary>Environment variable holding a PostgreSQL connection string or <c>postgres://</c> URL.</summary>
    public const string DatabaseUrlVariable = "TESSERA_DATABASE_URL";

    /// <summary>The backend. Default: <see cref="StorageProvider.Sqlite"/>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// SQLite only: the directory holding <c>tessera.db</c> and the <c>binary/</c> blob folder. Created when missing.
    /// Default: <c>~/.tessera</c>.
    /// </summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary>PostgreSQL only: an Npgsql <c>key=value</c> connection string or a <c>postgres://user:pass@host:port/db</c> URL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Clock used for created/updated stamps and claim leases. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Journal events whose JSON is larger than this many UTF-16 characters are stored beside the event row (by
    /// reference) so scans of the event table stay cheap. Default: 64 KiB.
    /// </summary>
    public int InlineEventLimit { get; set; } = 64 * 1024;

    /// <summary>
    /// How long the completions of side-effect-free nodes (pipelined commits, docs/storage.md) wait for another commit
    /// to ride along with before one is made for them alone. Longer saves commits but keeps a run's progress out of the
    /// store for longer, and a node with side effects that follows them waits for that commit. Default: 2 ms.
    /// </summary>
    public TimeSpan PipelinedCommitDelay { get; set; } = GroupCommitWriter.BackgroundDelay;

    /// <summary>
    /// How long a process's claim on a running execution lasts without renewal (docs/storage.md, "Leases"). The
    /// process renews the leases of its runs every third of it; another process resumes a run only once its lease
    /// expired (or at once when its owner died on the same host). Default: 60 seconds.
    /// </summary>
    public TimeSpan ExecutionLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>SQLite only: how long a writer waits for another writer's lock before failing. Default: 10 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The SQLite database file inside <see cref="DataDirectory"/>.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "tessera.db");

    /// <summary>
    /// Options from the environment: PostgreSQL when <c>TESSERA_DATABASE_URL</c> is set, otherwise SQLite in
    /// <c>TESSERA_DATA_DIR</c> (or <c>~/.tessera</c>).
    /// </summary>
    /// <param name="getVariable">Reads a variable; defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public static StorageOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var options = new StorageOptions();
        var url = getVariable(DatabaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            options.Provider = StorageProvider.Postgres;
            options.ConnectionString = url.Trim();
        }

        var dir = getVariable(DataDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(dir))
        {
            options.DataDirectory = dir.Trim();
        }

        return options;
    }

    /// <summary>Checks the options and reports every problem at once.</summary>
    /// <exception cref="InvalidOperationException">The options cannot work; the message lists each problem and its fix.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add($"DataDirectory is empty; set {DataDirectoryVariable} or StorageOptions.DataDirectory to a writable folder.");
        }

        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"ConnectionString is empty; set {DatabaseUrlVariable} to postgres://user:password@host:5432/database.");
        }

        if (ExecutionLease < TimeSpan.FromSeconds(1))
        {
            problems.Add("ExecutionLease must be at least 1 second.");
        }

        if (InlineEventLimit <= 0)
        {
            problems.Add("InlineEventLimit must be positive.");
        }

        if (BusyTimeout <= TimeSpan.Zero)
        {
            problems.Add("BusyTimeout must be positive.");
        }

        if (TimeProvider is null)
        {
            problems.Add("TimeProvider must not be null.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid storage options:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", problems));
        }
    }

    private static string DefaultDataDirectory()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetEnvironmentVariable("HOME") ?? ".";
        }

        return Path.Combine(home, ".tessera");
    }
}
