using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Engine.Journal;

namespace Tessera.Storage.Executions;

/// <summary>Serialises journal events as camelCase JSON with the <c>type</c> discriminator first.</summary>
internal static class JournalSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowOutOfOrderMetadataProperties = true,
    };

    public static string Serialize(ExecutionEvent e) => JsonSerializer.Serialize(e, Options);

    public static ExecutionEvent Deserialize(string json) =>
        JsonSerializer.Deserialize<ExecutionEvent>(json, Options)
        ?? throw new InvalidOperationException("A journal event row holds JSON null.");

    /// <summary>The node an event is about, kept in its own column for queries.</summary>
    public static string? NodeOf(ExecutionEvent e) => e switch
    {
        NodeStarted s => s.Node,
        NodeCompleted c => c.Node,
        NodeFailed f => f.Node,
        NodeRetried r => r.Node,
        ExecutionWaiting w => w.Node,
        ApprovalRequested a => a.Node,
        _ => null,
    };

    /// <summary>The type name stored in the <c>type</c> column (the same as the JSON discriminator).</summary>
    public static string TypeOf(ExecutionEvent e) => e.GetType().Name;
}
