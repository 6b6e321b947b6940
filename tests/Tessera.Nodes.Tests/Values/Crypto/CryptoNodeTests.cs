using System.Security.Cryptography;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Values.Crypto;

namespace Tessera.Nodes.Tests.Values.Crypto;

public sealed class CryptoNodeTests
{
    // The 512-bit RSA key n8n's own Crypto test signs with.
    internal const string LegacyKey = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\nKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm\no3qGy0t6z09AIJtH+5OeRV1be+N4cDYJKffGzDa88vQENZiRm0GRq6a+HPGQMd2k\nTQIhAKMSvzIBnni7ot/OSie2TmJLY4SwTQAevXysE2RbFDYdAiEBCUEaRQnMnbp7\n9mxDXDf6AU0cN/RPBjb9qSHDcWZHGzUCIG2Es59z8ugGrDY+pxLQnwfotadxd+Uy\nv/Ow5T0q5gIJAiEAyS4RaI9YG8EWx/2w0T67ZUVAw8eOMB6BIUg0Xcu+3okCIBOs\n/5OiPgoTdSy7bcF9IGpSE8ZgGKzgYQVZeN97YE00\n-----END RSA PRIVATE KEY-----";

    private const string PipeSecret = "-----BEGIN RSA PRIVATE KEY-----|MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEmo3qGy0t6z09AIJtH+5OeRV1be+N4cDYJKffGzDa88vQENZiRm0GRq6a+HPGQMd2kTQIhAKMSvzIBnni7ot/OSie2TmJLY4SwTQAevXysE2RbFDYdAiEBCUEaRQnMnbp79mxDXDf6AU0cN/RPBjb9qSHDcWZHGzUCIG2Es59z8ugGrDY+pxLQnwfotadxd+Uyv/Ow5T0q5gIJAiEAyS4RaI9YG8EWx/2w0T67ZUVAw8eOMB6BIUg0Xcu+3okCIBOs/5OiPgoTdSy7bcF9IGpSE8ZgGKzgYQVZeN97YE00-----END RSA PRIVATE KEY-----";

    private static async Task<JsObject> RunOne(JsObject parameters, Item? item = null, string? onError = null)
    {
        var harness = new ValueNodesHarness { Parameters = parameters, Items = [item ?? Item.Empty()], OnError = onError };
        var output = await harness.RunAsync(new CryptoNode());
        return Assert.Single(output).Json;
    }

    private static Item BinaryItem(string text) => new(new JsObject()) { Binary = new() { ["data"] = BinaryData.FromBytes(Encoding.UTF8.GetBytes(text), "text/plain") } };

    [Fact]
    public async Task Execute_HashWithDefaults_WritesMd5HexToData()
    {
        var json = await RunOne(new JsObject { ["value"] = "test" });

        Assert.Equal("098f6bcd4621d373cade4e832627b4f6", json["data"].AsString());
    }

