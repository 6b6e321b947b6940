namespace Tessera.Nodes.Triggers;

/// <summary>An HTTP response a workflow hands back to the caller of its webhook.</summary>
public sealed record WebhookResponse
{
    /// <summary>The status code.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Headers to send (names as given; the host writes them as they are).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The Content-Type, or null for none (no body).</summary>
    public string? ContentType { get; init; }

    /// <summary>The body bytes; empty for no body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }
}

/// <summary>
/// The host side of <c>respondToWebhook</c>: the server registers one in the engine's services and answers the waiting
/// HTTP request of execution <c>executionId</c>. A workflow responds at most once; later responses are ignored.
/// </summary>
public interface IWebhookResponder
{
    /// <summary>
    /// Sends <paramref name="response"/> to the request that started <paramref name="executionId"/>. False when nothing
    /// waits for it (a manual run, a schedule, a second respond node, or a webhook not in "responseNode" mode).
    /// </summary>
    bool TryRespond(string executionId, WebhookResponse response);

    /// <summary>The HTTP method of the request that started <paramref name="executionId"/>, or null when not a webhook run.</summary>
    string? RequestMethod(string executionId);
}
