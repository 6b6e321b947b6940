namespace Tessera.Storage.Migrations;

/// <summary>The database was created or upgraded by a newer Tessera than this one, so this binary must not touch it.</summary>
public sealed class StorageVersionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="databaseVersion">The schema version found in the database.</param>
    /// <param name="supportedVersion">The newest schema version this binary knows.</param>
    /// <param name="alternative">What else the user could point Tessera at ("data directory" or "database").</param>
    public StorageVersionException(int databaseVersion, int supportedVersion, string alternative)
        : base($"database schema {databaseVersion} is newer than this Tessera ({supportedVersion}); upgrade Tessera or use another {alternative}")
    {
        DatabaseVersion = databaseVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>The schema version found in the database.</summary>
    public int DatabaseVersion { get; }

    /// <summary>The newest schema version this binary knows.</summary>
    public int SupportedVersion { get; }
}
