using Tessera.Engine.Data;
using Tessera.Nodes.Http.OAuth2;

namespace Tessera.Nodes.Tests.Http;

public sealed class OAuth2PkceTests
{
    [Fact]
    public void Challenge_Rfc7636AppendixB_MatchesTheSpecVector()
    {
        var challenge = OAuth2Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", challenge);
    }

    [Fact]
    public void CreateVerifier_IsUrlSafeAnd43CharactersAndRandom()
    {
        var a = OAuth2Pkce.CreateVerifier();
        var b = OAuth2Pkce.CreateVerifier();

        Assert.Equal(43, a.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void AuthorizationUrl_AddsCodeFlowParametersAndTheCredentialsExtras()
    {
        var settings = OAuth2Settings.From(new JsObject
        {
            ["grantType"] = "pkce",
            ["authUrl"] = "https://p.example/authorize?tenant=a",
            ["clientId"] = "my client",
            ["scope"] = "read write",
            ["authQueryParameters"] = "access_type=offline&prompt=consent",
        });

        var url = OAuth2Pkce.AuthorizationUrl(settings, "https://t.example/rest/oauth2-credential/callback", "st", "ch");

        Assert.Equal(
            "https://p.example/authorize?tenant=a&response_type=code&client_id=my%20client&redirect_uri=https%3A%2F%2Ft.example%2Frest%2Foauth2-credential%2Fcallback"
            + "&scope=read%20write&state=st&code_challenge=ch&code_challenge_method=S256&access_type=offline&prompt=consent",
            url);
    }

    [Fact]
    public void IsExpired_UsesExpiresAtWithMarginAndTrustsUnknownExpiry()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_000_000);
        var token = new JsObject { ["access_token"] = "t", ["expires_at"] = 1_000_100 };

        Assert.False(OAuth2Settings.IsExpired(token, now, TimeSpan.FromSeconds(30)));
        Assert.True(OAuth2Settings.IsExpired(token, now.AddSeconds(71), TimeSpan.FromSeconds(30)));
        Assert.False(OAuth2Settings.IsExpired(new JsObject { ["access_token"] = "t" }, now.AddYears(5), TimeSpan.FromSeconds(30)));
    }
}
