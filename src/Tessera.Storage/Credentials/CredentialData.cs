using Tessera.Engine.Data;

namespace Tessera.Storage.Credentials;

/// <summary>Checks and merges credential data against its type.</summary>
internal static class CredentialData
{
    /// <summary>
    /// Validates the merged data of a credential and returns every problem. Unknown fields are refused so a typo
    /// (<c>pasword</c>) does not silently leave the real field empty.
    /// </summary>
    public static List<CredentialProblem> Validate(CredentialTypeDescription type, JsObject data)
    {
        var problems = new List<CredentialProblem>();
        foreach (var (name, value) in data)
        {
            var property = type.Property(name);
            if (property is null)
            {
                problems.Add(new("data." + name, $"'{name}' is not a field of {type.Name}; its fields are {string.Join(", ", type.Properties.Select(p => p.Name))}."));
                continue;
            }

            var ok = property.Type switch
            {
                "json" => value.IsString || value.IsObject,
                "boolean" => value.IsBoolean,
                _ => value.IsString || value.IsNumber,
            };
            if (!ok)
            {
                problems.Add(new("data." + name, $"'{name}' must be {(property.Type == "json" ? "a JSON object or JSON text" : "a " + (property.Type == "options" ? "string" : property.Type))}."));
            }
            else if (property.Options is { } options && !options.Contains(JsConvert.ToString(value)))
            {
                problems.Add(new("data." + name, $"'{name}' must be one of {string.Join(", ", options)}."));
            }
            else if (property.Type == "json" && value.IsString && !IsJsonObject(value.AsString()))
            {
                problems.Add(new("data." + name, $"'{name}' must be a JSON object such as {{ \"headers\": {{ \"X-Key\": \"…\" }} }}."));
            }
        }

        foreach (var property in type.Properties.Where(p => p.Required && !IsSet(data, p.Name)))
        {
            problems.Add(new("data." + property.Name, $"'{property.Name}' ({property.DisplayName}) is required for {type.Name}."));
        }

        if (type.Name == "oAuth2Api")
        {
            var grant = data["grantType"].TryGetString() ?? "authorizationCode";
            if (grant != "pkce" && !IsSet(data, "clientSecret"))
            {
                problems.Add(new("data.clientSecret", $"'clientSecret' is required when grantType is {grant} (only pkce works without one)."));
            }

            if (grant != "clientCredentials" && !IsSet(data, "authUrl"))
            {
                problems.Add(new("data.authUrl", $"'authUrl' (the provider's authorization endpoint) is required when grantType is {grant}."));
            }

            foreach (var field in new[] { "authUrl", "accessTokenUrl" })
            {
                if (IsSet(data, field) && (!Uri.TryCreate(JsConvert.ToString(data[field]), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
                {
                    problems.Add(new("data." + field, $"'{field}' must be an absolute http(s) URL."));
                }
            }
        }

        if (type.Name == "jwtAuth")
        {
            var keyType = data["keyType"].TryGetString() ?? "passphrase";
            if (keyType == "passphrase" && !IsSet(data, "secret"))
            {
                problems.Add(new("data.secret", "'secret' is required when keyType is passphrase."));
            }
            else if (keyType == "pemKey" && !IsSet(data, "privateKey") && !IsSet(data, "publicKey"))
            {
                problems.Add(new("data.privateKey", "'privateKey' or 'publicKey' is required when keyType is pemKey."));
            }
        }

        return problems;
    }

    /// <summary>
    /// The stored data with the changes applied: a field left out, null or empty keeps its stored value (so a form
    /// that never saw the secrets can rename a credential without wiping them).
    /// </summary>
    public static JsObject Merge(JsObject stored, JsObject? changes)
    {
        var merged = stored.DeepClone();
        foreach (var (name, value) in changes ?? new JsObject())
        {
            if (value.IsNullish || (value.IsString && value.AsString().Length == 0))
            {
                continue;
            }

            merged[name] = value;
        }

        return merged;
    }

    /// <summary>Problems for fields users may not set (Tessera writes them, e.g. OAuth2 token data).</summary>
    public static IEnumerable<CredentialProblem> SystemFieldsSet(CredentialTypeDescription? type, JsObject? changes) =>
        type is null || changes is null
            ? []
            : type.Properties.Where(p => p.System && IsSet(changes, p.Name))
                .Select(p => new CredentialProblem("data." + p.Name, $"'{p.Name}' is written by Tessera (connect the credential to obtain tokens); leave it out."));

    /// <summary>
    /// For OAuth2: true when a change to the client or provider settings makes the stored token meaningless, so it is
    /// dropped (the next run fetches a new one, or the user reconnects).
    /// </summary>
    public static bool InvalidatesOAuth2Token(string type, JsObject stored, JsObject merged) =>
        type == "oAuth2Api"
        && new[] { "grantType", "authUrl", "accessTokenUrl", "clientId", "clientSecret", "scope", "authentication" }
            .Any(f => !JsonEquality.DeepEquals(stored[f], merged[f]));

    /// <summary>The data without null or empty fields.</summary>
    public static JsObject WithoutEmpty(JsObject data) => Merge(new JsObject(), data);

    /// <summary>The names of the fields that hold a value.</summary>
    public static IReadOnlyList<string> FieldNames(JsObject data) => [.. data.Keys.Where(k => IsSet(data, k))];

    private static bool IsSet(JsObject data, string name) =>
        data.TryGetValue(name, out var value) && !value.IsNullish && !(value.IsString && value.AsString().Length == 0);

    private static bool IsJsonObject(string text)
    {
        try
        {
            return JsonCodec.Parse(text).IsObject;
        }
        catch (JsonFormatException)
        {
            return false;
        }
    }
}
