using System.Security.Cryptography;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Values.Jwt;

namespace Tessera.Nodes.Tests.Values.Jwt;

public sealed class JwtNodeTests
{
    private static readonly JsObject Passphrase = new() { ["keyType"] = "passphrase", ["secret"] = "secret", ["algorithm"] = "HS256" };

    private static async Task<JsObject> RunOne(JsObject parameters, JsObject? credential = null, JsObject? input = null, DateTimeOffset? now = null, string? onError = null)
    {
        var harness = new ValueNodesHarness
        {
            Parameters = parameters,
            Items = [new Item(input ?? new JsObject())],
            Credentials = new() { ["jwtAuth"] = credential ?? Passphrase },
            Now = now ?? DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            OnError = onError,
        };
        return Assert.Single(await harness.RunAsync(new JwtNode())).Json;
    }

    private static Task<JsObject> SignAsync(JsObject parameters, JsObject? credential = null, DateTimeOffset? now = null) => RunOne(parameters, credential, now: now);

    private static JsObject Token(JsObject signed) => new() { ["token"] = signed["token"] };

    [Fact]
    public async Task Sign_Claims_DecodeReturnsClaimsAndIat()
    {
        var signed = await SignAsync(new JsObject { ["claims"] = new JsObject { ["audience"] = "test", ["issuer"] = "test", ["jwtid"] = "123", ["subject"] = "test" } });

        var payload = await RunOne(new JsObject { ["operation"] = "decode", ["token"] = "={{ $json.token }}" }, input: Token(signed));

        Assert.Equal("test", payload["audience"].AsString());
        Assert.Equal("123", payload["jwtid"].AsString());
        Assert.Equal(1_700_000_000, payload["iat"].AsNumber());
    }

    [Fact]
    public async Task Sign_UseJsonWithDefaultPayload_SignsN8nDefaultFields()
    {
        var signed = await SignAsync(new JsObject { ["useJson"] = true });

        var payload = await RunOne(new JsObject { ["operation"] = "verify", ["token"] = "={{ $json.token }}" }, input: Token(signed));

        Assert.Equal("value 1", payload["my_field_1"].AsString());
        Assert.Equal("value 2", payload["my_field_2"].AsString());
    }

    [Fact]
    public async Task Sign_KidAndHeaderClaims_HeaderClaimsWin()
    {
        var signed = await SignAsync(new JsObject
        {
            ["claims"] = new JsObject { ["subject"] = "s" },
            ["headerClaims"] = "{ \"x5t\": \"abc123thumbprint\", \"kid\": \"header-kid\" }",
            ["options"] = new JsObject { ["kid"] = "option-kid" },
        });

        var complete = await RunOne(new JsObject { ["operation"] = "decode", ["token"] = "={{ $json.token }}", ["options"] = new JsObject { ["complete"] = true } }, input: Token(signed));

        var header = complete["header"].AsObject();
        Assert.Equal("HS256", header["alg"].AsString());
        Assert.Equal("JWT", header["typ"].AsString());
        Assert.Equal("header-kid", header["kid"].AsString());
        Assert.Equal("abc123thumbprint", header["x5t"].AsString());
        Assert.Equal("s", complete["payload"]["subject"].AsString());
        Assert.True(complete["signature"].IsString);
    }

    [Fact]
    public async Task Verify_KnownHs256Token_FromJwtIo_Verifies()
    {
        // jwt.io's example token, signed with "your-256-bit-secret".
        const string token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        var credential = new JsObject { ["keyType"] = "passphrase", ["secret"] = "your-256-bit-secret", ["algorithm"] = "HS256" };

        var payload = await RunOne(new JsObject { ["operation"] = "verify", ["token"] = token }, credential);

        Assert.Equal("John Doe", payload["name"].AsString());
    }

    [Fact]
    public async Task Verify_WrongSecret_FailsWithInvalidSignature()
    {
        var signed = await SignAsync(new JsObject { ["claims"] = new JsObject { ["subject"] = "s" } });
        var other = new JsObject { ["keyType"] = "passphrase", ["secret"] = "other", ["algorithm"] = "HS256" };

        var error = await Assert.ThrowsAsync<NodeOperationException>(() => RunOne(new JsObject { ["operation"] = "verify", ["token"] = "={{ $json.token }}" }, other, Token(signed)));

        Assert.Equal("invalid signature", error.Message);
    }

    [Fact]
    public async Task Verify_OtherAlgorithm_FailsWithInvalidAlgorithm()
    {
        var signed = await SignAsync(new JsObject { ["options"] = new JsObject { ["algorithm"] = "HS512" } });

        var error = await Assert.ThrowsAsync<NodeOperationException>(() => RunOne(new JsObject { ["operation"] = "verify", ["token"] = "={{ $json.token }}" }, input: Token(signed)));

        Assert.Equal("invalid algorithm", error.Message);
    }

