using System.Buffers.Binary;
using System.Text;

namespace Tessera.Nodes.Files;

/// <summary>
/// The Compound File Binary container (MS-CFB) that holds the streams of legacy Office files such as .xls:
/// a reader for version 3 and 4 files (FAT, DIFAT, mini streams) and a version 3 writer for a flat list of streams.
/// </summary>
internal static class CompoundFile
{
    private static readonly byte[] Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private const uint FreeSector = 0xFFFFFFFF;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FatSector = 0xFFFFFFFD;
    private const uint DifatSector = 0xFFFFFFFC;
    private const uint NoStream = 0xFFFFFFFF;
    private const int SectorSize = 512;
    private const int MiniSectorSize = 64;
    private const int MiniCutoff = 4096;

    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>The streams of the file by name (top-level and nested alike; later duplicates are ignored).</summary>
    public static Dictionary<string, byte[]> Read(byte[] file)
    {
        if (file.Length < 512 || !HasSignature(file))
        {
            throw new SpreadsheetFormatException("The file is not an XLS workbook: it lacks the compound-file signature");
        }

        var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(0x1E));
        var miniShift = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(0x20));
        if (sectorShift is not (9 or 12) || miniShift != 6)
        {
            throw new SpreadsheetFormatException("The XLS file's compound-file header is damaged (unexpected sector size)");
        }

        var sectorSize = 1 << sectorShift;
        var totalSectors = (int)Math.Max(0, (file.Length - sectorSize + sectorSize - 1) / sectorSize);
        var fatCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(0x2C));
        var firstDir = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(0x30));
        var cutoff = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(0x38));
        var firstMiniFat = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(0x3C));
        var firstDifat = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(0x44));
        if (fatCount < 0 || fatCount > totalSectors + 1)
        {
            throw new SpreadsheetFormatException("The XLS file's compound-file header is damaged (bad FAT size)");
        }

        var fatSectors = new List<uint>();
        for (var i = 0; i < 109 && fatSectors.Count < fatCount; i++)
        {
            fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(0x4C + (i * 4))));
        }

        var difat = firstDifat;
        var guard = 0;
        while (fatSectors.Count < fatCount && difat < FatSector && guard++ <= totalSectors)
        {
            var sector = SectorSpan(file, difat, sectorSize);
            var perSector = (sectorSize / 4) - 1;
            for (var i = 0; i < perSector && fatSectors.Count < fatCount; i++)
            {
                fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(sector[(i * 4)..]));
            }

            difat = BinaryPrimitives.ReadUInt32LittleEndian(sector[(perSector * 4)..]);
        }

        var fat = new uint[fatSectors.Count * (sectorSize / 4)];
        for (var i = 0; i < fatSectors.Count; i++)
        {
            var sector = SectorSpan(file, fatSectors[i], sectorSize);
            for (var j = 0; j < sectorSize / 4; j++)
            {
                fat[(i * (sectorSize / 4)) + j] = BinaryPrimitives.ReadUInt32LittleEndian(sector[(j * 4)..]);
            }
        }

        var directory = Chain(file, fat, firstDir, sectorSize, long.MaxValue);
        var entries = new List<(string Name, int Type, uint Start, long Size)>();
        for (var offset = 0; offset + 128 <= directory.Length; offset += 128)
        {
            var entry = directory.AsSpan(offset, 128);
            var nameLength = Math.Clamp((int)BinaryPrimitives.ReadUInt16LittleEndian(entry[64..]), 2, 64);
            var name = Encoding.Unicode.GetString(entry[..(nameLength - 2)]);
            var type = entry[66];
            var start = BinaryPrimitives.ReadUInt32LittleEndian(entry[116..]);
            var size = sectorSize == 512 ? BinaryPrimitives.ReadUInt32LittleEndian(entry[120..]) : (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[120..]);
            entries.Add((name, type, start, size));
        }

        if (entries.Count == 0 || entries[0].Type != 5)
        {
            throw new SpreadsheetFormatException("The XLS file's compound-file directory is damaged (no root entry)");
        }

        var root = entries[0];
        byte[]? miniStream = null;
        uint[]? miniFat = null;
        var streams = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, type, start, size) in entries.Skip(1))
        {
            if (type != 2 || streams.ContainsKey(name))
            {
                continue;
            }

            if (size > file.Length * 2L + MiniCutoff)
            {
                throw new SpreadsheetFormatException($"The XLS file's stream '{name}' claims {size} bytes, more than the file holds");
            }

            if (size < cutoff)
            {
                miniStream ??= Chain(file, fat, root.Start, sectorSize, root.Size);
                miniFat ??= ToUInts(Chain(file, fat, firstMiniFat, sectorSize, long.MaxValue));
                streams[name] = MiniChain(miniStream, miniFat, start, size);
            }
            else
            {
                streams[name] = Chain(file, fat, start, sectorSize, size);
            }
        }

        return streams;
    }

    private static ReadOnlySpan<byte> SectorSpan(byte[] file, uint sector, int sectorSize)
    {
        var offset = ((long)sector + 1) * sectorSize;
        if (sector >= DifatSector || offset + sectorSize > file.Length)
        {
            // A last sector cut short by the writer is allowed; one wholly outside the file is damage.
            if (sector < DifatSector && offset < file.Length)
            {
                var padded = new byte[sectorSize];
                file.AsSpan((int)offset).CopyTo(padded);
                return padded;
            }

            throw new SpreadsheetFormatException($"The XLS file is truncated or damaged (sector {sector} lies outside the file)");
        }

        return file.AsSpan((int)offset, sectorSize);
    }

    private static byte[] Chain(byte[] file, uint[] fat, uint start, int sectorSize, long size)
    {
        using var output = new MemoryStream();
        var sector = start;
        var steps = 0;
        while (sector < DifatSector && output.Length < size)
        {
            if (sector >= fat.Length || steps++ > fat.Length)
            {
                throw new SpreadsheetFormatException("The XLS file's sector chains are damaged (a chain leaves the file or loops)");
            }

            output.Write(SectorSpan(file, sector, sectorSize));
            sector = fat[sector];
        }

        if (size != long.MaxValue && output.Length < size)
        {
            throw new SpreadsheetFormatException("The XLS file is truncated: a stream ends before its recorded size");
        }

        return size == long.MaxValue ? output.ToArray() : output.GetBuffer().AsSpan(0, (int)size).ToArray();
    }

    private static byte[] MiniChain(byte[] miniStream, uint[] miniFat, uint start, long size)
    {
        var output = new byte[size];
        var sector = start;
        var written = 0;
        var steps = 0;
        while (written < size)
        {
            var offset = (long)sector * MiniSectorSize;
            if (sector >= miniFat.Length || offset + MiniSectorSize > miniStream.Length || steps++ > miniFat.Length)
            {
                throw new SpreadsheetFormatException("The XLS file's mini-stream chains are damaged");
            }

            var count = (int)Math.Min(MiniSectorSize, size - written);
            miniStream.AsSpan((int)offset, count).CopyTo(output.AsSpan(written));
            written += count;
            sector = miniFat[sector];
        }

        return output;
    }

    private static uint[] ToUInts(byte[] bytes)
    {
        var result = new uint[bytes.Length / 4];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        }

        return result;
    }

    /// <summary>A version 3 compound file holding <paramref name="streams"/> at the top level.</summary>
    public static byte[] Write(IReadOnlyList<(string Name, byte[] Data)> streams)
    {
        // Small streams live in the mini stream (64-byte sectors), itself stored as the root entry's data.
        var mini = new MemoryStream();
        var miniFat = new List<uint>();
        var starts = new uint[streams.Count];
        foreach (var (i, data) in streams.Select((s, i) => (i, s.Data)))
        {
            if (data.Length >= MiniCutoff || data.Length == 0)
            {
                continue;
            }

            var first = miniFat.Count;
            starts[i] = (uint)first;
            var count = (data.Length + MiniSectorSize - 1) / MiniSectorSize;
            for (var k = 0; k < count; k++)
            {
                miniFat.Add(k == count - 1 ? EndOfChain : (uint)(first + k + 1));
            }

            mini.Write(data);
            mini.Write(new byte[(count * MiniSectorSize) - data.Length]);
        }

        var miniBytes = mini.ToArray();
        var miniFatSectors = Sectors(miniFat.Count * 4);
        var dirSectors = Sectors((streams.Count + 1) * 128);
        var dataSectors = Sectors(miniBytes.Length) + streams.Where(s => s.Data.Length >= MiniCutoff).Sum(s => Sectors(s.Data.Length));
        int fatCount = 1, difatCount = 0;
        while (true)
        {
            var total = fatCount + difatCount + miniFatSectors + dirSectors + dataSectors;
            var needFat = (total + (SectorSize / 4) - 1) / (SectorSize / 4);
            var needDifat = needFat > 109 ? (needFat - 109 + 126) / 127 : 0;
            if (needFat == fatCount && needDifat == difatCount)
            {
                break;
            }

            (fatCount, difatCount) = (needFat, needDifat);
        }

        var fat = new List<uint>();
        for (var i = 0; i < fatCount; i++)
        {
            fat.Add(FatSector);
        }

        for (var i = 0; i < difatCount; i++)
        {
            fat.Add(DifatSector);
        }

        uint AddChain(int sectors)
        {
            if (sectors == 0)
            {
                return EndOfChain;
            }

            var first = (uint)fat.Count;
            for (var k = 0; k < sectors; k++)
            {
                fat.Add(k == sectors - 1 ? EndOfChain : (uint)(fat.Count + 1));
            }

            return first;
        }

        var miniFatStart = AddChain(miniFatSectors);
        var dirStart = AddChain(dirSectors);
        var miniStreamStart = AddChain(Sectors(miniBytes.Length));
        for (var i = 0; i < streams.Count; i++)
        {
            if (streams[i].Data.Length >= MiniCutoff)
            {
                starts[i] = AddChain(Sectors(streams[i].Data.Length));
            }
            else if (streams[i].Data.Length == 0)
            {
                starts[i] = EndOfChain;
            }
        }

        while (fat.Count % (SectorSize / 4) != 0)
        {
            fat.Add(FreeSector);
        }

        using var output = new MemoryStream();
        var header = new byte[SectorSize];
        Signature.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x18), 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x1A), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x1C), 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x1E), 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x20), 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0x2C), (uint)fatCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0x30), dirStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0x38), MiniCutoff);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0x3C), miniFatStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0x40), (uint)miniFatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0x44), difatCount > 0 ? (uint)fatCount : EndOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0x48), (uint)difatCount);
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0x4C + (i * 4)), i < fatCount ? (uint)i : FreeSector);
        }

        output.Write(header);
        foreach (var entry in fat)
        {
            WriteUInt(output, entry);
        }

        // DIFAT sectors list the FAT sectors beyond the 109 in the header, 127 per sector plus a link to the next.
        for (var d = 0; d < difatCount; d++)
        {
            for (var k = 0; k < 127; k++)
            {
                var index = 109 + (d * 127) + k;
                WriteUInt(output, index < fatCount ? (uint)index : FreeSector);
            }

            WriteUInt(output, d == difatCount - 1 ? EndOfChain : (uint)(fatCount + d + 1));
        }

        foreach (var entry in miniFat)
        {
            WriteUInt(output, entry);
        }

        Pad(output);
        WriteDirectory(output, streams, starts, miniStreamStart, miniBytes.Length);
        Pad(output);
        output.Write(miniBytes);
        Pad(output);
        foreach (var (_, data) in streams.Where(s => s.Data.Length >= MiniCutoff))
        {
            output.Write(data);
            Pad(output);
        }

        return output.ToArray();
    }

    private static void WriteDirectory(MemoryStream output, IReadOnlyList<(string Name, byte[] Data)> streams, uint[] starts, uint miniStart, int miniSize)
    {
        // The root's children form a red-black tree; a chain of right siblings in sorted order is a valid (if unbalanced) one.
        var order = streams.Select((s, i) => (s.Name, i)).OrderBy(s => s.Name.Length).ThenBy(s => s.Name.ToUpperInvariant(), StringComparer.Ordinal).ToList();
        var rightOf = new uint[streams.Count];
        for (var k = 0; k < order.Count; k++)
        {
            rightOf[order[k].i] = k + 1 < order.Count ? (uint)(order[k + 1].i + 1) : NoStream;
        }

        var firstChild = order.Count > 0 ? (uint)(order[0].i + 1) : NoStream;
        WriteEntry(output, "Root Entry", 5, NoStream, NoStream, firstChild, miniSize == 0 ? EndOfChain : miniStart, miniSize);
        for (var i = 0; i < streams.Count; i++)
        {
            WriteEntry(output, streams[i].Name, 2, NoStream, rightOf[i], NoStream, starts[i], streams[i].Data.Length);
        }

        // Unused entries in the last directory sector are marked empty.
        for (var i = streams.Count + 1; i % (SectorSize / 128) != 0; i++)
        {
            WriteEntry(output, string.Empty, 0, NoStream, NoStream, NoStream, 0, 0);
        }
    }

    private static void WriteEntry(MemoryStream output, string name, byte type, uint left, uint right, uint child, uint start, long size)
    {
        var entry = new byte[128];
        var nameBytes = Encoding.Unicode.GetBytes(name.Length > 31 ? name[..31] : name);
        nameBytes.CopyTo(entry, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(64), (ushort)(nameBytes.Length == 0 ? 0 : nameBytes.Length + 2));
        entry[66] = type;
        entry[67] = (byte)(type == 0 ? 0 : 1); // black
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(68), left);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(72), right);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(76), child);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(116), start);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(120), (ulong)size);
        output.Write(entry);
    }

    private static int Sectors(int bytes) => (bytes + SectorSize - 1) / SectorSize;

    private static void WriteUInt(Stream output, uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        output.Write(buffer);
    }

    private static void Pad(MemoryStream output)
    {
        var rest = (int)(output.Length % SectorSize);
        if (rest != 0)
        {
            output.Write(new byte[SectorSize - rest]);
        }
    }
}
