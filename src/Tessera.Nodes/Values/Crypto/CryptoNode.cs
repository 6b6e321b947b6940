using System.Security.Cryptography;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Values.Crypto;

/// <summary>
/// n8n's Crypto node (v1): hash, HMAC or sign a text or binary property, or generate a random string,
/// writing the result to a (dotted) property of each item.
/// </summary>
internal sealed class CryptoNode : INodeType
{
    private const string AsciiAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.crypto",
        DisplayName = "Crypto",
        SideEffectFree = true,
        Description = "Provide cryptographic utilities",
        Versions = [1],
        Category = "Data transformation",
        Parameters =
        [
            new() { Name = "action", Type = ParameterType.Options, Default = "hash", Options = [new("Generate", "generate"), new("Hash", "hash"), new("Hmac", "hmac"), new("Sign", "sign")] },
            new() { Name = "binaryData", Type = ParameterType.Boolean, Default = false },
            new() { Name = "binaryPropertyName", Type = ParameterType.String, Default = "data" },
            new() { Name = "type", Type = ParameterType.Options, Default = "MD5", Options = [.. CryptoAlgorithms.HashTypes.Select(t => new ParameterOption(t, t))] },
            new() { Name = "value", Type = ParameterType.String, Default = "" },
            new() { Name = "dataPropertyName", Type = ParameterType.String, Default = "data" },
            new() { Name = "encoding", Type = ParameterType.Options, Default = "hex", Options = [new("BASE64", "base64"), new("HEX", "hex")] },
            new() { Name = "secret", Type = ParameterType.String, Default = "" },
            new() { Name = "algorithm", Type = ParameterType.String, Default = "RSA-SHA256" },
            new() { Name = "privateKey", Type = ParameterType.String, Default = "" },
            new() { Name = "encodingType", Type = ParameterType.Options, Default = "uuid", Options = [new("ASCII", "ascii"), new("BASE64", "base64"), new("HEX", "hex"), new("UUID", "uuid")] },
            new() { Name = "stringLength", Type = ParameterType.Number, Default = 32 },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var items = context.InputItems;
        var output = new List<Item>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            try
            {
                output.Add(Process(context, items[i], i));
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

        return ValueTask.FromResult(NodeOutput.Single(output));
    }

    private static Item Process(NodeExecutionContext context, Item item, int index)
    {
        var action = context.GetString("action", index, "hash");
        var result = action switch
        {
            "hash" => Encode(CryptoAlgorithms.Hash(context.GetString("type", index, "MD5"), Input(context, item, index)), context.GetString("encoding", index, "hex")),
            "hmac" => Encode(
                CryptoAlgorithms.Hmac(context.GetString("type", index, "MD5"), Encoding.UTF8.GetBytes(context.GetString("secret", index)), Input(context, item, index)),
                context.GetString("encoding", index, "hex")),
            "sign" => Encode(
                PemSigner.Sign(context.GetString("algorithm", index, "RSA-SHA256"), context.GetString("privateKey", index), Encoding.UTF8.GetBytes(context.GetString("value", index))),
                context.GetString("encoding", index, "hex")),
            "generate" => Generate(context.GetString("encodingType", index, "uuid"), (int)context.GetNumber("stringLength", index, 32)),
            _ => throw new NodeOperationException($"The action '{action}' is not supported.", index, "Choose one of hash, hmac, sign or generate."),
        };

        var json = item.Json.DeepClone();
        ItemResults.SetPath(json, context.GetString("dataPropertyName", index, "data"), result);
        return new Item(json, index) { Binary = item.Binary };
    }

    private static byte[] Input(NodeExecutionContext context, Item item, int index)
    {
        if (!context.GetBoolean("binaryData", index))
        {
            var value = context.GetParameter("value", index);
            return Encoding.UTF8.GetBytes(value.IsNullish ? string.Empty : JsConvert.ToString(value));
        }

        var property = context.GetString("binaryPropertyName", index, "data");
        if (item.Binary is null || !item.Binary.TryGetValue(property, out var binary))
        {
            throw new NodeOperationException(
                $"This operation expects the node's input data to contain a binary file '{property}', but none was found [item {index}]",
                index,
                "Make sure that the previous node outputs a binary file, or change 'Binary Property Name' to the property that holds it.");
        }

        return binary.GetBytes();
    }

    private static string Encode(byte[] bytes, string encoding) =>
        encoding == "base64" ? Convert.ToBase64String(bytes) : Convert.ToHexStringLower(bytes);

    private static string Generate(string encodingType, int length)
    {
        if (encodingType == "uuid")
        {
            return Guid.NewGuid().ToString();
        }

        length = Math.Max(0, length);
        return encodingType switch
        {
            "ascii" => RandomNumberGenerator.GetString(AsciiAlphabet, length),
            "hex" => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((length + 1) / 2))[..length],
            "base64" => Convert.ToBase64String(RandomNumberGenerator.GetBytes(length))[..length],
            _ => throw new NodeOperationException($"The encoding type '{encodingType}' is not supported.", description: "Choose one of ascii, base64, hex or uuid."),
        };
    }
}
