using System.Globalization;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Files;

/// <summary>
/// Rich Text Format tables: a writer that lays a sheet out as one RTF table (one <c>\trowd … \row</c> per row, as SheetJS
/// exports it) and a reader that takes the cells of the tables in any RTF document back, recognising numbers and TRUE/FALSE.
/// </summary>
internal static class Rtf
{
    // Destinations whose text is not document content.
    private static readonly HashSet<string> SkippedDestinations =
    [
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "headerl", "headerr", "footerl", "footerr",
        "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "themedata", "colorschememapping", "latentstyles",
        "datastore", "object", "fldinst", "filetbl", "revtbl", "pgdsctbl", "footnote", "nonshppict", "bkmkstart", "bkmkend",
    ];

    public static byte[] Write(Worksheet sheet)
    {
        var sb = new StringBuilder("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\n");
        if (!sheet.IsEmpty)
        {
            var columns = sheet.MaxCol + 1;
            for (var r = 0; r <= sheet.MaxRow; r++)
            {
                sb.Append("\\trowd\\trgaph108");
                for (var c = 1; c <= columns; c++)
                {
                    sb.Append("\\cellx").Append((c * 1440).ToString(CultureInfo.InvariantCulture));
                }

                sb.Append('\n');
                for (var c = 0; c < columns; c++)
                {
                    sb.Append("\\pard\\intbl");
                    if (sheet.TryGet(r, c, out var cell))
                    {
                        if (cell.Value.IsNumber)
                        {
                            sb.Append("\\qr");
                        }

                        sb.Append(' ');
                        AppendText(sb, cell.Value.IsString ? cell.Value.AsString() : cell.Text);
                    }

                    sb.Append("\\cell\n");
                }

                sb.Append("\\row\n");
            }
        }

        sb.Append('}');
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static void AppendText(StringBuilder sb, string text)
    {
        Span<char> units = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            switch (v)
            {
                case '\\' or '{' or '}':
                    sb.Append('\\').Append((char)v);
                    break;
                case '\n':
                    sb.Append("\\line ");
                    break;
                case '\r':
                    break;
                case '\t':
                    sb.Append("\\tab ");
                    break;
                case < 0x80:
                    sb.Append((char)v);
                    break;
                default:
                    // \uN takes a signed 16-bit number; characters beyond the BMP go as their UTF-16 surrogates.
                    var count = rune.EncodeToUtf16(units);
                    for (var i = 0; i < count; i++)
                    {
                        sb.Append("\\u").Append(((short)units[i]).ToString(CultureInfo.InvariantCulture)).Append('?');
                    }

                    break;
            }
        }
    }

