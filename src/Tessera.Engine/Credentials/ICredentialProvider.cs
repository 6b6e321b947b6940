using Tessera.Engine.Data;
using Tessera.Engine.Workflows;

namespace Tessera.Engine.Credentials;

/// <summary>
/// Resolves the decrypted data of a credential a node references (<c>node.credentials[credentialType]</c>).
/// The server implements it over the encrypted vault; tests supply an in-memory one. Nodes ask for it through
/// <c>context.GetService&lt;ICredentialProvider&gt;()</c> and must never copy secrets into items, logs or errors.
/// </summary>
public interface ICredentialProvider
{
    /// <summary>
    /// The credential's fields (e.g. <c>{ user, password }</c> for <c>httpBasicAuth</c>), or null when the node does not
    /// reference a credential of <paramref name="credentialType"/> or it cannot be found.
    /// </summary>
    ValueTask<JsObject?> GetAsync(WorkflowNode node, string credentialType, CancellationToken cancellationToken);
}
