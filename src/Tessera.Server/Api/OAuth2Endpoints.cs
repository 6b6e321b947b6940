using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Engine.Data;
using Tessera.Nodes.Http;
using Tessera.Nodes.Http.OAuth2;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Credentials;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary>
/// Connecting an <c>oAuth2Api</c> credential with the authorization-code grant (plain or PKCE):
/// <c>GET /api/v1/credentials/{id}/oauth2/auth</c> gives the provider URL to send the user to, and the provider sends
/// the browser back to <c>GET /rest/oauth2-credential/callback</c> (n8n's redirect URL, so provider app registrations
/// carry over), which exchanges the code for tokens and stores them sealed in the credential.
/// </summary>
internal static class OAuth2Endpoints
{
    /// <summary>n8n's OAuth2 redirect path.</summary>
    public const string CallbackPath = "/rest/oauth2-credential/callback";

    /// <summary>Maps the start endpoint inside the authenticated <c>/api/v1</c> credentials group.</summary>
    public static void MapOAuth2Start(this RouteGroupBuilder api) =>
        api.MapGet("/credentials/{id}/oauth2/auth", StartAsync)
            .WithSummary("Start connecting an OAuth2 credential")
            .WithDescription("Returns { authUrl, redirectUri } for an oAuth2Api credential with grantType authorizationCode or pkce; open authUrl in a browser. With ?redirect=true answers 302 to it. Needs the editor role.");

    /// <summary>Maps the provider's redirect target. It carries no session of its own: the sealed state names who started the flow.</summary>
    public static IEndpointRouteBuilder MapOAuth2Callback(this IEndpointRouteBuilder app)
    {
        app.MapGet(CallbackPath, CallbackAsync)
            .WithTags("Credentials")
            .WithSummary("OAuth2 redirect target (the provider calls it)")
            .WithDescription("Exchanges the authorization code for tokens and stores them in the credential named by the sealed state. 400 for a missing, altered or expired state or a provider error; 403 when the user who started the flow may no longer edit the credential.");
        return app;
    }

    private static async Task<IResult> StartAsync(string id, bool? redirect, HttpContext http, ICaller caller, CredentialVault vault, ServerOptions options, CancellationToken cancellationToken)
    {
        var info = await vault.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (info is null || caller.RoleIn(info.ProjectId) is null)
        {
            return ProblemResults.NotFound("credential", id);
        }

        if (caller.Demand(ProjectRole.Editor, info.ProjectId) is { } denied)
        {
            return denied;
        }

        if (info.Type != OAuth2Settings.CredentialType)
        {
            return ProblemResults.BadRequest($"Credential {id} is a {info.Type} credential; only oAuth2Api credentials connect through OAuth2.");
        }

        var opened = await vault.OpenDataAsync(id, cancellationToken).ConfigureAwait(false);
        var settings = OAuth2Settings.From(opened!.Value.Data);
        if (settings.IsClientCredentials)
        {
            return ProblemResults.BadRequest("This credential uses the client-credentials grant: Tessera fetches its tokens itself, there is nothing to connect. Use POST /api/v1/credentials/{id}/test to check it.");
        }

        var redirectUri = PublicBaseUrl(http) + CallbackPath;
        var verifier = settings.IsPkce ? OAuth2Pkce.CreateVerifier() : null;
        var state = new OAuth2State(id, caller.User?.Id, caller.Actor, options.Time.GetUtcNow().Add(OAuth2State.Lifetime), redirectUri, verifier).Seal(vault.Cipher);
        var authUrl = OAuth2Pkce.AuthorizationUrl(settings, redirectUri, state, verifier is null ? null : OAuth2Pkce.Challenge(verifier));
        return redirect == true ? Results.Redirect(authUrl) : Results.Ok(new { authUrl, redirectUri });
    }