    [Fact]
    public async Task Verify_ExpiredToken_FailsUnlessIgnoredOrTolerated()
    {
        var signed = await SignAsync(new JsObject { ["useJson"] = true, ["claimsJson"] = "{ \"exp\": 1700000010 }" });
        var later = DateTimeOffset.FromUnixTimeSeconds(1_700_000_015);

        var error = await Assert.ThrowsAsync<NodeOperationException>(() => RunOne(new JsObject { ["operation"] = "verify", ["token"] = "={{ $json.token }}" }, input: Token(signed), now: later));
        var ignored = await RunOne(new JsObject { ["operation"] = "verify", ["token"] = "={{ $json.token }}", ["options"] = new JsObject { ["ignoreExpiration"] = true } }, input: Token(signed), now: later);
        var tolerated = await RunOne(new JsObject { ["operation"] = "verify", ["token"] = "={{ $json.token }}", ["options"] = new JsObject { ["clockTolerance"] = 10 } }, input: Token(signed), now: later);

        Assert.Equal("jwt expired", error.Message);
        Assert.Equal(1700000010, ignored["exp"].AsNumber());
        Assert.Equal(1700000010, tolerated["exp"].AsNumber());
    }

    [Fact]
    public async Task Verify_NotYetValid_FailsUnlessIgnored()
    {
        var signed = await SignAsync(new JsObject { ["useJson"] = true, ["claimsJson"] = "{ \"nbf\": 1700000100 }" });

        var error = await Assert.ThrowsAsync<NodeOperationException>(() => RunOne(new JsObject { ["operation"] = "verify", ["token"] = "={{ $json.token }}" }, input: Token(signed)));
        var ignored = await RunOne(new JsObject { ["operation"] = "verify", ["token"] = "={{ $json.token }}", ["options"] = new JsObject { ["ignoreNotBefore"] = true } }, input: Token(signed));

        Assert.Equal("jwt not active", error.Message);
        Assert.Equal(1700000100, ignored["nbf"].AsNumber());
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("PS384")]
    [InlineData("RS512")]
    public async Task SignAndVerify_RsaPemKeys_RoundTrip(string algorithm)
    {
        using var rsa = RSA.Create(2048);
        var credential = new JsObject { ["keyType"] = "pemKey", ["privateKey"] = rsa.ExportPkcs8PrivateKeyPem(), ["publicKey"] = rsa.ExportSubjectPublicKeyInfoPem(), ["algorithm"] = algorithm };

        var signed = await SignAsync(new JsObject { ["claims"] = new JsObject { ["subject"] = "rsa" } }, credential);
        var payload = await RunOne(new JsObject { ["operation"] = "verify", ["token"] = "={{ $json.token }}" }, credential, Token(signed));

        Assert.Equal("rsa", payload["subject"].AsString());
    }

    [Theory]
    [InlineData("ES256", "nistP256")]
    [InlineData("ES512", "nistP521")]
    public async Task SignAndVerify_EcPemKeys_RoundTrip(string algorithm, string curve)
    {
        using var ec = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        var credential = new JsObject { ["keyType"] = "pemKey", ["privateKey"] = ec.ExportPkcs8PrivateKeyPem(), ["publicKey"] = ec.ExportSubjectPublicKeyInfoPem(), ["algorithm"] = algorithm };

        var signed = await SignAsync(new JsObject { ["claims"] = new JsObject { ["subject"] = "ec" } }, credential);
        var payload = await RunOne(new JsObject { ["operation"] = "verify", ["token"] = "={{ $json.token }}" }, credential, Token(signed));

        Assert.Equal("ec", payload["subject"].AsString());
    }

    [Fact]
    public async Task Verify_TamperedPayload_FailsWithRsaKey()
    {
        using var rsa = RSA.Create(2048);
        var credential = new JsObject { ["keyType"] = "pemKey", ["privateKey"] = rsa.ExportPkcs8PrivateKeyPem(), ["publicKey"] = rsa.ExportSubjectPublicKeyInfoPem(), ["algorithm"] = "RS256" };
        var signed = await SignAsync(new JsObject { ["claims"] = new JsObject { ["subject"] = "a" } }, credential);
        var parts = signed["token"].AsString().Split('.');
        var forged = parts[0] + "." + JwtToken.Base64Url("{\"subject\":\"admin\"}"u8.ToArray()) + "." + parts[2];

        var error = await Assert.ThrowsAsync<NodeOperationException>(() => RunOne(new JsObject { ["operation"] = "verify", ["token"] = forged }, credential));

        Assert.Equal("invalid signature", error.Message);
    }

    [Fact]
    public async Task Decode_Malformed_FailsOrContinues()
    {
        var error = await Assert.ThrowsAsync<NodeOperationException>(() => RunOne(new JsObject { ["operation"] = "decode", ["token"] = "abc" }));
        var continued = await RunOne(new JsObject { ["operation"] = "decode", ["token"] = "abc" }, onError: "continueRegularOutput");

        Assert.Equal("jwt malformed", error.Message);
        Assert.Equal("jwt malformed", continued["error"].AsString());
    }

    [Fact]
    public async Task Sign_HsAlgorithmWithPemCredential_FailsWithHint()
    {
        var credential = new JsObject { ["keyType"] = "pemKey", ["privateKey"] = "x", ["algorithm"] = "HS256" };

        var error = await Assert.ThrowsAsync<NodeOperationException>(() => SignAsync(new JsObject(), credential));

        Assert.Contains("passphrase", error.Message, StringComparison.Ordinal);
    }
}
