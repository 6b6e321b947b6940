using System.Collections.Concurrent;
using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Http.OAuth2;

/// <summary>
/// The OAuth2 token of one node run: taken from the credential's stored token data, fetched (client credentials) or
/// refreshed (refresh token) when missing, expired or refused with 401, and saved back through
/// <see cref="IOAuth2TokenStore"/>. One lock per credential in the process makes concurrent items and executions
/// renew once; after the lock, the stored data is read again in case another run already renewed.
/// </summary>
internal sealed class OAuth2Session
{
    // A token this close to its expiry is renewed before use, so it does not expire in flight.
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new();

    private readonly NodeExecutionContext _context;
    private readonly HttpClient _client;
    private readonly string _lockKey;
    private OAuth2Settings _settings;

    private OAuth2Session(NodeExecutionContext context, OAuth2Settings settings, HttpClient client, string lockKey)
    {
        _context = context;
        _settings = settings;
        _client = client;
        _lockKey = lockKey;
    }

    /// <summary>The node's OAuth2 credential as users know it: its name in quotes, when the node names it.</summary>
    private string CredentialName =>
        _context.Node.Credentials?[OAuth2Settings.CredentialType].TryGetObject()?["name"].TryGetString() is { Length: > 0 } name ? $"\"{name}\"" : "it uses";

    /// <summary>The secrets to mask in anything the node writes.</summary>
    public IEnumerable<string> Secrets => _settings.Secrets();

    /// <param name="proxy">The node's proxy: the token endpoint is reached the way the node's requests are.</param>
    /// <param name="ignoreSsl">The node's "ignore SSL issues" option, for the token endpoint too.</param>
    public static OAuth2Session Open(NodeExecutionContext context, JsObject data, HttpClientPool pool, string credentialKey, string? proxy, bool ignoreSsl)
    {
        var settings = OAuth2Settings.From(data);
        var client = pool.Get(new HttpClientKey("oauth2:" + credentialKey, proxy, ignoreSsl, false, 0));
        return new OAuth2Session(context, settings, client, credentialKey);
    }

    /// <summary>A usable access token: the stored one unless missing or expired, else a new or refreshed one.</summary>
    public async Task<string> GetTokenAsync(int? itemIndex)
    {
        if (Usable(_settings) is { } token)
        {
            return token;
        }

        return await RenewAsync(rejected: _settings.AccessToken, itemIndex).ConfigureAwait(false);
    }

    /// <summary>A token other than <paramref name="rejected"/> (which the API refused or which expired).</summary>
    public async Task<string> RenewAsync(string? rejected, int? itemIndex)
    {
        var gate = Locks.GetOrAdd(_lockKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(_context.CancellationToken).ConfigureAwait(false);
        try
        {
            // Another item of this run may have renewed while we waited.
            if (Usable(_settings) is { } mine && mine != rejected)
            {
                return mine;
            }

            // …or another execution, which saved it in the credential.
            if (_context.GetService<ICredentialProvider>() is { } provider
                && await provider.GetAsync(_context.Node, OAuth2Settings.CredentialType, _context.CancellationToken).ConfigureAwait(false) is { } fresh)
            {
                _settings = OAuth2Settings.From(fresh);
                if (Usable(_settings) is { } theirs && theirs != rejected)
                {
                    return theirs;
                }
            }

            var tokenData = await ObtainAsync(itemIndex).ConfigureAwait(false);
            _settings = _settings with { TokenData = tokenData };
            if (_context.GetService<IOAuth2TokenStore>() is { } store)
            {
                await store.SaveAsync(_context.Node, OAuth2Settings.CredentialType, tokenData, _context.CancellationToken).ConfigureAwait(false);
            }

            return _settings.AccessToken!;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<JsObject> ObtainAsync(int? itemIndex)
    {
        var now = _context.Execution.Time.GetUtcNow();
        try
        {
            if (_settings.IsClientCredentials)
            {
                return await OAuth2TokenClient.ClientCredentialsAsync(_client, _settings, now, _context.CancellationToken).ConfigureAwait(false);
            }

            if (_settings.AccessToken is null)
            {
                throw new NodeOperationException(
                    $"The OAuth2 credential of node \"{_context.Node.Name}\" is not connected yet.", itemIndex,
                    $"Connect it first: open the credential {CredentialName} in Credentials and click \"Connect my account\".");
            }

            if (_settings.RefreshToken is null)
            {
                throw new NodeOperationException(
                    $"The OAuth2 access token of node \"{_context.Node.Name}\" expired or was refused, and the provider gave no refresh token.", itemIndex,
                    $"Reconnect the credential {CredentialName} (Credentials, \"Connect my account\"), or ask the provider for offline access (a refresh token) in the scope or Auth URI Query Parameters.");
            }

            return await OAuth2TokenClient.RefreshAsync(_client, _settings, now, _context.CancellationToken).ConfigureAwait(false);
        }
        catch (OAuth2Exception e)
        {
            var action = _settings.IsClientCredentials ? "fetch an OAuth2 access token" : "refresh the OAuth2 access token";
            var fix = e.Error == "invalid_client"
                ? "Check the credential's Client ID, Client Secret and Authentication (header or body)."
                : _settings.IsClientCredentials
                    ? "Check the credential's Access Token URL, Client ID, Client Secret and Scope."
                    : $"Reconnect the credential {CredentialName} (Credentials, \"Connect my account\"); the refresh token may have been revoked or expired.";
            throw new NodeOperationException($"Node \"{_context.Node.Name}\" could not {action}: {e.Message}", itemIndex, fix, e);
        }
    }

    private string? Usable(OAuth2Settings settings) =>
        settings.AccessToken is { } token && !OAuth2Settings.IsExpired(settings.TokenData, _context.Execution.Time.GetUtcNow(), ExpiryMargin) ? token : null;
}
