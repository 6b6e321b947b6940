using System.Data.Common;
using System.Globalization;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Migrations;

/// <summary>Applies the migrations a database lacks, inside the caller's transaction (which holds the migration lock).</summary>
internal static class MigrationRunner
{
    /// <summary>
    /// The version of a database that needs no migration, read without the write (or migration) lock every other
    /// start would take and wait for: a CLI command beside a busy server opens at once. Null when the database must go
    /// through <see cref="ApplyAsync"/>: no version table yet (a new database) or older than this binary.
    /// </summary>
    /// <exception cref="StorageVersionException">The database is newer than this binary.</exception>
    public static async Task<int?> CurrentIfUpToDateAsync(DbConnection connection, IReadOnlyList<Migration> migrations, string alternative, CancellationToken cancellationToken)
    {
        int current;
        try
        {
            current = await VersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // No version table (a new database), or an error ApplyAsync meets again and reports.
            return null;
        }

        return current == NewestOrRefuse(current, migrations, alternative) ? current : null;
    }

    private static async Task<int> VersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var query = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version", transaction);
        return Convert.ToInt32(await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>The newest version this binary knows; a database past it is refused.</summary>
    private static int NewestOrRefuse(int current, IReadOnlyList<Migration> migrations, string alternative)
    {
        var newest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        return current > newest ? throw new StorageVersionException(current, newest, alternative) : newest;
    }

    public static async Task<int> ApplyAsync(
        SqlDatabase database,
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<Migration> migrations,
        string createVersionTableSql,
        string alternative,
        CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(createVersionTableSql, transaction, cancellationToken).ConfigureAwait(false);

        var current = await VersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        NewestOrRefuse(current, migrations, alternative);
        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            try
            {
                await connection.ExecuteAsync(migration.Sql, transaction, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e)
            {
                throw new InvalidOperationException($"Storage migration {migration.Version} ({migration.Name}) failed on {database.Provider}: {e.Message}. Nothing was changed; fix the database or report this as a bug.", e);
            }

            await connection.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
                transaction,
                cancellationToken,
                ("version", migration.Version),
                ("name", migration.Name),
                ("at", database.TimeValue(database.Now()))).ConfigureAwait(false);
            current = migration.Version;
        }

        return current;
    }
}
