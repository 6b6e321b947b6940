using System.Collections.Concurrent;
using Tessera.Nodes.Triggers;

namespace Tessera.Server.Triggers.Webhooks;

/// <summary>
/// Executions started by a webhook call, keyed by execution id: the request's method (for multi-method Webhook nodes)
/// and, in "responseNode" mode, the response the HTTP request waits for. The first response wins.
/// </summary>
internal sealed class WebhookResponses : IWebhookResponder
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>Tracks an execution; dispose the returned handle when its request is done.</summary>
    public Pending Track(string executionId, string method, bool awaitsResponse)
    {
        var pending = new Pending(this, executionId, method, awaitsResponse);
        _pending[executionId] = pending;
        return pending;
    }

    public bool TryRespond(string executionId, WebhookResponse response) =>
        _pending.TryGetValue(executionId, out var pending) && pending.AwaitsResponse && pending.Response.TrySetResult(response);

    public string? RequestMethod(string executionId) => _pending.TryGetValue(executionId, out var pending) ? pending.Method : null;

    /// <summary>One tracked execution.</summary>
    internal sealed class Pending(WebhookResponses owner, string executionId, string method, bool awaitsResponse) : IDisposable
    {
        public string Method { get; } = method;

        public bool AwaitsResponse { get; } = awaitsResponse;

        public TaskCompletionSource<WebhookResponse> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose() => owner._pending.TryRemove(new KeyValuePair<string, Pending>(executionId, this));
    }
}
