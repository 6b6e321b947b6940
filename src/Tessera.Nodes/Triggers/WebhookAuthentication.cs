using System.Security.Cryptography;
using System.Text;
using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Workflows;
using Tessera.Nodes.Values.Jwt;

namespace Tessera.Nodes.Triggers;

/// <summary>The outcome of checking a webhook request against the node's authentication.</summary>
/// <param name="Allowed">True when the request may start the workflow.</param>
/// <param name="StatusCode">401 (credentials missing) or 403 (wrong), or 500 when the node's credential is missing.</param>
/// <param name="Message">What went wrong, for the response body (never a secret).</param>
/// <param name="Challenge">A <c>WWW-Authenticate</c> value to send with 401, or null.</param>
/// <param name="JwtPayload">The verified token's payload for JWT auth (n8n adds it to the item as <c>jwtPayload</c>).</param>
public sealed record WebhookAuthResult(bool Allowed, int StatusCode, string Message, string? Challenge = null, JsValue JwtPayload = default)
{
    /// <summary>The request may go on.</summary>
    public static WebhookAuthResult Ok { get; } = new(true, 200, string.Empty);
}

/// <summary>Checks webhook requests against the Webhook node's <c>authentication</c> (none, basicAuth, headerAuth, jwtAuth).</summary>
public static class WebhookAuthentication
{
    /// <summary>
    /// Checks a request: <paramref name="header"/> reads a request header by name (case-insensitive), the credentials
    /// come from <paramref name="credentials"/> (the node's <c>httpBasicAuth</c>, <c>httpHeaderAuth</c> or <c>jwtAuth</c>).
    /// </summary>
    public static async ValueTask<WebhookAuthResult> CheckAsync(
        WorkflowNode node,
        Func<string, string?> header,
        ICredentialProvider? credentials,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(header);
        var mode = node.Parameters["authentication"].TryGetString() ?? "none";
        var type = mode switch
        {
            "none" => null,
            "basicAuth" => "httpBasicAuth",
            "headerAuth" => "httpHeaderAuth",
            "jwtAuth" => "jwtAuth",
            _ => "unknown",
        };
        if (type is null)
        {
            return WebhookAuthResult.Ok;
        }

        if (type == "unknown")
        {
            return new(false, 500, $"The Webhook node \"{node.Name}\" uses authentication \"{mode}\", which is not supported; choose none, basicAuth, headerAuth or jwtAuth.");
        }

        var credential = credentials is null ? null : await credentials.GetAsync(node, type, cancellationToken).ConfigureAwait(false);
        if (credential is null)
        {
            return new(false, 500, $"No credential of type {type} is set on the Webhook node \"{node.Name}\"; select one in the node.");
        }

        return mode switch
        {
            "basicAuth" => Basic(credential, header("authorization")),
            "headerAuth" => Header(credential, header),
            _ => Jwt(credential, header("authorization"), now),
        };
    }

    private static WebhookAuthResult Basic(JsObject credential, string? authorization)
    {
        const string challenge = "Basic realm=\"Webhook\"";
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return new(false, 401, "Authorization is required!", challenge);
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return new(false, 403, "Authorization data is wrong!", challenge);
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? decoded : decoded[..colon];
        var password = colon < 0 ? string.Empty : decoded[(colon + 1)..];
        return FixedEquals(user, credential["user"].TryGetString() ?? string.Empty) & FixedEquals(password, credential["password"].TryGetString() ?? string.Empty)
            ? WebhookAuthResult.Ok
            : new(false, 403, "Authorization data is wrong!", challenge);
    }

    private static WebhookAuthResult Header(JsObject credential, Func<string, string?> header)
    {
        var name = credential["name"].TryGetString();
        if (string.IsNullOrEmpty(name))
        {
            return new(false, 500, "The header auth credential has no header name; set one.");
        }

        var sent = header(name);
        if (sent is null)
        {
            return new(false, 403, "Authorization data is wrong!");
        }

        return FixedEquals(sent, credential["value"].TryGetString() ?? string.Empty) ? WebhookAuthResult.Ok : new(false, 403, "Authorization data is wrong!");
    }

    private static WebhookAuthResult Jwt(JsObject credential, string? authorization, DateTimeOffset now)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= 7)
        {
            return new(false, 401, "No token provided");
        }

        var key = JwtKey.FromCredential(credential);
        try
        {
            var decoded = JwtToken.Verify(authorization[7..].Trim(), key.Algorithm, key, new JwtVerifyOptions(false, false, 0, now));
            return WebhookAuthResult.Ok with { JwtPayload = decoded.Payload };
        }
        catch (JwtException e)
        {
            return new(false, 403, e.Message);
        }
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
