using System.Buffers.Binary;

namespace Tessera.Nodes.Values.Crypto;

/// <summary>
/// MD4 (RFC 1320). Broken as a hash, but n8n offers <c>RSA-MD4</c> signatures and .NET has no MD4, so old
/// workflows that use it need this small implementation. Not used for anything security relevant by Tessera itself.
/// </summary>
internal static class Md4
{
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        var bitLength = (ulong)data.Length * 8;
        var paddedLength = ((data.Length + 8) / 64 + 1) * 64;
        var buffer = new byte[paddedLength];
        data.CopyTo(buffer);
        buffer[data.Length] = 0x80;
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(paddedLength - 8), bitLength);

        Span<uint> x = stackalloc uint[16];
        for (var offset = 0; offset < paddedLength; offset += 64)
        {
            for (var i = 0; i < 16; i++)
            {
                x[i] = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset + i * 4));
            }

            uint aa = a, bb = b, cc = c, dd = d;

            // Round 1: F(x,y,z) = (x & y) | (~x & z)
            ReadOnlySpan<int> s1 = [3, 7, 11, 19];
            for (var i = 0; i < 16; i++)
            {
                var f = (b & c) | (~b & d);
                var t = RotateLeft(a + f + x[i], s1[i % 4]);
                (a, b, c, d) = (d, t, b, c);
            }

            // Round 2: G(x,y,z) = (x & y) | (x & z) | (y & z), constant 0x5A827999
            ReadOnlySpan<int> s2 = [3, 5, 9, 13];
            ReadOnlySpan<int> order2 = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
            for (var i = 0; i < 16; i++)
            {
                var g = (b & c) | (b & d) | (c & d);
                var t = RotateLeft(a + g + x[order2[i]] + 0x5A827999u, s2[i % 4]);
                (a, b, c, d) = (d, t, b, c);
            }

            // Round 3: H(x,y,z) = x ^ y ^ z, constant 0x6ED9EBA1
            ReadOnlySpan<int> s3 = [3, 9, 11, 15];
            ReadOnlySpan<int> order3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
            for (var i = 0; i < 16; i++)
            {
                var h = b ^ c ^ d;
                var t = RotateLeft(a + h + x[order3[i]] + 0x6ED9EBA1u, s3[i % 4]);
                (a, b, c, d) = (d, t, b, c);
            }

            a += aa;
            b += bb;
            c += cc;
            d += dd;
        }

        var result = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(0), a);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), b);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), c);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(12), d);
        return result;
    }

    private static uint RotateLeft(uint value, int shift) => System.Numerics.BitOperations.RotateLeft(value, shift);
}
