using System.Text.Json;
using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Workflows;
using Tessera.Storage.Audit;

namespace Tessera.Storage.Credentials;

/// <summary>
/// The engine's <see cref="ICredentialProvider"/> over the vault. A node's reference
/// <c>credentials.&lt;type&gt; = { id, name }</c> is resolved by id, else (for workflows imported from n8n, whose ids
/// differ) by type and name, and only within the project of the current <see cref="CredentialScope"/>: another
/// project's credential is "not found". Each credential's first use by a node in a run is written to the audit log as
/// <c>credential.used</c>.
/// </summary>
public sealed class VaultCredentialProvider(CredentialVault vault, IAuditLog audit) : ICredentialProvider
{
    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No <see cref="CredentialScope"/> is in force (a host bug: it must enter one around each run).</exception>
    public async ValueTask<JsObject?> GetAsync(WorkflowNode node, string credentialType, CancellationToken cancellationToken) =>
        (await ResolveAsync(node, credentialType, cancellationToken).ConfigureAwait(false))?.Data;

    /// <summary>
    /// Saves new OAuth2 token data in the <c>oAuth2Api</c> credential the node references (resolved and scoped like
    /// <see cref="GetAsync"/>); false when the node has none.
    /// </summary>
    public async ValueTask<bool> SaveOAuth2TokenAsync(WorkflowNode node, string credentialType, JsObject tokenData, CancellationToken cancellationToken)
    {
        if (await ResolveAsync(node, credentialType, cancellationToken).ConfigureAwait(false) is not { } hit)
        {
            return false;
        }

        return await vault.SaveOAuth2TokenAsync(hit.Info.Id, tokenData, auditActor: null, cancellationToken).ConfigureAwait(false) is not null;
    }

    private async ValueTask<(CredentialInfo Info, JsObject Data)?> ResolveAsync(WorkflowNode node, string credentialType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentException.ThrowIfNullOrEmpty(credentialType);
        var active = CredentialScope.CurrentActive
            ?? throw new InvalidOperationException(
                $"Node \"{node.Name}\" asked for a {credentialType} credential outside a credential scope; the host must run workflows inside CredentialScope.Enter(projectId, …) so credentials stay within their project.");
        var scope = active.Scope;
        var reference = node.Credentials?[credentialType].TryGetObject();
        if (reference is null)
        {
            return null;
        }

        var id = reference["id"].TryGetString();
        var name = reference["name"].TryGetString();
        (Storage.Credentials.CredentialInfo Info, JsObject Data)? found = null;
        if (!string.IsNullOrEmpty(id))
        {
            found = await vault.OpenDataAsync(id, cancellationToken).ConfigureAwait(false);
            if (found is { } f && (f.Info.ProjectId != scope.ProjectId || f.Info.Type != credentialType))
            {
                found = null;
            }
        }

        if (found is null && !string.IsNullOrEmpty(name)
            && await vault.FindByNameAsync(scope.ProjectId, credentialType, name, cancellationToken).ConfigureAwait(false) is { } byName)
        {
            found = await vault.OpenDataAsync(byName.Id, cancellationToken).ConfigureAwait(false);
        }

        if (found is not { } hit)
        {
            return null;
        }

        if (active.Recorded.TryAdd((hit.Info.Id, node.Name), true))
        {
            var details = JsonSerializer.Serialize(new { type = credentialType, name = hit.Info.Name, node = node.Name, workflowId = scope.WorkflowId, executionId = scope.ExecutionId });
            await audit.AppendAsync(new AuditRecord(scope.AuditActor, AuditActions.CredentialUsed, hit.Info.Id, scope.ProjectId, details), cancellationToken).ConfigureAwait(false);
        }

        return hit;
    }
}
