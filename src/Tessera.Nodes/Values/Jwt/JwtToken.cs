using System.Security.Cryptography;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Values.Jwt;

/// <summary>A decoded JWT: its header and payload objects and the base64url signature.</summary>
internal sealed record DecodedJwt(JsObject Header, JsValue Payload, string Signature, string SigningInput)
{
    /// <summary>n8n's "complete" output: <c>{ header, payload, signature }</c>.</summary>
    public JsObject ToComplete() => new() { ["header"] = Header, ["payload"] = Payload, ["signature"] = Signature };
}

/// <summary>Options of a verification (mirrors the node's options).</summary>
internal sealed record JwtVerifyOptions(bool IgnoreExpiration, bool IgnoreNotBefore, double ClockToleranceSeconds, DateTimeOffset Now);

/// <summary>Compact JWS serialisation (RFC 7515/7519) with HS*, RS*, PS* and ES* algorithms, written on System.Security.Cryptography.</summary>
internal static class JwtToken
{
    public static readonly string[] Algorithms = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>Signs <paramref name="payload"/> with <paramref name="header"/> (whose <c>alg</c> is set to <paramref name="algorithm"/>).</summary>
    public static string Sign(JsObject header, JsValue payload, string algorithm, JwtKey key)
    {
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(JsonCodec.Serialize(header))) + "." +
                           Base64Url(Encoding.UTF8.GetBytes(payload.IsString ? payload.AsString() : JsonCodec.Serialize(payload)));
        var signature = CreateSignature(algorithm, key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>Decodes without checking the signature.</summary>
    public static DecodedJwt Decode(string token)
    {
        var parts = (token ?? string.Empty).Trim().Split('.');
        if (parts.Length != 3)
        {
            throw new JwtException("jwt malformed");
        }

        try
        {
            var header = JsonCodec.Parse(Encoding.UTF8.GetString(FromBase64Url(parts[0]))).TryGetObject() ?? throw new JwtException("invalid token");
            var payloadText = Encoding.UTF8.GetString(FromBase64Url(parts[1]));
            JsValue payload;
            try
            {
                payload = JsonCodec.Parse(payloadText);
            }
            catch (Exception e) when (e is not JwtException)
            {
                payload = payloadText; // jsonwebtoken keeps non-JSON payloads as strings
            }

            return new DecodedJwt(header, payload, parts[2], parts[0] + "." + parts[1]);
        }
        catch (Exception e) when (e is FormatException or JsonFormatException)
        {
            throw new JwtException("invalid token");
        }
    }

    /// <summary>Checks the signature (with the expected algorithm) and the time claims, then returns the decoded token.</summary>
    public static DecodedJwt Verify(string token, string algorithm, JwtKey key, JwtVerifyOptions options)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new JwtException("jwt must be provided");
        }

        var decoded = Decode(token);
        var alg = decoded.Header["alg"].TryGetString();
        if (alg != algorithm)
        {
            throw new JwtException("invalid algorithm");
        }

        byte[] signature;
        try
        {
            signature = FromBase64Url(decoded.Signature);
        }
        catch (FormatException)
        {
            throw new JwtException("invalid signature");
        }

        if (!CheckSignature(algorithm, key, Encoding.ASCII.GetBytes(decoded.SigningInput), signature))
        {
            throw new JwtException("invalid signature");
        }

        if (decoded.Payload.TryGetObject() is { } claims)
        {
            var now = options.Now.ToUnixTimeMilliseconds() / 1000.0;
            if (!options.IgnoreNotBefore && claims.TryGetValue("nbf", out var nbf))
            {
                if (!nbf.IsNumber)
                {
                    throw new JwtException("invalid nbf value");
                }

                if (Math.Floor(now) + options.ClockToleranceSeconds < nbf.AsNumber())
                {
                    throw new JwtException("jwt not active");
                }
            }

            if (!options.IgnoreExpiration && claims.TryGetValue("exp", out var exp))
            {
                if (!exp.IsNumber)
                {
                    throw new JwtException("invalid exp value");
                }

                if (Math.Floor(now) - options.ClockToleranceSeconds >= exp.AsNumber())
                {
                    throw new JwtException("jwt expired");
                }
            }
        }

        return decoded;
    }

    private static byte[] CreateSignature(string algorithm, JwtKey key, byte[] data)
    {
        var (family, hash) = Parse(algorithm);
        switch (family)
        {
            case "HS":
                var hmacKey = key.HmacKey(algorithm);
                return hash.Name switch
                {
                    "SHA256" => HMACSHA256.HashData(hmacKey, data),
                    "SHA384" => HMACSHA384.HashData(hmacKey, data),
                    _ => HMACSHA512.HashData(hmacKey, data),
                };
            case "RS" or "PS":
                using (var rsa = key.Rsa(forSigning: true, algorithm))
                {
                    return rsa.SignData(data, hash, family == "RS" ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
                }

            default:
                using (var ec = key.Ec(forSigning: true, algorithm))
                {
                    return ec.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }
        }
    }

    private static bool CheckSignature(string algorithm, JwtKey key, byte[] data, byte[] signature)
    {
        var (family, hash) = Parse(algorithm);
        switch (family)
        {
            case "HS":
                return CryptographicOperations.FixedTimeEquals(CreateSignature(algorithm, key, data), signature);
            case "RS" or "PS":
                using (var rsa = key.Rsa(forSigning: false, algorithm))
                {
                    return rsa.VerifyData(data, signature, hash, family == "RS" ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
                }

            default:
                using (var ec = key.Ec(forSigning: false, algorithm))
                {
                    return ec.VerifyData(data, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }
        }
    }

    private static (string Family, HashAlgorithmName Hash) Parse(string algorithm)
    {
        if (!Algorithms.Contains(algorithm))
        {
            throw new JwtException($"\"{algorithm}\" is not a valid algorithm. Use one of {string.Join(", ", Algorithms)}.");
        }

        var hash = algorithm[2..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        return (algorithm[..2], hash);
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", 0 => string.Empty, _ => throw new FormatException("Invalid base64url length.") };
        return Convert.FromBase64String(s);
    }
}
