using System.Xml;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Files;

/// <summary>Reads and writes the binary and rich spreadsheet formats (XLSX, XLS, ODS, RTF) the file nodes offer.</summary>
internal static class SpreadsheetFormats
{
    public static bool IsSupported(string format) => format is "xlsx" or "xls" or "ods" or "rtf";

    public static string MimeType(string format) => format switch
    {
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls" => "application/vnd.ms-excel",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "rtf" => "application/rtf",
        _ => "application/octet-stream",
    };

    /// <summary>Writes <paramref name="items"/> as one sheet: a header row of field names (unless turned off) and a row per item.</summary>
    public static byte[] Write(string format, IReadOnlyList<Item> items, JsObject options)
    {
        var headerRow = !options["headerRow"].IsBoolean || options["headerRow"].AsBoolean();
        var compress = options["compression"].IsBoolean && options["compression"].AsBoolean();
        var sheetName = options["sheetName"].TryGetString() is { Length: > 0 } n ? n : "Sheet";
        var sheet = Worksheet.FromRows(sheetName, Spreadsheet.FromItems(items, headerRow));
        try
        {
            return format switch
            {
                "xlsx" => Xlsx.Write(sheet, compress),
                "ods" => Ods.Write(sheet, compress),
                "xls" => Xls.Write(sheet),
                "rtf" => Rtf.Write(sheet),
                _ => throw new NodeOperationException($"Writing {format.ToUpperInvariant()} files is not supported", description: "Choose CSV, HTML, ODS, RTF, XLS or XLSX."),
            };
        }
        catch (SpreadsheetFormatException e)
        {
            throw new NodeOperationException(e.Message, description: "Write fewer rows or columns, or choose XLSX.", inner: e);
        }
    }

    /// <summary>The sheet named in the options (the first sheet by default) of a file in <paramref name="format"/>.</summary>
    public static Worksheet Read(string format, byte[] bytes, string? sheetName, int itemIndex)
    {
        Workbook workbook;
        try
        {
            workbook = format switch
            {
                "xlsx" => Xlsx.Read(bytes),
                "xls" => Xls.Read(bytes),
                "ods" => Ods.Read(bytes),
                "rtf" => Rtf.Read(bytes),
                _ => throw new SpreadsheetFormatException($"Reading {format.ToUpperInvariant()} files is not supported"),
            };
        }
        catch (Exception e) when (e is SpreadsheetFormatException or XmlException or InvalidDataException or EndOfStreamException
            or ArgumentException or IndexOutOfRangeException or OverflowException or FormatException)
        {
            var message = e is SpreadsheetFormatException ? e.Message : $"The file is not a valid {format.ToUpperInvariant()} file: {e.Message}";
            throw ItemLoop.Fail(message, itemIndex, $"Check that the file really is an {format.ToUpperInvariant()} spreadsheet and is not damaged or truncated.", e);
        }

        if (workbook.Sheets.Count == 0)
        {
            throw ItemLoop.Fail($"The {format.ToUpperInvariant()} file contains no worksheet", itemIndex, "Check that the file holds at least one sheet with cells.");
        }

        if (string.IsNullOrEmpty(sheetName))
        {
            return workbook.Sheets[0];
        }

        return workbook.Sheets.FirstOrDefault(s => s.Name == sheetName)
            ?? throw ItemLoop.Fail($"The spreadsheet has no sheet named '{sheetName}'", itemIndex,
                $"Set 'Sheet Name' to one of: {string.Join(", ", workbook.Sheets.Select(s => $"'{s.Name}'"))}.");
    }

    /// <summary>Guesses a file's spreadsheet format from its first bytes, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (CompoundFile.HasSignature(bytes))
        {
            return "xls";
        }

        if (bytes.StartsWith("{\\rtf"u8))
        {
            return "rtf";
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            // An ODS package starts with its uncompressed "mimetype" entry.
            return bytes.Length > 80 && bytes[..Math.Min(bytes.Length, 120)].IndexOf("opendocument.spreadsheet"u8) >= 0 ? "ods" : "xlsx";
        }

        return null;
    }

}
