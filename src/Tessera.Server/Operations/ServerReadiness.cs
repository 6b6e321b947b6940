namespace Tessera.Server.Operations;

/// <summary>
/// What <c>GET /readyz</c> reports: ready once storage is migrated (always, by the time the server exists), triggers
/// are registered and the start-up pass over interrupted executions is done; not ready again once shutdown begins.
/// </summary>
internal sealed class ServerReadiness
{
    private volatile bool _triggersRegistered;
    private volatile bool _interruptedResumed;
    private volatile bool _shuttingDown;

    public bool IsReady => _triggersRegistered && _interruptedResumed && !_shuttingDown;

    public bool IsShuttingDown => _shuttingDown;

    public void TriggersRegistered() => _triggersRegistered = true;

    public void InterruptedResumed() => _interruptedResumed = true;

    public void ShuttingDown() => _shuttingDown = true;

    /// <summary>Each check by name: storage, triggers, resume, shutdown (true = fine).</summary>
    public IReadOnlyDictionary<string, bool> Checks() => new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        ["storage"] = true,
        ["triggers"] = _triggersRegistered,
        ["resume"] = _interruptedResumed,
        ["shutdown"] = !_shuttingDown,
    };
}
