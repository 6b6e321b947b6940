using System.Net;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;

namespace Tessera.Server.Tests.Credentials;

/// <summary>
/// The HTTP Request node with an <c>oAuth2Api</c> credential using the client-credentials grant, against a real
/// OAuth2 server double: token fetched once and kept (sealed) in the credential, client authentication in the header
/// or the body, renewed on expiry or a 401 (once), and failures reported without secrets.
/// </summary>
public sealed class OAuth2ClientCredentialsTests(OAuth2Fixture fixture) : IClassFixture<OAuth2Fixture>
{
    private OAuth2ServerDouble Provider => fixture.Provider;

    [Fact]
    public async Task Run_HeaderAuthentication_FetchesOneTokenWithBasicAndSendsBearerForEveryItem()
    {
        var id = await fixture.CreateCredentialAsync("clientCredentials", "header");
        Provider.ClientAuthentication = "header";
        var requests = Provider.TokenRequests.Count;
        var calls = Provider.ApiCalls.Count;

        var result = await fixture.RunAsync(id, items: 3);

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal([("client_credentials", "header")], Provider.TokenRequests.Skip(requests));
        var sent = Provider.ApiCalls.Skip(calls).ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, h => Assert.StartsWith("Bearer AT-CANARY-", h));
        Assert.Single(sent.Distinct());
        Assert.All(OAuth2Fixture.Output(result), item => Assert.True(item.Json["ok"].AsBoolean()));
        Provider.ClientAuthentication = "either";
    }

    [Fact]
    public async Task Run_NodeWithAProxy_FetchesTheTokenThroughItToo()
    {
        // The provider's host exists only behind the proxy (the double answers absolute-form requests as a proxy
        // would), so a token request that bypassed the node's proxy could not reach it.
        const string hidden = "http://oauth-provider.invalid";
        var id = await fixture.CreateCredentialAsync("clientCredentials", providerUrl: hidden);
        var requests = Provider.TokenRequests.Count;

        var result = await fixture.RunAsync(id, proxy: Provider.Url, providerUrl: hidden);

        Assert.True(result.Status == ExecutionStatus.Success, result.Error is null ? null : JsonCodec.Serialize(result.Error.ToJson()));
        Assert.Single(Provider.TokenRequests.Skip(requests));
        Assert.All(OAuth2Fixture.Output(result), item => Assert.True(item.Json["ok"].AsBoolean()));
    }

    [Fact]
    public async Task Run_BodyAuthentication_SendsClientIdAndSecretInTheForm()
    {
        var id = await fixture.CreateCredentialAsync("clientCredentials", "body");
        Provider.ClientAuthentication = "body";
        var requests = Provider.TokenRequests.Count;

        var result = await fixture.RunAsync(id);

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal([("client_credentials", "body")], Provider.TokenRequests.Skip(requests));
        Provider.ClientAuthentication = "either";
    }

    [Fact]
    public async Task Run_WrongClientAuthenticationMethod_FailsWithInvalidClientAndNoSecret()
    {
        var id = await fixture.CreateCredentialAsync("clientCredentials", "header");
        Provider.ClientAuthentication = "body";

        var result = await fixture.RunAsync(id);

        Provider.ClientAuthentication = "either";
        Assert.Equal(ExecutionStatus.Error, result.Status);
        var error = JsonCodec.Serialize(result.Error!.ToJson());
        Assert.Contains("invalid_client", error);
        Assert.Contains("Authentication (header or body)", error);
        Assert.DoesNotContain(Provider.ClientSecret, error);
    }

    [Fact]
    public async Task Run_SecondExecution_ReusesTheTokenStoredInTheCredential()
    {
        var id = await fixture.CreateCredentialAsync("clientCredentials");
        var requests = Provider.TokenRequests.Count;

        var first = await fixture.RunAsync(id, items: 2);
        var second = await fixture.RunAsync(id, items: 2);

        Assert.Equal(ExecutionStatus.Success, first.Status);
        Assert.Equal(ExecutionStatus.Success, second.Status);
        Assert.Single(Provider.TokenRequests.Skip(requests));
        var view = await fixture.CredentialAsync(id);
        Assert.Contains("oauthTokenData", view["fields"]!.AsArray().Select(f => (string?)f));
        Assert.DoesNotContain("AT-CANARY", view.ToJsonString());
    }

    [Fact]
    public async Task Run_TokenExpired_FetchesANewOneBeforeCalling()
    {
        var id = await fixture.CreateCredentialAsync("clientCredentials");
        var requests = Provider.TokenRequests.Count;
        var calls = Provider.ApiCalls.Count;
        await fixture.RunAsync(id);

        fixture.Clock.Advance(TimeSpan.FromSeconds(Provider.TokenLifetime + 60));
        var result = await fixture.RunAsync(id);

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Equal(2, Provider.TokenRequests.Skip(requests).Count());
        // Expiry is known from expires_in, so the stale token is never sent: one API call per run.
        Assert.Equal(2, Provider.ApiCalls.Skip(calls).Count());
    }

    [Fact]
    public async Task Run_ApiAnswers401_RenewsTheTokenOnceAndRetries()
    {
        var id = await fixture.CreateCredentialAsync("clientCredentials");
        await fixture.RunAsync(id);
        var requests = Provider.TokenRequests.Count;
        var calls = Provider.ApiCalls.Count;
        Provider.RevokeAccessTokens();

        var result = await fixture.RunAsync(id);

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.Single(Provider.TokenRequests.Skip(requests));
        var sent = Provider.ApiCalls.Skip(calls).ToList();
        Assert.Equal(2, sent.Count);
        Assert.NotEqual(sent[0], sent[1]);
    }

    [Fact]
    public async Task Run_ApiKeepsAnswering401_RetriesOnlyOnceThenFails()
    {
        var id = await fixture.CreateCredentialAsync("clientCredentials");
        var calls = Provider.ApiCalls.Count;
        Provider.RejectAllTokens = true;

        var result = await fixture.RunAsync(id);

        Provider.RejectAllTokens = false;
        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Equal(2, Provider.ApiCalls.Skip(calls).Count());
        var error = JsonCodec.Serialize(result.Error!.ToJson());
        Assert.Contains("Authorization failed", error);
        Assert.DoesNotContain("AT-CANARY", error);
    }

    [Fact]
    public async Task Run_PredefinedCredentialType_UsesTheOAuth2Credential()
    {
        var id = await fixture.CreateCredentialAsync("clientCredentials");

        var result = await fixture.RunAsync(id, authentication: "predefinedCredentialType");

        Assert.Equal(ExecutionStatus.Success, result.Status);
        Assert.True(OAuth2Fixture.Output(result)[0].Json["ok"].AsBoolean());
    }

    [Fact]
    public async Task Test_ClientCredentials_FetchesATokenOrReportsTheProviderError()
    {
        var good = await fixture.CreateCredentialAsync("clientCredentials");
        var bad = await fixture.CreateCredentialAsync("clientCredentials", "body");
        await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "PATCH", $"api/v1/credentials/{bad}", new { data = new { clientSecret = "wrong-secret" } });

        var ok = await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/credentials/{good}/test");
        var refused = await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/credentials/{bad}/test");

        Assert.True((bool)ok!["ok"]!);
        Assert.False((bool)refused!["ok"]!);
        Assert.Contains("invalid_client", (string)refused["message"]!);
        Assert.DoesNotContain("wrong-secret", refused.ToJsonString());
    }

    [Fact]
    public async Task Create_WithTokenData_IsRefused()
    {
        var response = await fixture.Owner.ExpectAsync(HttpStatusCode.BadRequest, "POST", $"api/v1/credentials?projectId={fixture.TeamId}", new
        {
            name = "Forged",
            type = "oAuth2Api",
            data = new { grantType = "clientCredentials", accessTokenUrl = Provider.Url + "/token", clientId = "x", clientSecret = "y", oauthTokenData = new { access_token = "forged" } },
        });

        Assert.Contains("data.oauthTokenData", response!.ToJsonString());
    }

    [Fact]
    public async Task Update_ClientSettingsChanged_DropsTheStoredToken()
    {
        var id = await fixture.CreateCredentialAsync("clientCredentials");
        await fixture.RunAsync(id);
        Assert.Contains("oauthTokenData", (await fixture.CredentialAsync(id))["fields"]!.AsArray().Select(f => (string?)f));

        await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "PATCH", $"api/v1/credentials/{id}", new { data = new { scope = "read" } });

        Assert.DoesNotContain("oauthTokenData", (await fixture.CredentialAsync(id))["fields"]!.AsArray().Select(f => (string?)f));
    }

    [Fact]
    public async Task Start_ClientCredentialsCredential_IsABadRequest()
    {
        var id = await fixture.CreateCredentialAsync("clientCredentials");

        await fixture.Owner.ExpectProblemAsync(HttpStatusCode.BadRequest, "bad-request", "GET", $"api/v1/credentials/{id}/oauth2/auth");
    }
}