    public static Workbook Read(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        if (!text.TrimStart().StartsWith("{\\rtf", StringComparison.Ordinal))
        {
            throw new SpreadsheetFormatException("The file is not an RTF document (it does not start with {\\rtf)");
        }

        var rows = new Parser(text).Rows();
        var sheet = new Worksheet("Sheet1");
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Count; c++)
            {
                var cell = rows[r][c].Trim();
                if (cell.Length > 0)
                {
                    sheet.Set(r, c, new SheetCell(CellFormat.Infer(cell), cell));
                }
            }
        }

        return new Workbook([sheet]);
    }

    private sealed class Parser(string text)
    {
        private readonly List<List<string>> rows = [];
        private readonly StringBuilder cell = new();
        private readonly List<byte> pendingBytes = [];
        private List<string> row = [];
        private Encoding codePage = Windows1252();
        private int pos;

        public List<List<string>> Rows()
        {
            // Each group remembers whether it is skipped and how many fallback characters follow \uN.
            var stack = new Stack<(bool Skip, int UnicodeSkip)>();
            var skip = false;
            var unicodeSkip = 1;
            var pendingFallback = 0;
            var groupStart = false;
            while (pos < text.Length)
            {
                var c = text[pos];
                if (c == '{')
                {
                    FlushBytes();
                    stack.Push((skip, unicodeSkip));
                    groupStart = true;
                    pos++;
                    continue;
                }

                if (c == '}')
                {
                    FlushBytes();
                    (skip, unicodeSkip) = stack.Count > 0 ? stack.Pop() : (false, 1);
                    groupStart = false;
                    pos++;
                    continue;
                }

                if (c == '\\')
                {
                    var (word, param, hasParam, symbol) = ReadControl();
                    var atGroupStart = groupStart;
                    groupStart = false;
                    if (symbol is { } sym)
                    {
                        switch (sym)
                        {
                            case '*' when atGroupStart:
                                skip = true;
                                break;
                            case '\'':
                                if (pos + 2 <= text.Length && byte.TryParse(text.AsSpan(pos, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                                {
                                    pos += 2;
                                    if (pendingFallback > 0)
                                    {
                                        pendingFallback--;
                                    }
                                    else if (!skip)
                                    {
                                        pendingBytes.Add(b);
                                    }
                                }

                                break;
                            case '~':
                                Emit(skip, "\u00A0", ref pendingFallback);
                                break;
                            case '_':
                                Emit(skip, "\u2011", ref pendingFallback);
                                break;
                            case '\\' or '{' or '}':
                                Emit(skip, sym.ToString(), ref pendingFallback);
                                break;
                            case '\n' or '\r':
                                Emit(skip, "\n", ref pendingFallback);
                                break;
                        }

                        continue;
                    }

                    FlushBytes();
                    if (atGroupStart && SkippedDestinations.Contains(word))
                    {
                        skip = true;
                        continue;
                    }

                    switch (word)
                    {
                        case "ansicpg" when hasParam:
                            codePage = CodePage(param) ?? codePage;
                            break;
                        case "uc" when hasParam:
                            unicodeSkip = Math.Max(0, param);
                            break;
                        case "u" when hasParam:
                            if (!skip)
                            {
                                cell.Append((char)(short)param);
                            }

                            pendingFallback = unicodeSkip;
                            break;
                        case "cell" or "nestcell":
                            row.Add(cell.ToString());
                            cell.Clear();
                            break;
                        case "row" or "nestrow":
                            if (cell.ToString().Trim().Length > 0)
                            {
                                row.Add(cell.ToString());
                            }

                            cell.Clear();
                            rows.Add(row);
                            row = [];
                            break;
                        case "par" or "line" when !skip:
                            cell.Append('\n');
                            break;
                        case "tab" when !skip:
                            cell.Append('\t');
                            break;
                        case "trowd":
                            cell.Clear();
                            break;
                    }

                    continue;
                }

                groupStart = false;
                pos++;
                if (c is '\r' or '\n')
                {
                    continue;
                }

                if (pendingFallback > 0)
                {
                    pendingFallback--;
                    continue;
                }

                if (!skip)
                {
                    pendingBytes.Add((byte)c);
                }
            }

            FlushBytes();
            return rows;
        }

        private void Emit(bool skip, string value, ref int pendingFallback)
        {
            if (pendingFallback > 0)
            {
                pendingFallback--;
                return;
            }

            if (!skip)
            {
                FlushBytes();
                cell.Append(value);
            }
        }

        private void FlushBytes()
        {
            if (pendingBytes.Count > 0)
            {
                cell.Append(codePage.GetString([.. pendingBytes]));
                pendingBytes.Clear();
            }
        }

        // After a backslash: a control word with an optional number, or a control symbol.
        private (string Word, int Param, bool HasParam, char? Symbol) ReadControl()
        {
            pos++;
            if (pos >= text.Length)
            {
                return (string.Empty, 0, false, null);
            }

            if (!char.IsAsciiLetter(text[pos]))
            {
                return (string.Empty, 0, false, text[pos++]);
            }

            var start = pos;
            while (pos < text.Length && char.IsAsciiLetter(text[pos]))
            {
                pos++;
            }

            var word = text[start..pos];
            var numberStart = pos;
            if (pos < text.Length && text[pos] == '-')
            {
                pos++;
            }

            while (pos < text.Length && char.IsAsciiDigit(text[pos]) && pos - numberStart < 11)
            {
                pos++;
            }

            var hasParam = int.TryParse(text.AsSpan(numberStart, pos - numberStart), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var param);
            if (pos < text.Length && text[pos] == ' ')
            {
                pos++;
            }

            return (word, param, hasParam, null);
        }

        private static Encoding Windows1252()
        {
            _ = TextEncodings.Get("utf8"); // registers the code-page provider
            return Encoding.GetEncoding(1252);
        }

        private static Encoding? CodePage(int number)
        {
            try
            {
                _ = TextEncodings.Get("utf8");
                return Encoding.GetEncoding(number);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                return null;
            }
        }
    }
}
