using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Tessera.Nodes.Files;

/// <summary>Reading and writing the zip packages that XLSX and ODS files are, with XML parts read safely.</summary>
internal static class ZipPackage
{
    // A spreadsheet part bigger than this is refused rather than inflated (zip bombs).
    private const long MaxPartBytes = 512L * 1024 * 1024;

    public static ZipArchive Open(byte[] bytes, string format)
    {
        try
        {
            return new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new SpreadsheetFormatException($"The file is not a valid {format} file: it is not a readable zip package ({e.Message})", e);
        }
    }

    public static ZipArchiveEntry? Find(ZipArchive zip, string path)
    {
        path = path.TrimStart('/');
        return zip.GetEntry(path) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>An XML reader over a part; DTDs are refused and the part size is capped.</summary>
    public static XmlReader ReadXml(ZipArchiveEntry entry)
    {
        if (entry.Length > MaxPartBytes)
        {
            throw new SpreadsheetFormatException($"The part '{entry.FullName}' is too large to read ({entry.Length} bytes)");
        }

        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = false, CloseInput = true, XmlResolver = null };
        return XmlReader.Create(entry.Open(), settings);
    }

    public static void Add(ZipArchive zip, string path, string text, CompressionLevel level)
    {
        var entry = zip.CreateEntry(path, level);
        using var stream = entry.Open();
        var bytes = new UTF8Encoding(false).GetBytes(text);
        stream.Write(bytes);
    }

    /// <summary>Text that XML 1.0 can hold: characters it forbids are dropped or, when <paramref name="escape"/> is given, encoded by it.</summary>
    public static string XmlSafe(string text, Func<char, string>? escape = null)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                || (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]));
            if (ok)
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(text, 0, i, text.Length + 8);
            if (escape is not null)
            {
                sb.Append(escape(c));
            }
        }

        return sb?.ToString() ?? text;
    }

    public static string Escape(string text) => System.Security.SecurityElement.Escape(text);
}

/// <summary>A spreadsheet file that cannot be read: damaged, of another format, or using features not supported.</summary>
internal sealed class SpreadsheetFormatException(string message, Exception? inner = null) : Exception(message, inner);
