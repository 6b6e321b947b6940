using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Flow;

/// <summary>
/// <c>n8n-nodes-testing.testData</c>: n8n's test-only node; outputs its <c>data</c> parameter as items
/// (an array of objects, one object, or JSON text of either).
/// </summary>
internal sealed class TestDataNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-testing.testData",
        DisplayName = "Test Data",
        Description = "Outputs fixed test data",
        Versions = [1],
        Group = NodeGroup.Transform,
        Category = "Core",
        Parameters = [new NodeParameter { Name = "data", Type = ParameterType.Json, Default = new JsArray() }],
    };

    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var data = context.GetParameter("data");
        if (data.IsString)
        {
            try
            {
                data = JsonCodec.Parse(data.AsString());
            }
            catch (JsonFormatException e)
            {
                throw new NodeOperationException($"The 'data' parameter is not valid JSON: {e.Message}", description: "Give an array of objects or one object.", inner: e);
            }
        }

        var items = new List<Item>();
        if (data.TryGetArray() is { } array)
        {
            foreach (var entry in array)
            {
                items.Add(Item.FromJson(JsonCodec.DeepClone(entry)));
            }
        }
        else if (data.TryGetObject() is { } obj)
        {
            items.Add(Item.FromJson(obj.DeepClone()));
        }

        return ValueTask.FromResult(NodeOutput.Single(items));
    }
}
