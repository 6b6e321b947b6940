using System.Net;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;

namespace Tessera.Server.Tests.Credentials;

/// <summary>
/// Connecting an <c>oAuth2Api</c> credential with the authorization-code grant (plain and PKCE) through the server
/// API and a real OAuth2 server double: start → provider's authorize endpoint → Tessera's callback → tokens sealed in
/// the credential → the HTTP Request node uses and refreshes them. The sealed state is checked for tampering, expiry
/// and the user it was issued to.
/// </summary>
public sealed class OAuth2AuthorizationCodeTests(OAuth2Fixture fixture) : IClassFixture<OAuth2Fixture>
{
    private OAuth2ServerDouble Provider => fixture.Provider;

    private static IEnumerable<string?> Fields(System.Text.Json.Nodes.JsonNode view) => view["fields"]!.AsArray().Select(f => (string?)f);

    [Fact]
    public async Task Connect_ThroughProviderRedirect_StoresTokensTheNodeUsesAndRefreshes()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode");
        var editor = fixture.As("editor");

        // Start: the provider URL carries the client, redirect URI, scope, state and the credential's extra parameters.
        var start = await editor.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/credentials/{id}/oauth2/auth");
        var authUrl = (string)start!["authUrl"]!;
        Assert.StartsWith(Provider.Url + "/authorize?", authUrl);
        Assert.Equal(fixture.Server.BaseAddress.ToString().TrimEnd('/') + "/rest/oauth2-credential/callback", (string)start["redirectUri"]!);

        // The browser follows: authorize redirects to Tessera's callback, which exchanges the code.
        using var page = await editor.GetAsync(authUrl);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("is connected", html);
        var asked = Provider.AuthorizeRequests.Last();
        Assert.Equal("read write", asked["scope"]);
        Assert.Equal("offline", asked["access_type"]);
        Assert.True(string.IsNullOrEmpty(asked["code_challenge"]));
        Assert.Contains("oauthTokenData", Fields(await fixture.CredentialAsync(id)));
        var test = await editor.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/credentials/{id}/test");
        Assert.True((bool)test!["ok"]!);

        // The node uses the stored token without asking for another.
        var requests = Provider.TokenRequests.Count;
        var used = await fixture.RunAsync(id);
        Assert.Equal(ExecutionStatus.Success, used.Status);
        Assert.Empty(Provider.TokenRequests.Skip(requests));

