namespace Tessera.Storage.Credentials;

/// <summary>One field of a credential type.</summary>
/// <param name="Name">The field name nodes read (e.g. <c>password</c>).</param>
/// <param name="DisplayName">The label the UI shows.</param>
/// <param name="Type"><c>string</c>, <c>options</c>, <c>json</c> or <c>boolean</c>.</param>
/// <param name="Required">True when the credential cannot work without it.</param>
/// <param name="Secret">True for values never shown back (the UI renders a password box).</param>
/// <param name="Options">The allowed values of an <c>options</c> field.</param>
/// <param name="Default">The value nodes assume when the field is not set.</param>
/// <param name="System">True for a field Tessera writes itself (OAuth2 token data): users cannot set it through the API.</param>
public sealed record CredentialProperty(
    string Name,
    string DisplayName,
    string Type,
    bool Required,
    bool Secret,
    IReadOnlyList<string>? Options = null,
    string? Default = null,
    bool System = false);

/// <summary>A credential type the built-in nodes use.</summary>
/// <param name="Name">The n8n type name (<c>httpBasicAuth</c>…).</param>
/// <param name="DisplayName">The label the UI shows.</param>
/// <param name="Properties">Its fields.</param>
public sealed record CredentialTypeDescription(string Name, string DisplayName, IReadOnlyList<CredentialProperty> Properties)
{
    /// <summary>The field called <paramref name="name"/>, or null.</summary>
    public CredentialProperty? Property(string name) => Properties.FirstOrDefault(p => p.Name == name);
}

/// <summary>
/// The credential types Tessera's nodes read (HTTP Request: generic basic/header/query/bearer/custom auth and OAuth2; JWT; TOTP),
/// with the field names the nodes expect. n8n's names are kept so imported workflows find their credentials.
/// </summary>
public static class CredentialTypeCatalog
{
    /// <summary>Every known type, in display order.</summary>
    public static IReadOnlyList<CredentialTypeDescription> All { get; } =
    [
        new("httpBasicAuth", "Basic Auth",
        [
            new("user", "User", "string", Required: true, Secret: false),
            new("password", "Password", "string", Required: true, Secret: true),
        ]),
        new("httpHeaderAuth", "Header Auth",
        [
            new("name", "Name", "string", Required: true, Secret: false),
            new("value", "Value", "string", Required: true, Secret: true),
        ]),
        new("httpQueryAuth", "Query Auth",
        [
            new("name", "Name", "string", Required: true, Secret: false),
            new("value", "Value", "string", Required: true, Secret: true),
        ]),
        new("httpBearerAuth", "Bearer Auth",
        [
            new("token", "Bearer Token", "string", Required: true, Secret: true),
        ]),
        new("httpCustomAuth", "Custom Auth",
        [
            new("json", "JSON", "json", Required: true, Secret: true),
        ]),
        new("oAuth2Api", "OAuth2 API",
        [
            new("grantType", "Grant Type", "options", Required: false, Secret: false, ["authorizationCode", "clientCredentials", "pkce"], "authorizationCode"),
            new("authUrl", "Authorization URL", "string", Required: false, Secret: false),
            new("accessTokenUrl", "Access Token URL", "string", Required: true, Secret: false),
            new("clientId", "Client ID", "string", Required: true, Secret: false),
            new("clientSecret", "Client Secret", "string", Required: false, Secret: true),
            new("scope", "Scope", "string", Required: false, Secret: false),
            new("authQueryParameters", "Auth URI Query Parameters", "string", Required: false, Secret: false),
            new("authentication", "Authentication", "options", Required: false, Secret: false, ["header", "body"], "header"),
            new(OAuth2TokenDataField, "OAuth Token Data", "json", Required: false, Secret: true, System: true),
        ]),
        new("jwtAuth", "JWT Auth",
        [
            new("keyType", "Key Type", "options", Required: false, Secret: false, ["passphrase", "pemKey"], "passphrase"),
            new("secret", "Secret", "string", Required: false, Secret: true),
            new("privateKey", "Private Key", "string", Required: false, Secret: true),
            new("publicKey", "Public Key", "string", Required: false, Secret: false),
            new("algorithm", "Algorithm", "options", Required: false, Secret: false,
                ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"], "HS256"),
        ]),
        new("totpApi", "TOTP",
        [
            new("secret", "Secret", "string", Required: true, Secret: true),
            new("label", "Label", "string", Required: false, Secret: false),
        ]),
    ];

    /// <summary>The <c>oAuth2Api</c> field holding the token endpoint's answer (n8n's name); written by Tessera only.</summary>
    public const string OAuth2TokenDataField = "oauthTokenData";

    /// <summary>Finds a type by name.</summary>
    public static CredentialTypeDescription? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
