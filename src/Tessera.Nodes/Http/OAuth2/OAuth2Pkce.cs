using System.Security.Cryptography;
using System.Text;

namespace Tessera.Nodes.Http.OAuth2;

/// <summary>PKCE (RFC 7636) with the S256 method, and the authorization URL of the code flow (RFC 6749 §4.1.1).</summary>
public static class OAuth2Pkce
{
    /// <summary>A new code verifier: 32 random bytes, base64url (43 characters).</summary>
    public static string CreateVerifier() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The S256 code challenge of <paramref name="verifier"/>.</summary>
    public static string Challenge(string verifier) => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>
    /// The provider URL the user is sent to: the credential's <c>authUrl</c> with <c>response_type=code</c>,
    /// <c>client_id</c>, <c>redirect_uri</c>, <c>scope</c>, <c>state</c>, the PKCE challenge when given, and the
    /// credential's extra <c>authQueryParameters</c>.
    /// </summary>
    public static string AuthorizationUrl(OAuth2Settings settings, string redirectUri, string state, string? codeChallenge)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var query = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", settings.ClientId),
            new("redirect_uri", redirectUri),
        };
        if (settings.Scope.Length > 0)
        {
            query.Add(new("scope", settings.Scope));
        }

        query.Add(new("state", state));
        if (codeChallenge is not null)
        {
            query.Add(new("code_challenge", codeChallenge));
            query.Add(new("code_challenge_method", "S256"));
        }

        var text = string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
        var extra = settings.AuthQueryParameters.Trim().TrimStart('?', '&');
        if (extra.Length > 0)
        {
            text += "&" + extra;
        }

        var url = settings.AuthUrl;
        return url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + text;
    }
}
