using Microsoft.Extensions.DependencyInjection;
using Tessera.Engine.Credentials;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Credentials;
using Tessera.Storage.Security;

namespace Tessera.Server.Api;

/// <summary>Registers the audit log, the credentials vault and the engine's credential provider.</summary>
internal static class CredentialServices
{
    /// <summary>
    /// Loads the encryption key (creating the key file on first start and saying where), refuses to start when the
    /// key cannot open the stored credentials, and registers <see cref="IAuditLog"/>, <see cref="CredentialVault"/>
    /// and <see cref="ICredentialProvider"/>.
    /// </summary>
    /// <exception cref="EncryptionKeyException">The key file is unsafe or the key is wrong for the data.</exception>
    public static IServiceCollection AddCredentialVault(this IServiceCollection services, ServerOptions options, TesseraStorage storage)
    {
        var source = EncryptionKeyLoader.Load(storage.Options.DataDirectory);
        if (source.Created)
        {
            options.Log?.WriteLine(
                $"Generated the credentials encryption key {source.KeyFilePath} (mode 0600). Back it up with the database: without it, stored credentials cannot be read.");
        }

        // Startup is synchronous here and nothing else runs yet; failing now keeps a wrong key from serving requests.
        var vault = CredentialVault.OpenAsync(storage, source.Keys).GetAwaiter().GetResult();
        services.AddSingleton(source);
        services.AddSingleton(storage.Audit);
        services.AddSingleton(vault);
        var provider = new VaultCredentialProvider(vault, storage.Audit);
        services.AddSingleton<ICredentialProvider>(provider);
        services.AddSingleton(new VaultOAuth2TokenStore(provider));
        return services;
    }
}

/// <summary>Saves tokens the HTTP Request node obtained for an <c>oAuth2Api</c> credential back into the vault (sealed).</summary>
internal sealed class VaultOAuth2TokenStore(VaultCredentialProvider provider) : Tessera.Nodes.Http.OAuth2.IOAuth2TokenStore
{
    public async ValueTask SaveAsync(Tessera.Engine.Workflows.WorkflowNode node, string credentialType, Tessera.Engine.Data.JsObject tokenData, CancellationToken cancellationToken) =>
        await provider.SaveOAuth2TokenAsync(node, credentialType, tokenData, cancellationToken).ConfigureAwait(false);
}
