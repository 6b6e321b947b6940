using Tessera.Engine.Data;
using Tessera.Engine.Workflows;

namespace Tessera.Nodes.Http.OAuth2;

/// <summary>
/// Saves a node's OAuth2 credential's new token data (n8n's <c>oauthTokenData</c>) back to where the credential lives,
/// so later items and executions reuse it. The server implements it over the encrypted vault; without one, tokens are
/// only kept for the current node run.
/// </summary>
public interface IOAuth2TokenStore
{
    /// <summary>Stores <paramref name="tokenData"/> in the credential the node references as <paramref name="credentialType"/>.</summary>
    ValueTask SaveAsync(WorkflowNode node, string credentialType, JsObject tokenData, CancellationToken cancellationToken);
}