    private static async Task<IResult> CallbackAsync(
        string? code, string? state, string? error, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "error_description")] string? errorDescription,
        HttpContext http, CredentialVault vault, TesseraStorage storage, ServerOptions options, CancellationToken cancellationToken)
    {
        var flow = OAuth2State.Open(vault.Cipher, state);
        if (flow is null)
        {
            return Page(HttpStatusCode.BadRequest, "The OAuth2 state is missing or was altered.", "Start connecting the credential again from Tessera.");
        }

        if (options.Time.GetUtcNow() > flow.ExpiresAt)
        {
            return Page(HttpStatusCode.BadRequest, "This OAuth2 sign-in took too long and expired.", $"Start connecting the credential again; a sign-in must finish within {OAuth2State.Lifetime.TotalMinutes:0} minutes.");
        }

        if (error is not null)
        {
            return Page(HttpStatusCode.BadRequest, $"The provider refused the sign-in: {error}{(errorDescription is null ? string.Empty : " (" + errorDescription + ")")}.", "Check the credential's scope and client settings at the provider, then connect again.");
        }

        if (string.IsNullOrEmpty(code))
        {
            return Page(HttpStatusCode.BadRequest, "The provider sent no authorization code.", "Connect the credential again.");
        }

        // The state names who started the flow; they must still be allowed to edit the credential.
        var info = await vault.GetAsync(flow.CredentialId, cancellationToken).ConfigureAwait(false);
        if (info is null || info.Type != OAuth2Settings.CredentialType)
        {
            return Page(HttpStatusCode.NotFound, "The credential being connected no longer exists.", "Create it again and connect it.");
        }

        if (!await MayEditAsync(flow, info.ProjectId, http, storage, cancellationToken).ConfigureAwait(false))
        {
            return Page(HttpStatusCode.Forbidden, "You may not change this credential.", "Ask an editor of the credential's project to connect it.");
        }

        var settings = OAuth2Settings.From((await vault.OpenDataAsync(info.Id, cancellationToken).ConfigureAwait(false))!.Value.Data);
        try
        {
            var client = HttpClientPool.Shared.Get(new HttpClientKey("oauth2:" + info.Id, null, false, false, 0));
            var tokens = await OAuth2TokenClient.ExchangeCodeAsync(client, settings, code, flow.RedirectUri, flow.CodeVerifier, options.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await vault.SaveOAuth2TokenAsync(info.Id, tokens, flow.Actor, cancellationToken).ConfigureAwait(false);
        }
        catch (OAuth2Exception e)
        {
            return Page(HttpStatusCode.BadGateway, "Tessera could not exchange the authorization code for tokens: " + e.Message, "Check the credential's Access Token URL, Client ID, Client Secret and Authentication, then connect again.");
        }

        return Page(HttpStatusCode.OK, $"The credential \"{info.Name}\" is connected.", "You can close this window.");
    }

    private static async Task<bool> MayEditAsync(OAuth2State flow, string projectId, HttpContext http, TesseraStorage storage, CancellationToken cancellationToken)
    {
        if (flow.UserId is null)
        {
            return false;
        }

        // A browser that is signed in as somebody else is not the one that started this flow.
        var caller = http.RequestServices.GetService(typeof(CallerContext)) as CallerContext;
        if (caller is not null && await caller.AuthenticateAsync(http).ConfigureAwait(false) && caller.User?.Id != flow.UserId)
        {
            return false;
        }

        var user = await storage.Users.GetAsync(flow.UserId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return false;
        }

        if (user.IsOwner)
        {
            return true;
        }

        var memberships = await storage.Projects.ListMembershipsAsync(user.Id, cancellationToken).ConfigureAwait(false);
        return memberships.Any(m => m.Project.Id == projectId && m.Role >= ProjectRole.Editor);
    }

    // TESSERA_PUBLIC_URL (or n8n's WEBHOOK_URL) when Tessera sits behind a proxy; else the address the request came to.
    private static string PublicBaseUrl(HttpContext http)
    {
        var configured = Environment.GetEnvironmentVariable("TESSERA_PUBLIC_URL") ?? Environment.GetEnvironmentVariable("WEBHOOK_URL");
        return !string.IsNullOrWhiteSpace(configured) ? configured.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}";
    }

    private static IResult Page(HttpStatusCode status, string message, string hint)
    {
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Tessera – OAuth2</title></head>
            <body style="font: 15px/1.5 system-ui, sans-serif; margin: 3rem auto; max-width: 40rem">
            <h1>{(status == HttpStatusCode.OK ? "Connected" : "Not connected")}</h1>
            <p>{WebUtility.HtmlEncode(message)}</p>
            <p>{WebUtility.HtmlEncode(hint)}</p>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: (int)status);
    }
}
