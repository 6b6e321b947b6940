using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Values.Totp;

namespace Tessera.Nodes.Tests.Values.Totp;

public sealed class TotpNodeTests
{
    private static ValueNodesHarness Harness(JsObject credential, JsObject? options = null, DateTimeOffset? now = null) => new()
    {
        Parameters = new JsObject { ["additionalOptions"] = options ?? new JsObject() },
        Credentials = new() { ["totpApi"] = credential },
        Now = now ?? DateTimeOffset.FromUnixTimeMilliseconds(1640000000000),
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Execute_N8nFixtureClock_ProducesExpectedToken(bool withLabel)
    {
        // Expectation from n8n's Totp.node.test.ts (Date.now() = 1640000000000).
        var credential = new JsObject { ["secret"] = "BVDRSBXQB2ZEL5HE" };
        if (withLabel)
        {
            credential["label"] = "GitHub:john-doe";
        }

        var item = Assert.Single(await Harness(credential).RunAsync(new TotpNode()));

        Assert.Equal("025086", item.Json["token"].AsString());
        Assert.Equal(10, item.Json["secondsRemaining"].AsNumber()); // 1640000000 % 30 == 20
    }

    [Theory]
    [InlineData(59L, "SHA1", "94287082")]
    [InlineData(1111111109L, "SHA1", "07081804")]
    [InlineData(59L, "SHA256", "46119246")]
    [InlineData(59L, "SHA512", "90693936")]
    [InlineData(20000000000L, "SHA512", "47863826")]
    public void Generate_Rfc6238Vectors_Match(long time, string algorithm, string expected)
    {
        var seed = algorithm switch
        {
            "SHA1" => "12345678901234567890",
            "SHA256" => "12345678901234567890123456789012",
            _ => "1234567890123456789012345678901234567890123456789012345678901234",
        };

        Assert.Equal(expected, TotpGenerator.Generate(Encoding.ASCII.GetBytes(seed), time, algorithm, 8, 30));
    }

    [Fact]
    public async Task Execute_OptionsDigitsAndPeriod_AreApplied()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1111111109);
        var secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // base32 of "12345678901234567890"

        var item = Assert.Single(await Harness(new JsObject { ["secret"] = secret }, new JsObject { ["digits"] = 8, ["period"] = 60 }, now).RunAsync(new TotpNode()));

        Assert.Equal(TotpGenerator.Generate(Encoding.ASCII.GetBytes("12345678901234567890"), 1111111109, "SHA1", 8, 60), item.Json["token"].AsString());
        Assert.Equal(60 - (1111111109 % 60), item.Json["secondsRemaining"].AsNumber());
    }

    [Fact]
    public async Task Execute_MissingCredential_FailsWithHint()
    {
        var harness = new ValueNodesHarness { Parameters = new JsObject() };

        var error = await Assert.ThrowsAsync<NodeOperationException>(() => harness.RunAsync(new TotpNode()));

        Assert.Contains("totpApi", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_InvalidSecret_Fails()
    {
        var error = await Assert.ThrowsAsync<NodeOperationException>(() => Harness(new JsObject { ["secret"] = "not-base32!" }).RunAsync(new TotpNode()));

        Assert.Contains("base32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeBase32_LowercaseWithSpacesAndPadding_Decodes()
    {
        Assert.Equal("foobar"u8.ToArray(), TotpGenerator.DecodeBase32("mzxw 6ytb oi======"));
    }
}
