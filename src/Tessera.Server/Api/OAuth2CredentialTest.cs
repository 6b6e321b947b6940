using Tessera.Engine.Data;
using Tessera.Nodes.Http;
using Tessera.Nodes.Http.OAuth2;
using Tessera.Storage.Credentials;

namespace Tessera.Server.Api;

/// <summary>
/// The credential test for <c>oAuth2Api</c>: client credentials fetch a token (and keep it, so the next run need not);
/// the browser grants report whether a token is stored. Messages never hold secrets (<see cref="OAuth2Exception"/> masks them).
/// </summary>
internal static class OAuth2CredentialTest
{
    public static async Task<object> RunAsync(CredentialInfo info, JsObject data, CredentialVault vault, TimeProvider time, CancellationToken cancellationToken)
    {
        var settings = OAuth2Settings.From(data);
        if (!settings.IsClientCredentials)
        {
            return settings.AccessToken is null
                ? new { ok = false, message = $"The credential is not connected: no token is stored. Connect it with GET /api/v1/credentials/{info.Id}/oauth2/auth." }
                : new { ok = true, message = settings.RefreshToken is null
                    ? "The credential is connected (a token is stored; the provider gave no refresh token, so reconnect when it expires)."
                    : "The credential is connected (a token and a refresh token are stored)." };
        }

        try
        {
            var client = HttpClientPool.Shared.Get(new HttpClientKey("oauth2:" + info.Id, null, false, false, 0));
            var tokens = await OAuth2TokenClient.ClientCredentialsAsync(client, settings, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await vault.SaveOAuth2TokenAsync(info.Id, tokens, auditActor: null, cancellationToken).ConfigureAwait(false);
            return new { ok = true, message = "The token endpoint issued an access token with these client credentials." };
        }
        catch (OAuth2Exception e)
        {
            return new { ok = false, message = e.Message };
        }
    }
}
