using System.Globalization;
using System.Text;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>Creates and reads item attachments with the metadata n8n writes (MIME type, file type, extension, size).</summary>
internal static class BinaryFiles
{
    private static readonly Dictionary<string, string> MimeByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        ["txt"] = "text/plain", ["csv"] = "text/csv", ["html"] = "text/html", ["htm"] = "text/html", ["json"] = "application/json",
        ["xml"] = "application/xml", ["ics"] = "text/calendar", ["rtf"] = "application/rtf", ["pdf"] = "application/pdf",
        ["zip"] = "application/zip", ["gz"] = "application/gzip", ["png"] = "image/png", ["jpg"] = "image/jpeg", ["jpeg"] = "image/jpeg",
        ["gif"] = "image/gif", ["svg"] = "image/svg+xml", ["md"] = "text/markdown", ["js"] = "text/javascript", ["css"] = "text/css",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ["xls"] = "application/vnd.ms-excel",
        ["ods"] = "application/vnd.oasis.opendocument.spreadsheet", ["data"] = "application/octet-stream", ["yaml"] = "application/yaml",
        ["mp3"] = "audio/mpeg", ["mp4"] = "video/mp4", ["webp"] = "image/webp",
    };

    /// <summary>An attachment holding <paramref name="bytes"/>; the MIME type is guessed from the name when not given.</summary>
    public static BinaryData Create(ReadOnlySpan<byte> bytes, string fileName, string? mimeType = null, string? directory = null)
    {
        var extension = Path.GetExtension(fileName).TrimStart('.');
        var mime = string.IsNullOrEmpty(mimeType) ? MimeFor(fileName) : mimeType;
        return new BinaryData
        {
            Data = Convert.ToBase64String(bytes),
            MimeType = mime,
            FileType = FileTypeOf(mime),
            FileName = fileName,
            FileExtension = extension.Length > 0 ? extension.ToLowerInvariant() : ExtensionFor(mime),
            FileSize = PrettySize(bytes.Length),
            Directory = directory,
        };
    }

    public static string MimeFor(string fileName) =>
        MimeByExtension.GetValueOrDefault(Path.GetExtension(fileName).TrimStart('.'), "application/octet-stream");

    private static string? ExtensionFor(string mime) =>
        MimeByExtension.FirstOrDefault(p => p.Value == mime).Key;

    /// <summary>n8n's coarse file type for a MIME type.</summary>
    public static string? FileTypeOf(string mime) => mime switch
    {
        "application/json" => "json",
        "text/html" => "html",
        "application/pdf" => "pdf",
        _ when mime.StartsWith("text/", StringComparison.Ordinal) => "text",
        _ when mime.StartsWith("image/", StringComparison.Ordinal) => "image",
        _ when mime.StartsWith("audio/", StringComparison.Ordinal) => "audio",
        _ when mime.StartsWith("video/", StringComparison.Ordinal) => "video",
        _ => null,
    };

    /// <summary>Size text as n8n shows it: decimal units and three significant digits ("20 B", "3.58 kB").</summary>
    public static string PrettySize(long bytes)
    {
        if (bytes < 1000)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        string[] units = ["kB", "MB", "GB", "TB"];
        var exponent = Math.Min((int)Math.Floor(Math.Log10(bytes) / 3), units.Length);
        var value = bytes / Math.Pow(1000, exponent);
        var rounded = double.Parse(value.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return rounded.ToString(CultureInfo.InvariantCulture) + " " + units[exponent - 1];
    }

    /// <summary>The attachment <paramref name="property"/> of an item, or a failure that names it.</summary>
    public static BinaryData Require(Item item, string property, int itemIndex)
    {
        if (item.Binary is null || item.Binary.Count == 0)
        {
            throw new NodeOperationException("This operation expects the node's input data to contain a binary file, but none was found",
                itemIndex, "Make sure the previous node outputs a binary file (for example Read/Write Files from Disk or HTTP Request with file response).");
        }

        if (!item.Binary.TryGetValue(property, out var data))
        {
            throw new NodeOperationException($"The item has no binary field '{property}'", itemIndex,
                $"Check that the parameter where you specified the input binary field name is correct; the item has {string.Join(", ", item.Binary.Keys.Select(k => $"'{k}'"))}.");
        }

        if (data.Data is null)
        {
            throw new NodeOperationException($"The binary field '{property}' is stored by reference and cannot be read here", itemIndex);
        }

        return data;
    }

    /// <summary>Text of bytes in the named encoding (n8n/iconv names such as utf8, latin1, windows1256), without a UTF-8 BOM unless kept.</summary>
    public static string Decode(byte[] bytes, string? encodingName, bool stripBom = true)
    {
        var encoding = TextEncodings.Get(encodingName);
        var text = encoding.GetString(bytes);
        return stripBom && text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    public static byte[] Encode(string text, string? encodingName, bool addBom)
    {
        var encoding = TextEncodings.Get(encodingName);
        var body = encoding.GetBytes(text);
        var preamble = addBom ? encoding.GetPreamble() : [];
        if (addBom && preamble.Length == 0 && encoding is UTF8Encoding)
        {
            preamble = [0xEF, 0xBB, 0xBF];
        }

        return [.. preamble, .. body];
    }
}

/// <summary>Maps n8n's encoding names (iconv-lite style) to .NET encodings.</summary>
internal static class TextEncodings
{
    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Get(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return new UTF8Encoding(false);
        }

        var key = name.Trim().ToLowerInvariant();
        switch (key)
        {
            case "utf8" or "utf-8":
                return new UTF8Encoding(false);
            case "utf16le" or "ucs2" or "utf-16le":
                return new UnicodeEncoding(false, true);
            case "utf16be" or "utf-16be":
                return new UnicodeEncoding(true, true);
            case "latin1" or "binary":
                return Encoding.Latin1;
            case "ascii":
                return Encoding.ASCII;
        }

        foreach (var candidate in new[] { key, InsertDash(key) })
        {
            try
            {
                return Encoding.GetEncoding(candidate);
            }
            catch (ArgumentException)
            {
                // Try the next spelling.
            }
        }

        throw new NodeOperationException($"The encoding '{name}' is not supported", description: "Use an encoding such as utf8, latin1, windows1252 or iso88591.");
    }

    // "windows1256" → "windows-1256", "iso88591" → "iso-8859-1".
    private static string InsertDash(string key)
    {
        if (key.StartsWith("iso8859", StringComparison.Ordinal))
        {
            return "iso-8859-" + key["iso8859".Length..];
        }

        var i = 0;
        while (i < key.Length && !char.IsDigit(key[i]))
        {
            i++;
        }

        return i > 0 && i < key.Length ? key[..i] + "-" + key[i..] : key;
    }
}
