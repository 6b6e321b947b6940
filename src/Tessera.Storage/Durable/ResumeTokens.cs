using System.Security.Cryptography;
using System.Text;
using Tessera.Storage.StaticData;

namespace Tessera.Storage.Durable;

/// <summary>
/// Resume tokens: <c>&lt;execution id&gt;.&lt;signature&gt;</c>, an HMAC of the id under a secret. Deterministic, so
/// <c>$execution.resumeUrl</c> is the same before and after a crash-resume (a URL mailed out before the crash still
/// works), and unguessable from the id alone.
/// </summary>
internal sealed class ResumeTokens(IStaticDataStore staticData, byte[]? configured)
{
    // Tessera's own settings live beside workflow static data under a workflow id no n8n workflow uses.
    private const string SettingsOwner = "__tessera";
    private const string SecretScope = "resume-secret";
    private byte[]? _secret = configured;

    public async ValueTask<string> ForAsync(string executionId, CancellationToken cancellationToken)
    {
        var secret = _secret ??= await LoadSecretAsync(cancellationToken).ConfigureAwait(false);
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(executionId));
        return executionId + "." + Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }

    private async Task<byte[]> LoadSecretAsync(CancellationToken cancellationToken)
    {
        var stored = await staticData.GetAsync(SettingsOwner, SecretScope, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            await staticData.SetAsync(SettingsOwner, SecretScope, "\"" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\"", cancellationToken).ConfigureAwait(false);

            // Two processes starting together may both write; reading back makes them agree on the last one.
            stored = await staticData.GetAsync(SettingsOwner, SecretScope, cancellationToken).ConfigureAwait(false);
        }

        return Convert.FromHexString(stored!.Trim('"'));
    }
}
