using System.Net.Http.Headers;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Http.OAuth2;

/// <summary>
/// Token requests to an OAuth2 token endpoint (RFC 6749 §4.1.3, §4.4.2, §6): a form POST with the grant, the client
/// authenticated by HTTP Basic (<c>authentication = header</c>) or by <c>client_id</c>/<c>client_secret</c> in the
/// body; the JSON answer becomes the token data, with <c>expires_at</c> added from <c>expires_in</c>.
/// </summary>
public static class OAuth2TokenClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Fetches a token with the client-credentials grant.</summary>
    /// <exception cref="OAuth2Exception">The endpoint refused or could not be reached.</exception>
    public static Task<JsObject> ClientCredentialsAsync(HttpClient client, OAuth2Settings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (settings.Scope.Length > 0)
        {
            form.Add(new("scope", settings.Scope));
        }

        return RequestAsync(client, settings, form, null, now, cancellationToken);
    }

    /// <summary>Exchanges an authorization code (with the PKCE verifier when given) for tokens.</summary>
    /// <exception cref="OAuth2Exception">The endpoint refused or could not be reached.</exception>
    public static Task<JsObject> ExchangeCodeAsync(HttpClient client, OAuth2Settings settings, string code, string redirectUri, string? codeVerifier, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", redirectUri),
        };
        if (codeVerifier is not null)
        {
            form.Add(new("code_verifier", codeVerifier));
        }

        return RequestAsync(client, settings, form, null, now, cancellationToken, code);
    }

    /// <summary>Refreshes with the stored refresh token; the new data keeps that refresh token when the answer has none.</summary>
    /// <exception cref="OAuth2Exception">The endpoint refused (e.g. <c>invalid_grant</c>) or could not be reached.</exception>
    public static Task<JsObject> RefreshAsync(HttpClient client, OAuth2Settings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var refreshToken = settings.RefreshToken ?? throw new OAuth2Exception("The credential has no refresh token.");
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
        };
        return RequestAsync(client, settings, form, refreshToken, now, cancellationToken);
    }

    private static async Task<JsObject> RequestAsync(
        HttpClient client, OAuth2Settings settings, List<KeyValuePair<string, string>> form, string? keepRefreshToken, DateTimeOffset now, CancellationToken cancellationToken, string? extraSecret = null)
    {
        if (!Uri.TryCreate(settings.AccessTokenUrl, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new OAuth2Exception($"The credential's Access Token URL '{settings.AccessTokenUrl}' is not an absolute http(s) URL; correct it in the credential.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        var hasSecret = settings.ClientSecret.Length > 0;
        if (settings.Authentication == "body" || !hasSecret)
        {
            form.Add(new("client_id", settings.ClientId));
            if (hasSecret)
            {
                form.Add(new("client_secret", settings.ClientSecret));
            }
        }
        else
        {
            // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
            var pair = FormEncode(settings.ClientId) + ":" + FormEncode(settings.ClientSecret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var where = endpoint.GetLeftPart(UriPartial.Path);
        var secrets = settings.Secrets().Append(extraSecret ?? string.Empty).Where(s => s.Length >= 3).ToList();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        string body;
        int status;
        try
        {
            using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OAuth2Exception($"The token endpoint {where} did not answer within {Timeout.TotalSeconds:0} s.", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new OAuth2Exception($"The token endpoint {where} could not be reached: {Mask(e.Message, secrets)}", inner: e);
        }

        JsObject? json = null;
        try
        {
            json = JsonCodec.Parse(body).TryGetObject();
        }
        catch (JsonFormatException)
        {
            // Reported below as "not a token".
        }

        if (status is < 200 or >= 300 || json is null || json["error"].TryGetString() is not null)
        {
            var error = json?["error"].TryGetString();
            var description = json?["error_description"].TryGetString();
            var detail = error is null
                ? (json is null && body.Length > 0 ? "the answer is not JSON" : "no error code given")
                : error + (description is null ? string.Empty : ": " + description);
            throw new OAuth2Exception($"The token endpoint {where} refused the request (HTTP {status}): {Mask(detail, secrets)}", error);
        }

        if (json["access_token"].TryGetString() is not { Length: > 0 })
        {
            throw new OAuth2Exception($"The token endpoint {where} answered without an access_token (HTTP {status}); check the Access Token URL.");
        }

        var expiresIn = json["expires_in"];
        var seconds = expiresIn.IsNumber ? expiresIn.AsNumber() : expiresIn.IsString && double.TryParse(expiresIn.AsString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
        if (!double.IsNaN(seconds))
        {
            json["expires_at"] = Math.Floor(now.ToUnixTimeSeconds() + seconds);
        }

        if (keepRefreshToken is not null && json["refresh_token"].TryGetString() is not { Length: > 0 })
        {
            json["refresh_token"] = keepRefreshToken;
        }

        return json;
    }

    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private static string Mask(string text, List<string> secrets)
    {
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, "**hidden**", StringComparison.Ordinal);
        }

        return text;
    }
}
