using System.Security.Cryptography;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Values.Jwt;

/// <summary>The key material of a <c>jwtAuth</c> credential: a passphrase (HMAC) or PEM keys (RSA, RSA-PSS, ECDSA).</summary>
internal sealed record JwtKey(string KeyType, string? Secret, string? PrivateKeyPem, string? PublicKeyPem, string Algorithm)
{
    /// <summary>Reads the credential's fields (<c>keyType, secret, privateKey, publicKey, algorithm</c>).</summary>
    public static JwtKey FromCredential(JsObject credential) => new(
        credential["keyType"].TryGetString() ?? "passphrase",
        credential["secret"].TryGetString(),
        credential["privateKey"].TryGetString(),
        credential["publicKey"].TryGetString(),
        credential["algorithm"].TryGetString() ?? "HS256");

    /// <summary>The HMAC key; fails when the credential holds PEM keys.</summary>
    public byte[] HmacKey(string algorithm)
    {
        if (KeyType != "passphrase")
        {
            throw new JwtException($"The algorithm {algorithm} needs a passphrase, but the credential holds PEM keys. Choose an RS, PS or ES algorithm, or switch the credential's key type to passphrase.");
        }

        return Encoding.UTF8.GetBytes(Secret ?? string.Empty);
    }

    /// <summary>An RSA key from the private (signing) or public (verifying) PEM; a private key also verifies.</summary>
    public RSA Rsa(bool forSigning, string algorithm)
    {
        var pem = Pem(forSigning, algorithm);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw new JwtException($"The {(forSigning ? "private" : "public")} key is not a valid RSA key in PEM format: {e.Message}");
        }
    }

    /// <summary>An EC key from the private (signing) or public (verifying) PEM.</summary>
    public ECDsa Ec(bool forSigning, string algorithm)
    {
        var pem = Pem(forSigning, algorithm);
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return ec;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ec.Dispose();
            throw new JwtException($"The {(forSigning ? "private" : "public")} key is not a valid EC key in PEM format: {e.Message}");
        }
    }

    private string Pem(bool forSigning, string algorithm)
    {
        if (KeyType != "pemKey")
        {
            throw new JwtException($"The algorithm {algorithm} needs PEM keys, but the credential holds a passphrase. Choose an HS algorithm, or switch the credential's key type to PEM key.");
        }

        var pem = forSigning ? PrivateKeyPem : (string.IsNullOrWhiteSpace(PublicKeyPem) ? PrivateKeyPem : PublicKeyPem);
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new JwtException($"The credential has no {(forSigning ? "private" : "public")} key. Paste it in PEM format.");
        }

        return pem.Replace("\\n", "\n", StringComparison.Ordinal);
    }
}

/// <summary>A JWT could not be signed, decoded or verified; the message matches the <c>jsonwebtoken</c> wording n8n shows.</summary>
internal sealed class JwtException(string message) : Exception(message);