        // After expiry it refreshes with the refresh token, saves the result, and the next run reuses it.
        fixture.Clock.Advance(TimeSpan.FromSeconds(Provider.TokenLifetime + 60));
        var refreshed = await fixture.RunAsync(id);
        var again = await fixture.RunAsync(id);
        Assert.Equal(ExecutionStatus.Success, refreshed.Status);
        Assert.Equal(ExecutionStatus.Success, again.Status);
        Assert.Equal([("refresh_token", "header")], Provider.TokenRequests.Skip(requests));
    }

    [Fact]
    public async Task Connect_StartWithRedirect_FollowsTheWholeChain()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode", "body");

        using var page = await fixture.Owner.GetAsync($"api/v1/credentials/{id}/oauth2/auth?redirect=true");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("is connected", await page.Content.ReadAsStringAsync());
        Assert.Equal(("authorization_code", "body"), Provider.TokenRequests.Last());
    }

    [Fact]
    public async Task Connect_Pkce_SendsChallengeAndTheVerifierTheProviderChecks()
    {
        var id = await fixture.CreateCredentialAsync("pkce", withSecret: false);
        var verified = Provider.VerifiedChallenges;

        var start = await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/credentials/{id}/oauth2/auth");
        using var page = await fixture.Owner.GetAsync((string)start!["authUrl"]!);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var asked = Provider.AuthorizeRequests.Last();
        Assert.Equal("S256", asked["code_challenge_method"]);
        Assert.Equal(verified + 1, Provider.VerifiedChallenges);
        Assert.Equal(("authorization_code", "none"), Provider.TokenRequests.Last());
        Assert.Equal(ExecutionStatus.Success, (await fixture.RunAsync(id)).Status);
    }

    [Fact]
    public async Task ProviderDouble_WrongPkceVerifier_IsRefused()
    {
        // The double really checks the verifier, so the PKCE test above proves Tessera sent the right one.
        var code = Provider.IssueCode("http://127.0.0.1/cb", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        using var client = new HttpClient();
        using var response = await client.PostAsync(Provider.Url + "/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = "http://127.0.0.1/cb",
            ["client_id"] = Provider.ClientId,
            ["code_verifier"] = new string('x', 43),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_grant", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Callback_TamperedOrMissingState_IsRejected()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode");
        var start = await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/credentials/{id}/oauth2/auth");
        var callback = await ProviderRedirectAsync((string)start!["authUrl"]!);
        var state = Query(callback, "state");
        var tampered = callback.ToString().Replace("state=" + state, "state=" + (state[..10] + (state[10] == 'A' ? 'B' : 'A') + state[11..]), StringComparison.Ordinal);

        using var altered = await fixture.Owner.GetAsync(tampered);
        using var missing = await fixture.Owner.GetAsync($"rest/oauth2-credential/callback?code={Query(callback, "code")}");

        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
        Assert.Contains("altered", await altered.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.DoesNotContain("oauthTokenData", Fields(await fixture.CredentialAsync(id)));
    }

    [Fact]
    public async Task Callback_AfterTheStateExpired_IsRejected()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode");
        var start = await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/credentials/{id}/oauth2/auth");
        var callback = await ProviderRedirectAsync((string)start!["authUrl"]!);

        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        using var late = await fixture.Owner.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("expired", await late.Content.ReadAsStringAsync());
        Assert.DoesNotContain("oauthTokenData", Fields(await fixture.CredentialAsync(id)));
    }

    [Fact]
    public async Task Callback_WithoutASession_IsAuthorisedByTheState()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode");
        var start = await fixture.As("editor").ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/credentials/{id}/oauth2/auth");
        var callback = await ProviderRedirectAsync((string)start!["authUrl"]!);

        using var page = await fixture.Anonymous.GetAsync(callback);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("oauthTokenData", Fields(await fixture.CredentialAsync(id)));
    }

    [Fact]
    public async Task Callback_StarterLostTheEditorRole_IsForbidden()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode");
        var user = await fixture.Owner.ExpectAsync(HttpStatusCode.Created, "POST", "api/v1/users", new { email = Guid.NewGuid().ToString("n")[..8] + "@example.com", name = "Temp", password = TestUsers.Password });
        await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "PUT", $"api/v1/projects/{fixture.TeamId}/members/{user.Id()}", new { role = "editor" });
        using var temp = Http.NewClient(fixture.Server.BaseAddress);
        await temp.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/login", new { email = (string)user!["email"]!, password = TestUsers.Password });
        var start = await temp.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/credentials/{id}/oauth2/auth");
        var callback = await ProviderRedirectAsync((string)start!["authUrl"]!);

        await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "PUT", $"api/v1/projects/{fixture.TeamId}/members/{user.Id()}", new { role = "viewer" });
        using var page = await fixture.Anonymous.GetAsync(callback);

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.DoesNotContain("oauthTokenData", Fields(await fixture.CredentialAsync(id)));
    }

    [Fact]
    public async Task Callback_InAnotherUsersBrowser_IsForbidden()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode");
        var start = await fixture.As("editor").ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/credentials/{id}/oauth2/auth");
        var callback = await ProviderRedirectAsync((string)start!["authUrl"]!);

        using var other = await fixture.As("viewer").GetAsync(callback);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.DoesNotContain("oauthTokenData", Fields(await fixture.CredentialAsync(id)));
    }

    [Fact]
    public async Task Callback_ProviderError_IsShownAndNothingStored()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode");
        var start = await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "GET", $"api/v1/credentials/{id}/oauth2/auth");
        var callback = await ProviderRedirectAsync((string)start!["authUrl"]!);

        using var denied = await fixture.Owner.GetAsync($"rest/oauth2-credential/callback?error=access_denied&state={Uri.EscapeDataString(Query(callback, "state"))}");

        Assert.Equal(HttpStatusCode.BadRequest, denied.StatusCode);
        Assert.Contains("access_denied", await denied.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Run_ApiRefusesTheStoredToken_RefreshesOnceSavesAndRetries()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode");
        using (var page = await fixture.Owner.GetAsync($"api/v1/credentials/{id}/oauth2/auth?redirect=true"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Provider.RevokeAccessTokens();
        var requests = Provider.TokenRequests.Count;
        var calls = Provider.ApiCalls.Count;

        var refreshed = await fixture.RunAsync(id, items: 2);
        var reused = await fixture.RunAsync(id);

        Assert.Equal(ExecutionStatus.Success, refreshed.Status);
        Assert.Equal(ExecutionStatus.Success, reused.Status);
        Assert.Equal([("refresh_token", "header")], Provider.TokenRequests.Skip(requests));
        var sent = Provider.ApiCalls.Skip(calls).ToList();
        Assert.Equal(2, sent.Distinct().Count()); // the refused token, then the refreshed one for every later call
        Assert.True(sent.Count is 4 or 5, $"two items, one or two refused first, then one more run: {sent.Count} calls");
    }

    [Fact]
    public async Task Run_RefreshTokenRevoked_FailsWithAClearErrorWithoutSecrets()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode");
        using (var page = await fixture.Owner.GetAsync($"api/v1/credentials/{id}/oauth2/auth?redirect=true"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Provider.RevokeRefreshTokens();
        Provider.RevokeAccessTokens();

        var result = await fixture.RunAsync(id);

        Assert.Equal(ExecutionStatus.Error, result.Status);
        var error = JsonCodec.Serialize(result.Error!.ToJson());
        Assert.Contains("could not refresh the OAuth2 access token", error);
        Assert.Contains("invalid_grant", error);
        Assert.Contains("Reconnect the credential", error);
        Assert.DoesNotContain("RT-CANARY", error);
        Assert.DoesNotContain("AT-CANARY", error);
        Assert.DoesNotContain(Provider.ClientSecret, error);
    }

    [Fact]
    public async Task Run_NotConnected_SaysToConnectFirst()
    {
        var id = await fixture.CreateCredentialAsync("authorizationCode");

        var result = await fixture.RunAsync(id);
        var test = await fixture.Owner.ExpectAsync(HttpStatusCode.OK, "POST", $"api/v1/credentials/{id}/test");

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Contains("is not connected yet", result.Error!.Message);
        Assert.False((bool)test!["ok"]!);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesStartAndCallback()
    {
        var doc = await fixture.Client.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/openapi.json");

        var start = doc!["paths"]!["/api/v1/credentials/{id}/oauth2/auth"]!["get"]!;
        var callback = doc["paths"]!["/rest/oauth2-credential/callback"]!["get"]!;
        Assert.Contains("OAuth2", (string?)start["summary"]);
        Assert.Contains("redirect", start["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Contains("state", callback["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Contains("error_description", callback["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
    }

    // The provider's answer to the browser: a redirect to Tessera's callback with code and state.
    private static async Task<Uri> ProviderRedirectAsync(string authUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(authUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    private static string Query(Uri uri, string name) =>
        uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).Single();
}
