using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Values.Crypto;

namespace Tessera.Nodes.Values.Jwt;

/// <summary>n8n's JWT node (v1): sign a payload, decode a token, or verify one with a <c>jwtAuth</c> credential.</summary>
internal sealed class JwtNode : INodeType
{
    // The JSON payload editor's starting content in n8n; a workflow that never edits it signs exactly this.
    private const string DefaultClaimsJson = "{\n  \"my_field_1\": \"value 1\",\n  \"my_field_2\": \"value 2\"\n}\n";

    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.jwt",
        DisplayName = "JWT",
        Description = "JWT",
        Versions = [1],
        Category = "Core",
        Credentials = ["jwtAuth"],
        Parameters =
        [
            new() { Name = "operation", Type = ParameterType.Options, Default = "sign", Options = [new("Decode", "decode"), new("Sign", "sign"), new("Verify", "verify")] },
            new() { Name = "useJson", Type = ParameterType.Boolean, Default = false },
            new()
            {
                Name = "claims",
                Type = ParameterType.Collection,
                Default = new JsObject(),
                Children =
                [
                    new() { Name = "audience", Type = ParameterType.String, Default = "" },
                    new() { Name = "expiresIn", Type = ParameterType.Number, Default = 3600 },
                    new() { Name = "issuer", Type = ParameterType.String, Default = "" },
                    new() { Name = "jwtid", Type = ParameterType.String, Default = "" },
                    new() { Name = "notBefore", Type = ParameterType.Number, Default = 0 },
                    new() { Name = "subject", Type = ParameterType.String, Default = "" },
                ],
            },
            new() { Name = "claimsJson", Type = ParameterType.Json, Default = DefaultClaimsJson },
            new() { Name = "headerClaims", Type = ParameterType.Json, Default = "{}" },
            new() { Name = "token", Type = ParameterType.String, Default = "" },
            new()
            {
                Name = "options",
                Type = ParameterType.Collection,
                Default = new JsObject(),
                Children =
                [
                    new() { Name = "complete", Type = ParameterType.Boolean, Default = false },
                    new() { Name = "ignoreExpiration", Type = ParameterType.Boolean, Default = false },
                    new() { Name = "ignoreNotBefore", Type = ParameterType.Boolean, Default = false },
                    new() { Name = "clockTolerance", Type = ParameterType.Number, Default = 0 },
                    new() { Name = "kid", Type = ParameterType.String, Default = "" },
                    new() { Name = "algorithm", Type = ParameterType.Options, Default = "HS256", Options = [.. JwtToken.Algorithms.Select(a => new ParameterOption(a, a))] },
                ],
            },
        ],
    };

    public async ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var provider = context.GetService<ICredentialProvider>();
        var credential = provider is null ? null : await provider.GetAsync(context.Node, "jwtAuth", context.CancellationToken).ConfigureAwait(false);
        var items = context.InputItems;
        var output = new List<Item>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                if (credential is null)
                {
                    throw new NodeOperationException("No JWT credential is set for this node.", i, "Select a JWT credential (jwtAuth) in the node.");
                }

                output.Add(new Item(Run(context, JwtKey.FromCredential(credential), i), i));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var error = e is JwtException ? new NodeOperationException(e.Message, i, inner: e) : e;
                if (!ItemResults.ContinuesOnFail(context.Node))
                {
                    throw ItemResults.AsNodeError(error, i);
                }

                output.Add(ItemResults.ErrorItem(error, i));
            }
        }

        return NodeOutput.Single(output);
    }

    private static JsObject Run(NodeExecutionContext context, JwtKey key, int index)
    {
        var operation = context.GetString("operation", index, "sign");
        var algorithm = context.Node.Parameters.GetPath("options.algorithm").IsUndefined
            ? key.Algorithm
            : context.GetString("options.algorithm", index, key.Algorithm);
        switch (operation)
        {
            case "sign":
                return new JsObject { ["token"] = Sign(context, key, algorithm, index) };
            case "decode":
            {
                var decoded = JwtToken.Decode(context.GetString("token", index));
                return Shape(decoded, context.GetBoolean("options.complete", index));
            }

            case "verify":
            {
                var options = new JwtVerifyOptions(
                    context.GetBoolean("options.ignoreExpiration", index),
                    context.GetBoolean("options.ignoreNotBefore", index),
                    context.GetNumber("options.clockTolerance", index),
                    context.Execution.Time.GetUtcNow());
                var decoded = JwtToken.Verify(context.GetString("token", index), algorithm, key, options);
                return Shape(decoded, context.GetBoolean("options.complete", index));
            }

            default:
                throw new NodeOperationException($"The operation '{operation}' is not supported.", index, "Choose sign, decode or verify.");
        }
    }

    private static JsObject Shape(DecodedJwt decoded, bool complete)
    {
        if (complete)
        {
            return decoded.ToComplete();
        }

        return decoded.Payload.TryGetObject() ?? new JsObject { ["payload"] = decoded.Payload };
    }

    private static string Sign(NodeExecutionContext context, JwtKey key, string algorithm, int index)
    {
        JsObject payload;
        if (context.GetBoolean("useJson", index))
        {
            payload = ParseObject(context.GetParameter("claimsJson", index), "Payload Claims (JSON)", index);
        }
        else
        {
            // n8n signs the claim collection as given, so its keys (audience, issuer, jwtid…) appear literally in the payload.
            payload = context.GetObject("claims", index).DeepClone();
        }

        if (!payload.ContainsKey("iat"))
        {
            payload["iat"] = Math.Floor(context.Execution.Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        }

        var header = new JsObject { ["alg"] = algorithm, ["typ"] = "JWT" };
        var kid = context.GetString("options.kid", index);
        if (kid.Length > 0)
        {
            header["kid"] = kid;
        }

        var headerClaims = context.GetParameter("headerClaims", index);
        if (!headerClaims.IsNullish && !(headerClaims.IsString && string.IsNullOrWhiteSpace(headerClaims.AsString())))
        {
            foreach (var (name, value) in ParseObject(headerClaims, "Header Claims", index))
            {
                if (name != "alg")
                {
                    header[name] = value;
                }
            }
        }

        return JwtToken.Sign(header, payload, algorithm, key);
    }

    private static JsObject ParseObject(JsValue value, string parameter, int index)
    {
        if (value.TryGetObject() is { } obj)
        {
            return obj.DeepClone();
        }

        try
        {
            return JsonCodec.Parse(value.IsString ? value.AsString() : "null").TryGetObject()
                ?? throw new NodeOperationException($"'{parameter}' must be a JSON object.", index, "Enter an object such as { \"key\": \"value\" }.");
        }
        catch (JsonFormatException e)
        {
            throw new NodeOperationException($"'{parameter}' is not valid JSON: {e.Message}", index, "Fix the JSON in the parameter.");
        }
    }
}