    [Theory]
    [InlineData("SHA1", "hex", "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")]
    [InlineData("SHA256", "hex", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("SHA256", "base64", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=")]
    [InlineData("SHA3-256", "hex", "36f028580bb02cc8272a9a020f4200e346e276ae664e45ee80745574e2f5ab80")]
    [InlineData("SHA512", "hex", "ee26b0dd4af7e749aa1a8ee3c10ae9923f618980772e473f8819a5d4940e0db27ac185f8a0e1d5f84f88bc887fd67b143732c304cc5fa9ad8e6f57f50028a8ff")]
    public async Task Execute_HashTypes_ProduceKnownDigests(string type, string encoding, string expected)
    {
        var json = await RunOne(new JsObject { ["value"] = "test", ["type"] = type, ["encoding"] = encoding });

        Assert.Equal(expected, json["data"].AsString());
    }

    [Fact]
    public async Task Execute_HmacMd5Base64_MatchesN8nFixture()
    {
        var json = await RunOne(new JsObject { ["action"] = "hmac", ["value"] = "test", ["secret"] = PipeSecret, ["encoding"] = "base64" });

        Assert.Equal("BBXLTeT2o/R6oy5H69Yh7w==", json["data"].AsString());
    }

    [Fact]
    public async Task Execute_HashAndHmacBinaryData_ReadBinaryProperty()
    {
        var hash = await RunOne(new JsObject { ["binaryData"] = true }, BinaryItem("test"));
        var hmac = await RunOne(new JsObject { ["action"] = "hmac", ["binaryData"] = true, ["secret"] = PipeSecret, ["encoding"] = "base64" }, BinaryItem("test"));

        Assert.Equal("098f6bcd4621d373cade4e832627b4f6", hash["data"].AsString());
        Assert.Equal("BBXLTeT2o/R6oy5H69Yh7w==", hmac["data"].AsString());
    }

    [Fact]
    public async Task Execute_BinaryPropertyMissing_FailsWithHint()
    {
        var error = await Assert.ThrowsAsync<NodeOperationException>(() => RunOne(new JsObject { ["binaryData"] = true, ["binaryPropertyName"] = "file" }));

        Assert.Contains("'file'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.ItemIndex);
    }

    [Theory]
    [InlineData("RSA-MD5", "MVr+iZiOFtHVwO0iKC+CF+QlrZZKcGk7zBvUrWHC1fHBeS6IoWa8B/wrMvazV5H1YR8tbK8baZHD/vUNdfvjiA==")]
    [InlineData("RSA-MD4", "SmzCKZlC8g0EnB8cXbRJIdwsN8sDWIxtUEeMvwEJNfrrJynahyNkdIbdcTO/ciwH7aBFN+roa47J8QEYWDc6Dg==")]
    public async Task Execute_SignWithLegacyRsaKey_MatchesN8nFixtures(string algorithm, string expected)
    {
        var json = await RunOne(new JsObject { ["action"] = "sign", ["value"] = "test", ["algorithm"] = algorithm, ["encoding"] = "base64", ["privateKey"] = LegacyKey });

        Assert.Equal(expected, json["data"].AsString());
    }

    [Fact]
    public async Task Execute_SignRsaSha256_VerifiesWithPublicKey()
    {
        using var rsa = RSA.Create(2048);
        var json = await RunOne(new JsObject { ["action"] = "sign", ["value"] = "hello", ["algorithm"] = "RSA-SHA256", ["privateKey"] = rsa.ExportPkcs8PrivateKeyPem() });

        var signature = Convert.FromHexString(json["data"].AsString());
        Assert.True(rsa.VerifyData("hello"u8.ToArray(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Execute_SignWithEcKey_ProducesDerEcdsaSignature()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var json = await RunOne(new JsObject { ["action"] = "sign", ["value"] = "hello", ["algorithm"] = "sha256", ["encoding"] = "base64", ["privateKey"] = ec.ExportECPrivateKeyPem() });

        var signature = Convert.FromBase64String(json["data"].AsString());
        Assert.True(ec.VerifyData("hello"u8.ToArray(), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task Execute_SignWithGarbageKey_FailsNode()
    {
        var error = await Assert.ThrowsAsync<NodeOperationException>(() => RunOne(new JsObject { ["action"] = "sign", ["value"] = "x", ["privateKey"] = "not a key" }));

        Assert.Contains("PEM", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uuid", 32, @"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    [InlineData("hex", 11, "^[0-9a-f]{11}$")]
    [InlineData("ascii", 20, "^[A-Za-z0-9]{20}$")]
    [InlineData("base64", 17, "^[A-Za-z0-9+/]{17}$")]
    public async Task Execute_Generate_ProducesRandomStringOfShape(string encodingType, int length, string pattern)
    {
        var first = await RunOne(new JsObject { ["action"] = "generate", ["encodingType"] = encodingType, ["stringLength"] = length, ["dataPropertyName"] = "out.value" });
        var second = await RunOne(new JsObject { ["action"] = "generate", ["encodingType"] = encodingType, ["stringLength"] = length, ["dataPropertyName"] = "out.value" });

        Assert.Matches(pattern, first["out"]["value"].AsString());
        Assert.NotEqual(first["out"]["value"].AsString(), second["out"]["value"].AsString());
    }

    [Fact]
    public async Task Execute_KeepsItemFieldsAndBinary()
    {
        var item = BinaryItem("abc");
        item.Json["keep"] = 1;
        var harness = new ValueNodesHarness { Parameters = new JsObject { ["value"] = "test", ["dataPropertyName"] = "hash" }, Items = [item] };

        var output = Assert.Single(await harness.RunAsync(new CryptoNode()));

        Assert.Equal(1, output.Json["keep"].AsNumber());
        Assert.NotNull(output.Binary);
        Assert.False(item.Json.ContainsKey("hash"));
    }

    [Fact]
    public async Task Execute_ContinueOnFail_EmitsErrorItem()
    {
        var json = await RunOne(new JsObject { ["action"] = "sign", ["value"] = "x", ["privateKey"] = "bad" }, onError: "continueRegularOutput");

        Assert.Contains("PEM", json["error"].AsString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Md4_KnownVectors_MatchRfc1320()
    {
        Assert.Equal("31d6cfe0d16ae931b73c59d7e0c089c0", Convert.ToHexStringLower(Md4.Hash([])));
        Assert.Equal("a448017aaf21d8525fc10ae87aa6729d", Convert.ToHexStringLower(Md4.Hash("abc"u8)));
        Assert.Equal("e33b4ddc9c38f2199c3e7b164fcc0536", Convert.ToHexStringLower(Md4.Hash("12345678901234567890123456789012345678901234567890123456789012345678901234567890"u8)));
    }
}
