using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Flow;

/// <summary><c>n8n-nodes-base.stopAndError</c>: fails the workflow with a message or an error object.</summary>
internal sealed class StopAndErrorNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.stopAndError",
        DisplayName = "Stop and Error",
        Description = "Throw an error in the workflow",
        Versions = [1],
        Group = NodeGroup.Flow,
        Category = "Flow",
        Outputs = static _ => 0,
        Parameters =
        [
            new NodeParameter { Name = "errorType", Type = ParameterType.Options, Default = "errorMessage" },
            new NodeParameter { Name = "errorMessage", Type = ParameterType.String, Default = string.Empty },
            new NodeParameter { Name = "errorObject", Type = ParameterType.Json, Default = "{}" },
        ],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var errorType = context.GetString("errorType", 0, "errorMessage");
        if (errorType == "errorObject")
        {
            var value = context.GetParameter("errorObject");
            if (value.IsString)
            {
                try
                {
                    value = JsonCodec.Parse(value.AsString());
                }
                catch (JsonFormatException e)
                {
                    throw new NodeOperationException($"The error object is not valid JSON: {e.Message}", description: "Fix the JSON in 'Error Object'.", inner: e);
                }
            }

            var obj = value.TryGetObject() ?? new JsObject();
            var message = obj["message"].TryGetString()
                ?? obj["description"].TryGetString()
                ?? obj["error"].TryGetObject()?["message"].TryGetString()
                ?? JsonCodec.Serialize(obj);
            throw new NodeOperationException(message, description: obj["description"].TryGetString());
        }

        throw new NodeOperationException(context.GetString("errorMessage"));
    }
}
