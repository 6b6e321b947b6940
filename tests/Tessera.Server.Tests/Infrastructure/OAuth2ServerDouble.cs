using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// A small OAuth2 authorization server on 127.0.0.1 speaking the real wire protocol (RFC 6749 and RFC 7636): an
/// authorize endpoint that redirects back with a code, a token endpoint taking form posts (client authentication by
/// HTTP Basic or in the body; client_credentials, authorization_code with PKCE S256, refresh_token; JSON errors such
/// as invalid_client and invalid_grant), and a protected API that wants a live bearer token. Tokens carry a
/// recognisable prefix so leak tests can search for them; expiry follows the clock given.
/// </summary>
public sealed class OAuth2ServerDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (string RedirectUri, string? Challenge)> _codes = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new();
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new();

    private OAuth2ServerDouble(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    /// <summary>The registered client id.</summary>
    public string ClientId { get; } = "tessera-client";

    /// <summary>The registered client secret (a canary: it must never show up in Tessera's output).</summary>
    public string ClientSecret { get; } = "CS-CANARY-" + Guid.NewGuid().ToString("n");

    /// <summary>How the token endpoint accepts client authentication: <c>header</c>, <c>body</c> or <c>either</c>.</summary>
    public string ClientAuthentication { get; set; } = "either";

    /// <summary>Seconds an access token lives.</summary>
    public int TokenLifetime { get; set; } = 3600;

    /// <summary>When true, the protected API refuses every token (to test the single retry).</summary>
    public bool RejectAllTokens { get; set; }

    /// <summary>The base URL, without a trailing slash.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>Every token request: grant type and how the client authenticated (<c>header</c>, <c>body</c>, <c>none</c>).</summary>
    public ConcurrentQueue<(string Grant, string ClientAuth)> TokenRequests { get; } = new();

    /// <summary>The Authorization header of every call to the protected API.</summary>
    public ConcurrentQueue<string> ApiCalls { get; } = new();

    /// <summary>Every access and refresh token issued.</summary>
    public ConcurrentQueue<string> Issued { get; } = new();

    /// <summary>The query of every authorize request.</summary>
    public ConcurrentQueue<IQueryCollection> AuthorizeRequests { get; } = new();

    /// <summary>How many PKCE verifiers were checked and matched.</summary>
    public int VerifiedChallenges;

    /// <summary>Starts the double on a free port.</summary>
    public static async Task<OAuth2ServerDouble> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new OAuth2ServerDouble(app, clock ?? TimeProvider.System);
        app.MapGet("/authorize", server.Authorize);
        app.MapPost("/token", server.TokenAsync);
        app.MapGet("/api/me", server.Api);
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>Makes every access token issued so far invalid (as a provider revoking them would).</summary>
    public void RevokeAccessTokens() => _accessTokens.Clear();

    /// <summary>Makes every refresh token issued so far invalid.</summary>
    public void RevokeRefreshTokens() => _refreshTokens.Clear();

    /// <summary>Issues an authorization code for these values without a browser (as if a user had approved), for protocol tests.</summary>
    public string IssueCode(string redirectUri, string? challenge)
    {
        var code = "CODE-" + Guid.NewGuid().ToString("n");
        _codes[code] = (redirectUri, challenge);
        return code;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        AuthorizeRequests.Enqueue(q);
        if (q["response_type"] != "code" || q["client_id"] != ClientId || string.IsNullOrEmpty(q["redirect_uri"]))
        {
            return Results.BadRequest("unknown client or bad request");
        }

        string? challenge = null;
        if (!string.IsNullOrEmpty(q["code_challenge"]))
        {
            if (q["code_challenge_method"] != "S256")
            {
                return Results.BadRequest("only S256");
            }

            challenge = q["code_challenge"];
        }

        var code = IssueCode(q["redirect_uri"]!, challenge);
        var target = q["redirect_uri"] + (q["redirect_uri"].ToString().Contains('?') ? "&" : "?")
            + "code=" + Uri.EscapeDataString(code) + "&state=" + Uri.EscapeDataString(q["state"].ToString());
        return Results.Redirect(target);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return Error(400, "invalid_request", "form body expected");
        }

        var form = await request.ReadFormAsync();
        var grant = form["grant_type"].ToString();
        var (clientAuth, id, secret) = ReadClient(request, form);
        TokenRequests.Enqueue((grant, clientAuth));
        var publicPkce = clientAuth == "none" && grant == "authorization_code" && !string.IsNullOrEmpty(form["code_verifier"]);
        var methodAllowed = ClientAuthentication == "either" || ClientAuthentication == clientAuth || publicPkce;
        if (id != ClientId || !methodAllowed || (!publicPkce && secret != ClientSecret))
        {
            return Error(401, "invalid_client", "Client authentication failed");
        }

        switch (grant)
        {
            case "client_credentials":
                return Tokens(withRefresh: false, form["scope"]);
            case "authorization_code":
            {
                if (!_codes.TryRemove(form["code"].ToString(), out var issued) || issued.RedirectUri != form["redirect_uri"])
                {
                    return Error(400, "invalid_grant", "unknown code or redirect_uri mismatch");
                }

                if (issued.Challenge is not null)
                {
                    var verifier = form["code_verifier"].ToString();
                    var expected = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                    if (verifier.Length < 43 || expected != issued.Challenge)
                    {
                        return Error(400, "invalid_grant", "PKCE verification failed");
                    }

                    Interlocked.Increment(ref VerifiedChallenges);
                }

                return Tokens(withRefresh: true, null);
            }

            case "refresh_token":
                return _refreshTokens.TryRemove(form["refresh_token"].ToString(), out _)
                    ? Tokens(withRefresh: true, null)
                    : Error(400, "invalid_grant", "The refresh token is invalid or revoked");
            default:
                return Error(400, "unsupported_grant_type", "grant " + grant);
        }
    }

    private IResult Api(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        ApiCalls.Enqueue(header);
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : string.Empty;
        if (RejectAllTokens || !_accessTokens.TryGetValue(token, out var expires) || _clock.GetUtcNow() >= expires)
        {
            return new WwwAuthenticateResult(Results.Json(new { error = "invalid_token" }, statusCode: 401), "Bearer error=\"invalid_token\"");
        }

        return Results.Json(new { ok = true, client = ClientId });
    }

    private IResult Tokens(bool withRefresh, string? scope)
    {
        var access = "AT-CANARY-" + Guid.NewGuid().ToString("n");
        _accessTokens[access] = _clock.GetUtcNow().AddSeconds(TokenLifetime);
        Issued.Enqueue(access);
        var body = new Dictionary<string, object?> { ["access_token"] = access, ["token_type"] = "Bearer", ["expires_in"] = TokenLifetime };
        if (scope is not null)
        {
            body["scope"] = scope;
        }

        if (withRefresh)
        {
            var refresh = "RT-CANARY-" + Guid.NewGuid().ToString("n");
            _refreshTokens[refresh] = true;
            Issued.Enqueue(refresh);
            body["refresh_token"] = refresh;
        }

        return Results.Json(body);
    }

    private static (string How, string? Id, string? Secret) ReadClient(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return ("header", WebUtility.UrlDecode(pair[0]), pair.Length > 1 ? WebUtility.UrlDecode(pair[1]) : null);
        }

        if (!string.IsNullOrEmpty(form["client_secret"]))
        {
            return ("body", form["client_id"], form["client_secret"]);
        }

        return ("none", form["client_id"], null);
    }

    private static IResult Error(int status, string error, string description)
    {
        var json = Results.Json(new { error, error_description = description }, statusCode: status);
        return status == 401 ? new WwwAuthenticateResult(json, "Basic realm=\"token\"") : json;
    }

    private sealed class WwwAuthenticateResult(IResult inner, string challenge) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = challenge;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
