namespace Tessera.Storage.Security;

/// <summary>What <see cref="EncryptionKeyLoader.Load"/> found.</summary>
/// <param name="Keys">The key ring to use.</param>
/// <param name="KeyFilePath">The key file used, or null when the key came from the environment.</param>
/// <param name="Created">True when the key file was generated just now (print its path so the operator backs it up).</param>
public sealed record EncryptionKeySource(EncryptionKeyRing Keys, string? KeyFilePath, bool Created);

/// <summary>
/// Finds the credentials key: <c>TESSERA_ENCRYPTION_KEY</c> (base64 of 32 bytes, or a passphrase) when set, else the
/// key file <c>&lt;data dir&gt;/encryption.key</c>, generated with mode 0600 on first start. A key file other users
/// can read or write is refused. <c>TESSERA_ENCRYPTION_KEY_PREVIOUS</c> may hold the key before a rotation so data not
/// yet re-encrypted still opens; likewise <c>encryption.key.next</c>, which key rotation writes before re-encrypting
/// and renames to <c>encryption.key</c> after, so an interrupted rotation never strands data.
/// </summary>
public static class EncryptionKeyLoader
{
    /// <summary>Environment variable holding the key.</summary>
    public const string KeyVariable = "TESSERA_ENCRYPTION_KEY";

    /// <summary>Environment variable holding the previous key (during a rotation).</summary>
    public const string PreviousKeyVariable = "TESSERA_ENCRYPTION_KEY_PREVIOUS";

    /// <summary>The key file's name inside the data directory.</summary>
    public const string KeyFileName = "encryption.key";

    /// <summary>The next key's file name inside the data directory (exists only while a rotation is under way or was interrupted).</summary>
    public const string NextKeyFileName = "encryption.key.next";

    private const UnixFileMode UnsafeBits =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Loads (or on first start creates) the key.</summary>
    /// <param name="dataDirectory">Where the key file lives.</param>
    /// <param name="getVariable">Reads a variable; defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <exception cref="EncryptionKeyException">The key file is unsafe or unreadable.</exception>
    public static EncryptionKeySource Load(string dataDirectory, Func<string, string?>? getVariable = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        getVariable ??= Environment.GetEnvironmentVariable;
        var fromEnvironment = getVariable(KeyVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var previous = getVariable(PreviousKeyVariable);
            var ring = new EncryptionKeyRing(
                EncryptionKey.FromText(fromEnvironment, KeyVariable),
                string.IsNullOrWhiteSpace(previous) ? null : [EncryptionKey.FromText(previous, PreviousKeyVariable)]);
            return new EncryptionKeySource(ring, null, false);
        }

        var path = Path.Combine(dataDirectory, KeyFileName);
        var created = false;
        if (!File.Exists(path))
        {
            created = TryCreateKeyFile(dataDirectory, path, EncryptionKey.Generate(path));
        }

        var current = ReadKeyFile(path);
        var nextPath = Path.Combine(dataDirectory, NextKeyFileName);
        var next = File.Exists(nextPath) ? new[] { ReadKeyFile(nextPath) } : null;
        return new EncryptionKeySource(new EncryptionKeyRing(current, next), path, created);
    }

    /// <summary>Reads a key file after checking that only its owner can access it.</summary>
    /// <exception cref="EncryptionKeyException">The file is unsafe, unreadable or empty.</exception>
    public static EncryptionKey ReadKeyFile(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & UnsafeBits) != 0)
            {
                throw new EncryptionKeyException(
                    $"The encryption key file {path} can be accessed by other users (mode {Octal(mode)}); Tessera refuses to use it. "
                    + $"Run `chmod 600 {path}` (and check who may have read it), then start again.");
            }
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncryptionKeyException($"The encryption key file {path} cannot be read ({e.Message}). Check that Tessera runs as the file's owner.", e);
        }

        return EncryptionKey.FromText(text, path);
    }

    /// <summary>Writes a key file readable by its owner only (mode 0600). Fails when the file exists.</summary>
    public static void WriteKeyFile(string path, EncryptionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(key.ToBase64());
        writer.Write('\n');
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }

    private static bool TryCreateKeyFile(string dataDirectory, string path, EncryptionKey key)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            WriteKeyFile(path, key);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process starting at the same moment created it first; use theirs.
            return false;
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
