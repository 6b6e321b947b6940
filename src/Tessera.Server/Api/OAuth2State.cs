using System.Security.Cryptography;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Nodes.Http.OAuth2;
using Tessera.Storage.Security;

namespace Tessera.Server.Api;

/// <summary>What the <c>state</c> parameter of an authorization-code flow carries back to the callback.</summary>
/// <param name="CredentialId">The credential being connected.</param>
/// <param name="UserId">The user who started the flow (for an API key, its creator), or null.</param>
/// <param name="Actor">Who started it, for the audit log.</param>
/// <param name="ExpiresAt">When the flow stops being accepted.</param>
/// <param name="RedirectUri">The redirect URI sent to the provider (the token request must repeat it).</param>
/// <param name="CodeVerifier">The PKCE verifier, or null.</param>
internal sealed record OAuth2State(string CredentialId, string? UserId, string Actor, DateTimeOffset ExpiresAt, string RedirectUri, string? CodeVerifier)
{
    // Associated data for AES-GCM, so a state can never be mistaken for a sealed credential or the other way round.
    private const string Purpose = "oauth2-state";

    /// <summary>How long a started flow may take (n8n allows a few minutes too).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The state as sent to the provider: sealed (AES-256-GCM with the credentials key) so it can neither be forged nor
    /// altered, and the PKCE verifier inside it stays secret; base64url.
    /// </summary>
    public string Seal(CredentialCipher cipher)
    {
        var json = new JsObject
        {
            ["cid"] = CredentialId,
            ["uid"] = UserId is null ? JsValue.Null : UserId,
            ["actor"] = Actor,
            ["exp"] = ExpiresAt.ToUnixTimeSeconds(),
            ["redirect"] = RedirectUri,
            ["verifier"] = CodeVerifier is null ? JsValue.Null : CodeVerifier,
            ["nonce"] = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12)),
        };
        var plaintext = Encoding.UTF8.GetBytes(JsonCodec.Serialize(json));
        return System.Buffers.Text.Base64Url.EncodeToString(cipher.Seal(plaintext, Purpose));
    }

    /// <summary>Opens a state; null when it was altered, forged, sealed with another key or is not a state at all.</summary>
    public static OAuth2State? Open(CredentialCipher cipher, string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
        {
            return null;
        }

        try
        {
            var json = JsonCodec.Parse(cipher.Open(System.Buffers.Text.Base64Url.DecodeFromChars(text), Purpose)).TryGetObject();
            if (json?["cid"].TryGetString() is not { } id || json["exp"] is not { IsNumber: true } exp || json["redirect"].TryGetString() is not { } redirect)
            {
                return null;
            }

            return new OAuth2State(id, json["uid"].TryGetString(), json["actor"].TryGetString() ?? "anonymous", DateTimeOffset.FromUnixTimeSeconds((long)exp.AsNumber()), redirect, json["verifier"].TryGetString());
        }
        catch (Exception e) when (e is FormatException or EncryptionKeyException or CryptographicException or JsonFormatException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
