using Tessera.Engine.Data;

namespace Tessera.Engine.Items;

/// <summary>A binary attachment of an item, in n8n's shape.</summary>
public sealed record BinaryData
{
    /// <summary>Base64 content when held inline.</summary>
    public string? Data { get; init; }

    /// <summary>A reference to stored content (e.g. <c>filesystem-v2:…</c> or a content hash) instead of inline data.</summary>
    public string? Id { get; init; }

    /// <summary>The MIME type.</summary>
    public string MimeType { get; init; } = "application/octet-stream";

    /// <summary>The file name.</summary>
    public string? FileName { get; init; }

    /// <summary>The file extension without a dot.</summary>
    public string? FileExtension { get; init; }

    /// <summary>n8n's broad file type (text, json, image, pdf…).</summary>
    public string? FileType { get; init; }

    /// <summary>Human-readable size as n8n writes it (e.g. "5 B").</summary>
    public string? FileSize { get; init; }

    /// <summary>The source directory, when read from disk.</summary>
    public string? Directory { get; init; }

    /// <summary>Creates an inline attachment from bytes.</summary>
    public static BinaryData FromBytes(ReadOnlySpan<byte> bytes, string mimeType, string? fileName = null) => new()
    {
        Data = Convert.ToBase64String(bytes),
        MimeType = mimeType,
        FileName = fileName,
        FileExtension = fileName is null ? null : Path.GetExtension(fileName).TrimStart('.') is { Length: > 0 } e ? e : null,
        FileSize = FormatSize(bytes.Length),
    };

    /// <summary>The inline content's bytes (empty when the content is stored by reference).</summary>
    public byte[] GetBytes() => Data is null ? [] : Convert.FromBase64String(Data);

    /// <summary>n8n's size text: bytes as "N B", "N kB", "N MB" with one decimal.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{Math.Round(bytes / 1024.0, 1).ToString(System.Globalization.CultureInfo.InvariantCulture)} kB",
        _ => $"{Math.Round(bytes / (1024.0 * 1024), 1).ToString(System.Globalization.CultureInfo.InvariantCulture)} MB",
    };

    /// <summary>n8n's JSON shape.</summary>
    public JsObject ToJson()
    {
        var obj = new JsObject();
        if (Data is not null)
        {
            obj["data"] = Data;
        }

        if (Id is not null)
        {
            obj["id"] = Id;
        }

        obj["mimeType"] = MimeType;
        if (FileType is not null)
        {
            obj["fileType"] = FileType;
        }

        if (FileName is not null)
        {
            obj["fileName"] = FileName;
        }

        if (Directory is not null)
        {
            obj["directory"] = Directory;
        }

        if (FileExtension is not null)
        {
            obj["fileExtension"] = FileExtension;
        }

        if (FileSize is not null)
        {
            obj["fileSize"] = FileSize;
        }

        return obj;
    }

    /// <summary>Reads n8n's JSON shape.</summary>
    public static BinaryData FromJson(JsObject obj) => new()
    {
        Data = obj["data"].TryGetString(),
        Id = obj["id"].TryGetString(),
        MimeType = obj["mimeType"].TryGetString() ?? "application/octet-stream",
        FileName = obj["fileName"].TryGetString(),
        FileExtension = obj["fileExtension"].TryGetString(),
        FileType = obj["fileType"].TryGetString(),
        FileSize = obj["fileSize"].TryGetString(),
        Directory = obj["directory"].TryGetString(),
    };
}
