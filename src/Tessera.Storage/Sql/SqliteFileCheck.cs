using System.Buffers.Binary;
using System.Text;

namespace Tessera.Storage.Sql;

/// <summary>
/// Checks an existing SQLite file's header before it is opened, so a damaged or truncated file is reported instead of
/// being opened (and possibly written to) with pages missing. SQLite itself only notices missing pages when it reads them.
/// </summary>
internal static class SqliteFileCheck
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>Throws <see cref="StorageCorruptException"/> when the file exists but is not a whole SQLite database.</summary>
    public static void Verify(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
        {
            return; // A new database (SQLite creates an empty file first).
        }

        Span<byte> header = stackalloc byte[100];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < header.Length || !header[..16].SequenceEqual(Magic))
        {
            throw new StorageCorruptException(path, read < header.Length
                ? $"the file is {file.Length} bytes, shorter than a SQLite header (truncated)"
                : "the file does not start with a SQLite header (not a database, or overwritten)");
        }

        var pageSize = (long)BinaryPrimitives.ReadUInt16BigEndian(header[16..18]);
        pageSize = pageSize == 1 ? 65536 : pageSize;
        var changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header[24..28]);
        var pages = BinaryPrimitives.ReadUInt32BigEndian(header[28..32]);
        var validFor = BinaryPrimitives.ReadUInt32BigEndian(header[92..96]);

        // The in-header size is only trustworthy when written by the same change as the header (SQLite's own rule).
        if (changeCounter == validFor && pages > 0 && pages * pageSize > file.Length)
        {
            throw new StorageCorruptException(path, $"the header says {pages} pages of {pageSize} bytes ({pages * pageSize} bytes) but the file holds {file.Length} (truncated)");
        }
    }
}
