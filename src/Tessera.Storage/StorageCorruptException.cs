namespace Tessera.Storage;

/// <summary>
/// The database file is damaged, truncated or not a Tessera database. Tessera stops rather than read around the
/// damage, and never rewrites the file.
/// </summary>
public sealed class StorageCorruptException : Exception
{
    /// <summary>Creates the exception for a file and what is wrong with it.</summary>
    public StorageCorruptException(string path, string reason, Exception? inner = null)
        : base($"The database {path} is damaged: {reason}. Tessera has not changed it. Restore it from a backup, or move it away to start a new one (run `sqlite3 {path} .recover` to salvage rows).", inner)
    {
        Path = path;
    }

    /// <summary>The damaged file.</summary>
    public string Path { get; }
}
