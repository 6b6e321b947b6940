using Tessera.Engine.Data;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Data.Shared;

namespace Tessera.Nodes.Data.Sort;

/// <summary>n8n's Sort node.</summary>
internal sealed class SortNode : INodeType
{
    /// <summary>The comparator n8n pre-fills for code sorting.</summary>
    internal const string DefaultCode =
        "// The two items to compare are in the variables a and b\n// Access the fields in a.json and b.json\n" +
        "// Return -1 if a should go before b\n// Return 1 if b should go before a\n// Return 0 if there's no difference\n\n" +
        "fieldName = 'myField';\n\nif (a.json[fieldName] < b.json[fieldName]) {\n\treturn -1;\n}\n" +
        "if (a.json[fieldName] > b.json[fieldName]) {\n\treturn 1;\n}\nreturn 0;";

    /// <inheritdoc />
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.sort",
        DisplayName = "Sort",
        SideEffectFree = true,
        Description = "Change items order",
        Versions = [1],
        Category = "Data transformation",
        Parameters =
        [
            Params.Options("type", "simple", null, "simple", "random", "code"),
            Params.Fixed("sortFieldsUi", null, Params.Str("fieldName", ""), Params.Options("order", "ascending", null, "ascending", "descending")),
            Params.Any("code", ParameterType.Code, DefaultCode),
            Params.Collection("options", null, Params.Bool("disableDotNotation", false, "Disable Dot Notation")),
        ],
    };

    /// <inheritdoc />
    public ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context) =>
        ValueTask.FromResult(SortOperation.Execute(context, Read(context)));

    /// <summary>Reads the Sort parameters shared with Item Lists.</summary>
    internal static SortSettings Read(NodeExecutionContext context)
    {
        var fields = new List<SortField>();
        if (context.GetParameter("sortFieldsUi.sortField").TryGetArray() is { } list)
        {
            foreach (var entry in list)
            {
                var name = entry["fieldName"].IsString ? entry["fieldName"].AsString() : string.Empty;
                fields.Add(new SortField(name, entry["order"].IsString && entry["order"].AsString() == "descending"));
            }
        }

        // The comparator is JavaScript source, never an n8n expression.
        var code = context.GetRawParameter("code");
        return new SortSettings(
            context.GetString("type", 0, "simple"),
            fields,
            code.IsString ? code.AsString() : DefaultCode,
            !context.GetBoolean("options.disableDotNotation"));
    }
}
