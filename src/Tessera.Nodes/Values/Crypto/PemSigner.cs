using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Tessera.Nodes.Values.Crypto;

/// <summary>Signs data with a PEM private key the way Node's <c>crypto.createSign(alg).sign(key)</c> does (PKCS#1 v1.5 for RSA, DER ECDSA for EC).</summary>
internal static class PemSigner
{
    public static byte[] Sign(string algorithm, string privateKeyPem, ReadOnlySpan<byte> data)
    {
        var pem = privateKeyPem.Replace("\\n", "\n", StringComparison.Ordinal);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new ArgumentException("The private key is not in PEM format. Paste it including the '-----BEGIN … PRIVATE KEY-----' lines.", nameof(privateKeyPem));
        }

        var label = pem[fields.Label];
        if (label is "EC PRIVATE KEY")
        {
            return SignEc(algorithm, pem, data);
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            if (label == "PRIVATE KEY")
            {
                return SignEc(algorithm, pem, data);
            }

            throw new ArgumentException($"The private key could not be read: {e.Message}", nameof(privateKeyPem), e);
        }

        var digest = CryptoAlgorithms.Hash(algorithm, data);
        var name = PlatformHashName(algorithm);
        if (name is { } hashName)
        {
            try
            {
                return rsa.SignHash(digest, hashName, RSASignaturePadding.Pkcs1);
            }
            catch (CryptographicException)
            {
                // Legacy small keys (e.g. 512-bit) may be refused by the platform's policy; Node signs them, so do it by hand.
            }
        }

        var (modulus, exponent) = ReadModulusAndPrivateExponent(pem, fields);
        return SignPkcs1Manually(modulus, exponent, CryptoAlgorithms.DigestInfoPrefix(algorithm), digest);
    }

    private static byte[] SignEc(string algorithm, string pem, ReadOnlySpan<byte> data)
    {
        using var ec = ECDsa.Create();
        ec.ImportFromPem(pem);
        var digest = CryptoAlgorithms.Hash(algorithm, data);
        return ec.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static HashAlgorithmName? PlatformHashName(string algorithm) => CryptoAlgorithms.Normalize(algorithm) switch
    {
        "MD5" => HashAlgorithmName.MD5,
        "SHA1" => HashAlgorithmName.SHA1,
        "SHA256" => HashAlgorithmName.SHA256,
        "SHA384" => HashAlgorithmName.SHA384,
        "SHA512" => HashAlgorithmName.SHA512,
        "SHA3-256" => HashAlgorithmName.SHA3_256,
        "SHA3-384" => HashAlgorithmName.SHA3_384,
        "SHA3-512" => HashAlgorithmName.SHA3_512,
        _ => null,
    };

    // EMSA-PKCS1-v1_5 encoding followed by the RSA private operation s = m^d mod n (RFC 8017 §8.2.1, §5.1.2).
    private static byte[] SignPkcs1Manually(BigInteger modulus, BigInteger privateExponent, byte[] prefix, byte[] digest)
    {
        var k = (int)((modulus.GetBitLength() + 7) / 8);
        var t = prefix.Length + digest.Length;
        if (k < t + 11)
        {
            throw new ArgumentException("The RSA key is too short for this digest algorithm.");
        }

        var em = new byte[k];
        em[1] = 0x01;
        em.AsSpan(2, k - t - 3).Fill(0xff);
        prefix.CopyTo(em, k - t);
        digest.CopyTo(em, k - digest.Length);

        var s = BigInteger.ModPow(ToBig(em), privateExponent, modulus);
        var bytes = s.ToByteArray(isUnsigned: true, isBigEndian: true);
        var signature = new byte[k];
        bytes.CopyTo(signature, k - bytes.Length);
        return signature;
    }

    // Reads n and d straight from the DER: the platform refuses to export some legacy keys whose primes differ in length.
    private static (BigInteger Modulus, BigInteger PrivateExponent) ReadModulusAndPrivateExponent(string pem, PemFields fields)
    {
        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        var reader = new AsnReader(der, AsnEncodingRules.BER);
        var sequence = reader.ReadSequence();
        sequence.ReadInteger(); // version
        if (sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            // PKCS#8: skip the algorithm identifier and unwrap the PKCS#1 key inside the octet string.
            sequence.ReadSequence();
            sequence = new AsnReader(sequence.ReadOctetString(), AsnEncodingRules.BER).ReadSequence();
            sequence.ReadInteger();
        }

        var modulus = sequence.ReadInteger();
        sequence.ReadInteger(); // public exponent
        var privateExponent = sequence.ReadInteger();
        return (modulus, privateExponent);
    }

    private static BigInteger ToBig(byte[] bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);
}
