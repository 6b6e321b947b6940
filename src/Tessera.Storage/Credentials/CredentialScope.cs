namespace Tessera.Storage.Credentials;

/// <summary>
/// Who is running: the project whose credentials an execution may use, and the workflow and execution for the
/// audit log. The engine's <c>ICredentialProvider</c> only sees the node, so the host enters a scope around each run:
/// <code>using (CredentialScope.Enter(new CredentialScope(projectId, workflowId, executionId)))
/// {
///     await engine.RunAsync(workflow, options, ct);
/// }</code>
/// The scope flows through every await of the run (it is an <see cref="AsyncLocal{T}"/>), sub-workflows included.
/// Without a scope, <see cref="VaultCredentialProvider"/> refuses every lookup.
/// </summary>
/// <param name="ProjectId">The project whose credentials may be used.</param>
/// <param name="WorkflowId">The workflow being run (for the audit log).</param>
/// <param name="ExecutionId">The execution (for the audit log).</param>
/// <param name="Actor">Who started it, for the audit log; default <c>execution:&lt;id&gt;</c>.</param>
public sealed record CredentialScope(string ProjectId, string? WorkflowId = null, string? ExecutionId = null, string? Actor = null)
{
    private static readonly AsyncLocal<ActiveScope?> Active = new();

    /// <summary>The scope of the current run, or null outside any.</summary>
    public static CredentialScope? Current => Active.Value?.Scope;

    internal static ActiveScope? CurrentActive => Active.Value;

    /// <summary>The actor recorded for credential uses.</summary>
    public string AuditActor => Actor ?? (ExecutionId is not null ? "execution:" + ExecutionId : "workflow:" + (WorkflowId ?? "unsaved"));

    /// <summary>Enters <paramref name="scope"/> until the returned handle is disposed (which restores the previous scope).</summary>
    public static IDisposable Enter(CredentialScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrEmpty(scope.ProjectId, nameof(scope));
        var previous = Active.Value;
        Active.Value = new ActiveScope(scope);
        return new Restore(previous);
    }

    /// <summary>A scope in force, with the credential uses already recorded in it (each is audited once per node).</summary>
    internal sealed class ActiveScope(CredentialScope scope)
    {
        public CredentialScope Scope { get; } = scope;

        public System.Collections.Concurrent.ConcurrentDictionary<(string CredentialId, string Node), bool> Recorded { get; } = new();
    }

    private sealed class Restore(ActiveScope? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Active.Value = previous;
            }
        }
    }
}
