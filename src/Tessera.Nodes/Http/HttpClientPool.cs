using System.Collections.Concurrent;
using System.Net;

namespace Tessera.Nodes.Http;

/// <summary>Limits and defaults for outbound HTTP calls made by nodes.</summary>
public sealed class HttpClientPoolOptions
{
    /// <summary>Timeout of one request when the node sets none (default 5 minutes).</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest response body a node may read (default 100 MB); larger responses fail the node.</summary>
    public long MaxResponseBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>How long a pooled connection lives before it is replaced, so DNS changes are picked up (default 2 minutes).</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>What makes two outbound calls unable to share a handler.</summary>
/// <param name="CredentialKey">The credential (type and id), so connections and cookies never cross credentials.</param>
/// <param name="Proxy">Proxy URL, or null.</param>
/// <param name="IgnoreSsl">Whether certificate errors are ignored.</param>
/// <param name="FollowRedirects">Whether redirects are followed.</param>
/// <param name="MaxRedirects">How many redirects are followed.</param>
public readonly record struct HttpClientKey(string? CredentialKey, string? Proxy, bool IgnoreSsl, bool FollowRedirects, int MaxRedirects);

/// <summary>
/// Shared, pooled <see cref="HttpClient"/>s for nodes, one per <see cref="HttpClientKey"/>. Each uses a
/// <see cref="SocketsHttpHandler"/> with a bounded connection lifetime; timeouts are applied per request by the caller.
/// Register one as a service; nodes fall back to <see cref="Shared"/> when none is registered.
/// </summary>
public sealed class HttpClientPool : IDisposable
{
    private readonly ConcurrentDictionary<HttpClientKey, Lazy<HttpClient>> _clients = new();

    /// <summary>Creates a pool.</summary>
    public HttpClientPool(HttpClientPoolOptions? options = null) => Options = options ?? new HttpClientPoolOptions();

    /// <summary>The pool used when the host registered none.</summary>
    public static HttpClientPool Shared { get; } = new();

    /// <summary>The limits.</summary>
    public HttpClientPoolOptions Options { get; }

    /// <summary>The client for <paramref name="key"/>, created on first use.</summary>
    public HttpClient Get(HttpClientKey key) =>
        _clients.GetOrAdd(key, k => new Lazy<HttpClient>(() => Create(k), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Disposes every client.</summary>
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            if (client.IsValueCreated)
            {
                client.Value.Dispose();
            }
        }

        _clients.Clear();
    }

    private HttpClient Create(HttpClientKey key)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Options.PooledConnectionLifetime,
            AllowAutoRedirect = key.FollowRedirects && key.MaxRedirects > 0,
            MaxAutomaticRedirections = Math.Max(1, key.MaxRedirects),
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        if (key.Proxy is { Length: > 0 } proxy)
        {
            var uri = new Uri(proxy.Contains("://", StringComparison.Ordinal) ? proxy : "http://" + proxy);
            var webProxy = new WebProxy(new Uri(uri.GetLeftPart(UriPartial.Authority)));
            if (uri.UserInfo.Length > 0)
            {
                var parts = uri.UserInfo.Split(':', 2);
                webProxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
            }

            handler.Proxy = webProxy;
            handler.UseProxy = true;
        }
        else
        {
            handler.UseProxy = false;
        }

        if (key.IgnoreSsl)
        {
            // The node's "Ignore SSL Issues" option: the workflow author accepted the risk for this call.
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }

        // Timeouts are per request (node option), so the client itself never times out.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
