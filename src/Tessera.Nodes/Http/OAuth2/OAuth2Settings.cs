using Tessera.Engine.Data;

namespace Tessera.Nodes.Http.OAuth2;

/// <summary>
/// The fields of an <c>oAuth2Api</c> credential (n8n's generic OAuth2 type), read once from its decrypted data.
/// <see cref="TokenData"/> is n8n's <c>oauthTokenData</c>: the token endpoint's JSON answer, plus <c>expires_at</c>
/// (Unix seconds) that Tessera adds so a stored token's expiry is known without asking the provider.
/// </summary>
/// <param name="GrantType"><c>authorizationCode</c> (default), <c>clientCredentials</c> or <c>pkce</c>.</param>
/// <param name="AuthUrl">The provider's authorization endpoint (authorization code and PKCE).</param>
/// <param name="AccessTokenUrl">The provider's token endpoint.</param>
/// <param name="ClientId">The client id.</param>
/// <param name="ClientSecret">The client secret (optional for PKCE).</param>
/// <param name="Scope">Space-separated scopes, or empty.</param>
/// <param name="AuthQueryParameters">Extra query text for the authorization URL (<c>a=1&amp;b=2</c>).</param>
/// <param name="Authentication"><c>header</c> (HTTP Basic, default) or <c>body</c>: where the client id and secret go on token requests.</param>
/// <param name="TokenData">The stored token data, or null before the first token.</param>
public sealed record OAuth2Settings(
    string GrantType,
    string AuthUrl,
    string AccessTokenUrl,
    string ClientId,
    string ClientSecret,
    string Scope,
    string AuthQueryParameters,
    string Authentication,
    JsObject? TokenData)
{
    /// <summary>The credential type name, as n8n spells it.</summary>
    public const string CredentialType = "oAuth2Api";

    /// <summary>The field that holds the token data, as n8n spells it.</summary>
    public const string TokenDataField = "oauthTokenData";

    /// <summary>True for the client-credentials grant (Tessera fetches tokens itself); false for the browser flows.</summary>
    public bool IsClientCredentials => GrantType == "clientCredentials";

    /// <summary>True for the PKCE variant of the authorization-code grant.</summary>
    public bool IsPkce => GrantType == "pkce";

    /// <summary>The stored access token, or null.</summary>
    public string? AccessToken => TokenData?["access_token"].TryGetString() is { Length: > 0 } token ? token : null;

    /// <summary>The stored refresh token, or null.</summary>
    public string? RefreshToken => TokenData?["refresh_token"].TryGetString() is { Length: > 0 } token ? token : null;

    /// <summary>Reads the settings from a credential's data (missing fields become empty; n8n's defaults apply).</summary>
    public static OAuth2Settings From(JsObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var token = data[TokenDataField];
        var tokenData = token.IsString && token.AsString().Length > 0 ? JsonCodec.Parse(token.AsString()).TryGetObject() : token.TryGetObject();
        return new OAuth2Settings(
            Text(data, "grantType", "authorizationCode"),
            Text(data, "authUrl"),
            Text(data, "accessTokenUrl"),
            Text(data, "clientId"),
            Text(data, "clientSecret"),
            Text(data, "scope"),
            Text(data, "authQueryParameters"),
            Text(data, "authentication", "header"),
            tokenData);
    }

    /// <summary>True when the stored token is known to expire within <paramref name="margin"/> of <paramref name="now"/>.</summary>
    public static bool IsExpired(JsObject? tokenData, DateTimeOffset now, TimeSpan margin)
    {
        var expiresAt = tokenData?["expires_at"] ?? JsValue.Undefined;
        if (!expiresAt.IsNumber)
        {
            return false; // Unknown expiry (e.g. imported from n8n): rely on the API's 401.
        }

        return now.Add(margin).ToUnixTimeSeconds() >= expiresAt.AsNumber();
    }

    /// <summary>The secret values of these settings (for masking error texts).</summary>
    public IEnumerable<string> Secrets()
    {
        foreach (var value in new[] { ClientSecret, AccessToken, RefreshToken })
        {
            if (!string.IsNullOrEmpty(value))
            {
                yield return value;
            }
        }
    }

    private static string Text(JsObject data, string name, string fallback = "")
    {
        var value = data[name];
        return value.IsNullish ? fallback : JsConvert.ToString(value) is { Length: > 0 } text ? text : fallback;
    }
}
