using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tessera.Nodes.Values.Totp;

/// <summary>Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) with a base32 secret (RFC 4648).</summary>
internal static class TotpGenerator
{
    /// <summary>The token for <paramref name="unixSeconds"/>.</summary>
    public static string Generate(byte[] key, long unixSeconds, string algorithm = "SHA1", int digits = 6, int period = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, Math.DivRem(unixSeconds, period, out var remainder) - (remainder < 0 ? 1 : 0));
        var mac = algorithm.ToUpperInvariant() switch
        {
            "SHA1" => HMACSHA1.HashData(key, counter),
            "SHA256" => HMACSHA256.HashData(key, counter),
            "SHA512" => HMACSHA512.HashData(key, counter),
            _ => throw new ArgumentException($"The algorithm '{algorithm}' is not supported; use SHA1, SHA256 or SHA512.", nameof(algorithm)),
        };

        // Dynamic truncation (RFC 4226 §5.3).
        var offset = mac[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadUInt32BigEndian(mac.AsSpan(offset)) & 0x7fffffff);
        var modulus = (long)Math.Pow(10, Math.Min(digits, 10));
        return (binary % modulus).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>Seconds until the current token changes.</summary>
    public static int SecondsRemaining(long unixSeconds, int period) => (int)(period - (((unixSeconds % period) + period) % period));

    /// <summary>Decodes an RFC 4648 base32 string; spaces, hyphens and padding are ignored, case does not matter.</summary>
    public static byte[] DecodeBase32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var raw in text)
        {
            if (raw is ' ' or '-' or '=')
            {
                continue;
            }

            var value = Alphabet.IndexOf(char.ToUpperInvariant(raw), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"The secret contains '{raw}', which is not a base32 character (A-Z, 2-7).");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. output];
    }
}
