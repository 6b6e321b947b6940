using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Values.Crypto;

namespace Tessera.Nodes.Values.Totp;

/// <summary>n8n's TOTP node (v1): generates the current time-based one-time password from a <c>totpApi</c> credential.</summary>
internal sealed class TotpNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.totp",
        DisplayName = "TOTP",
        Description = "Generate a time-based one-time password",
        Versions = [1],
        Category = "Core",
        Credentials = ["totpApi"],
        Parameters =
        [
            new() { Name = "operation", Type = ParameterType.Options, Default = "generateSecret", Options = [new("Generate Secret", "generateSecret")] },
            new()
            {
                Name = "additionalOptions",
                Type = ParameterType.Collection,
                Default = new JsObject(),
                Children =
                [
                    new() { Name = "algorithm", Type = ParameterType.Options, Default = "SHA1", Options = [new("SHA1", "SHA1"), new("SHA224", "SHA224"), new("SHA256", "SHA256"), new("SHA3-224", "SHA3-224"), new("SHA3-256", "SHA3-256"), new("SHA3-384", "SHA3-384"), new("SHA3-512", "SHA3-512"), new("SHA384", "SHA384"), new("SHA512", "SHA512")] },
                    new() { Name = "digits", Type = ParameterType.Number, Default = 6 },
                    new() { Name = "period", Type = ParameterType.Number, Default = 30 },
                ],
            },
        ],
    };

    public async ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var provider = context.GetService<ICredentialProvider>();
        var credential = provider is null ? null : await provider.GetAsync(context.Node, "totpApi", context.CancellationToken).ConfigureAwait(false);
        var items = context.InputItems;
        var output = new List<Item>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                output.Add(Generate(context, credential, i));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!ItemResults.ContinuesOnFail(context.Node))
                {
                    throw ItemResults.AsNodeError(e, i);
                }

                output.Add(ItemResults.ErrorItem(e, i));
            }
        }

        return NodeOutput.Single(output);
    }

    private static Item Generate(NodeExecutionContext context, JsObject? credential, int index)
    {
        var operation = context.GetString("operation", index, "generateSecret");
        if (operation != "generateSecret")
        {
            throw new NodeOperationException($"The operation '{operation}' is not supported.", index, "Use 'generateSecret'.");
        }

        var secret = credential?["secret"].TryGetString();
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new NodeOperationException(
                "Missing TOTP credentials: the node needs a 'totpApi' credential with a secret.", index,
                "Select a TOTP credential in the node and enter its base32 secret.");
        }

        var algorithm = context.GetString("additionalOptions.algorithm", index, "SHA1");
        var digits = (int)context.GetNumber("additionalOptions.digits", index, 6);
        var period = (int)context.GetNumber("additionalOptions.period", index, 30);
        if (algorithm is not ("SHA1" or "SHA256" or "SHA512"))
        {
            throw new NodeOperationException($"The algorithm '{algorithm}' is not supported.", index, "Choose SHA1, SHA256 or SHA512.");
        }

        byte[] key;
        try
        {
            key = TotpGenerator.DecodeBase32(secret);
        }
        catch (FormatException e)
        {
            throw new NodeOperationException($"Invalid TOTP secret: {e.Message}", index, "Copy the secret exactly as the service showed it.");
        }

        var now = context.Execution.Time.GetUtcNow().ToUnixTimeSeconds();
        var json = new JsObject
        {
            ["token"] = TotpGenerator.Generate(key, now, algorithm, digits, period),
            ["secondsRemaining"] = TotpGenerator.SecondsRemaining(now, period),
        };
        return new Item(json, index);
    }
}
