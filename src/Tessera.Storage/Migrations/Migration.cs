using System.Reflection;

namespace Tessera.Storage.Migrations;

/// <summary>One schema change: a version (1, 2, …), a name and the SQL that applies it.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The migrations each backend ships, newest last. The list is explicit (not discovered) so adding a migration is
/// a reviewed one-line change: add <c>Migrations/&lt;Backend&gt;/NNNN_name.sql</c> and a line here.
/// </summary>
internal static class MigrationCatalog
{
    /// <summary>SQLite migrations.</summary>
    public static IReadOnlyList<Migration> Sqlite { get; } =
    [
        Load("Sqlite", 1, "0001_initial"),
        Load("Sqlite", 2, "0002_retention"),
        Load("Sqlite", 3, "0003_identity"),
        Load("Sqlite", 4, "0004_credentials_audit"),
        Load("Sqlite", 5, "0005_id_counters"),
        Load("Sqlite", 6, "0006_workflow_snapshots"),
        Load("Sqlite", 7, "0007_execution_leases"),
    ];

    /// <summary>PostgreSQL migrations.</summary>
    public static IReadOnlyList<Migration> Postgres { get; } =
    [
        Load("Postgres", 1, "0001_initial"),
        Load("Postgres", 2, "0002_retention"),
        Load("Postgres", 3, "0003_identity"),
        Load("Postgres", 4, "0004_credentials_audit"),
        Load("Postgres", 5, "0005_id_counters"),
        Load("Postgres", 6, "0006_workflow_snapshots"),
        Load("Postgres", 7, "0007_execution_leases"),
    ];

    private static Migration Load(string backend, int version, string file)
    {
        var name = $"Tessera.Storage.Migrations.{backend}.{file}.sql";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Migration resource {name} is missing from Tessera.Storage; check the EmbeddedResource items in Tessera.Storage.csproj.");
        using var reader = new StreamReader(stream);
        return new Migration(version, file, reader.ReadToEnd());
    }
}
