using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Engine.Journal;

namespace Tessera.Storage.Executions;

/// <summary>Serialises journal events as camelCase JSON with the <c>type</c> discriminator first.</summary>
internal static class JournalSerializer
{
    /// <summary>The options events are read with (and, in tests, the reference for what <see cref="Serialize"/> writes).</summary>
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowOutOfOrderMetadataProperties = true,

        // Events carry item JSON as strings: the default encoder writes each of their quotes as \u0022 (six bytes) and
        // escapes every non-ASCII character, which made serialising about twice as slow and the rows far larger. The
        // journal is JSON read by Tessera, never markup, so only what JSON itself requires is escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // Source-generated metadata: reflection-based metadata emitted ~40 dynamic methods and JIT-compiled ~120 more
        // on the first event of every process, ~0.1 s of each `tessera run` (docs/benchmarks.md, "Durability").
        TypeInfoResolver = JournalJsonContext.Default,
    };

    /// <summary>
    /// The event's stored JSON. An <see cref="ExecutionCreated"/> that names its workflow snapshot is stored without the
    /// workflow JSON, which lives once in <c>workflow_snapshots</c> (<see cref="WorkflowSnapshots"/>).
    /// </summary>
    /// <remarks>
    /// Written by <see cref="JournalEventWriter"/>, not through <see cref="Options"/>: the same JSON (a test holds the two
    /// equal for every event type and property), without building the serializer's metadata for the eleven event types
    /// on a process's first event. That metadata is ~260 generic instantiations over value types that ReadyToRun cannot
    /// precompile, ~25 ms of JIT work in every <c>tessera run</c> that saves (docs/benchmarks.md, "The CLI's saved run").
    /// </remarks>
    public static string Serialize(ExecutionEvent e) => JournalEventWriter.Write(e);

    public static ExecutionEvent Deserialize(string json) =>
        JsonSerializer.Deserialize<ExecutionEvent>(json, Options)
        ?? throw new InvalidOperationException("A journal event row holds JSON null.");

    /// <summary>
    /// Reads a stored event, turning every way a row can be unreadable (an event type this Tessera does not know,
    /// damaged JSON, a missing payload) into a <see cref="JournalFormatException"/> that names the row: an execution
    /// is never resumed or shown from a journal with a silent hole in it. <paramref name="snapshot"/> is the workflow
    /// JSON of the snapshot the row names (<c>ref</c>), put back into the <see cref="ExecutionCreated"/> it was taken from.
    /// </summary>
    public static ExecutionEvent Deserialize(string? json, string executionId, long sequence, string type, string? snapshot)
    {
        if (json is null)
        {
            throw new JournalFormatException(executionId, sequence, type,
                "its data is missing (the row stores it apart and the payload row is gone); the database was damaged or edited by hand");
        }

        if (!Known.Contains(type))
        {
            throw new JournalFormatException(executionId, sequence, type,
                $"'{type}' is not an event type this Tessera knows; the journal was written by a newer Tessera — upgrade Tessera to read it");
        }

        ExecutionEvent e;
        try
        {
            e = JsonSerializer.Deserialize<ExecutionEvent>(json, Options)
                ?? throw new JournalFormatException(executionId, sequence, type, "the row holds JSON null");
        }
        catch (JsonException x)
        {
            throw new JournalFormatException(executionId, sequence, type, $"its JSON cannot be read ({x.Message}); the database was damaged or written by a newer Tessera");
        }
        catch (NotSupportedException x)
        {
            throw new JournalFormatException(executionId, sequence, type, $"its JSON cannot be read ({x.Message}); it was probably written by a newer Tessera");
        }

        if (e.Sequence != sequence || !string.Equals(e.ExecutionId, executionId, StringComparison.Ordinal))
        {
            throw new JournalFormatException(executionId, sequence, type,
                $"its JSON says execution {e.ExecutionId} sequence {e.Sequence}; the database was damaged or edited by hand");
        }

        if (e is ExecutionCreated { WorkflowSnapshot: { } hash } created)
        {
            return snapshot is null
                ? throw new JournalFormatException(executionId, sequence, type,
                    $"the workflow snapshot it names ({hash}) is missing from workflow_snapshots; the database was damaged or edited by hand")
                : created with { WorkflowJson = snapshot };
        }

        return e;
    }

    private static readonly HashSet<string> Known =
    [
        nameof(ExecutionCreated), nameof(NodeStarted), nameof(NodeCompleted), nameof(NodeFailed), nameof(NodeRetried),
        nameof(ExecutionWaiting), nameof(ExecutionResumed), nameof(ApprovalRequested), nameof(ApprovalDecided),
        nameof(ExecutionFinished), nameof(ExecutionCancelled),
    ];

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

    /// <summary>What the event's row refers to, kept in its <c>ref</c> column: the workflow snapshot it was taken from.</summary>
    public static string? RefOf(ExecutionEvent e) => (e as ExecutionCreated)?.WorkflowSnapshot;

    /// <summary>The type name stored in the <c>type</c> column (the same as the JSON discriminator).</summary>
    public static string TypeOf(ExecutionEvent e) => e.GetType().Name;
}

/// <summary>Compile-time serialisation metadata for the journal's events (options come from <see cref="JournalSerializer"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExecutionEvent))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
