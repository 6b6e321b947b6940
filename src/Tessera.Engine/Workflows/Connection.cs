namespace Tessera.Engine.Workflows;

/// <summary>The n8n connection type of the data flow between nodes.</summary>
public static class ConnectionTypes
{
    /// <summary>The ordinary item flow.</summary>
    public const string Main = "main";
}

/// <summary>An edge from one output of a node to one input of another.</summary>
/// <param name="Source">The source node's name.</param>
/// <param name="SourceOutput">The source output index.</param>
/// <param name="Target">The target node's name.</param>
/// <param name="TargetInput">The target input index.</param>
/// <param name="Type">The connection type (<see cref="ConnectionTypes.Main"/> for item flow).</param>
public sealed record Connection(string Source, int SourceOutput, string Target, int TargetInput, string Type = ConnectionTypes.Main);
