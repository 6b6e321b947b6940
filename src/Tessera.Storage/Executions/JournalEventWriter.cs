using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tessera.Engine.Journal;

namespace Tessera.Storage.Executions;

/// <summary>
/// Writes a journal event's JSON with a <see cref="Utf8JsonWriter"/>: exactly what <see cref="JsonSerializer"/> writes
/// with <see cref="JournalSerializer.Options"/> (the <c>type</c> discriminator first, camelCase names, null properties
/// left out, item JSON embedded as JSON, only what JSON requires escaped). JournalEventWriterTests compares the two for
/// every event type with every property set and with every optional one unset, so a property added to an event and not
/// here fails there. Events are read back with <see cref="JournalSerializer.Options"/>.
/// </summary>
internal static class JournalEventWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // The writer's output is checked against the serializer's in tests; release builds skip the per-call checks.
        SkipValidation = !Validate,
    };

    // Buffers larger than this (a node with many items) are not kept for the thread's next event: a server has many threads.
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string Write(ExecutionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        try
        {
            writer.Reset(buffer);
            WriteEvent(writer, e);
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }
    }

    private static void WriteEvent(Utf8JsonWriter w, ExecutionEvent e)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, JournalSerializer.TypeOf(e));
        switch (e)
        {
            case ExecutionCreated c:
                Optional(w, "workflowId"u8, c.WorkflowId);
                w.WriteString("workflowJson"u8, c.WorkflowSnapshot is not null ? string.Empty : c.WorkflowJson);
                Optional(w, "workflowSnapshot"u8, c.WorkflowSnapshot);
                w.WriteString("mode"u8, c.Mode);
                OptionalRaw(w, "triggerItemsJson"u8, c.TriggerItemsJson);
                Optional(w, "startNode"u8, c.StartNode);
                Optional(w, "destinationNode"u8, c.DestinationNode);
                Optional(w, "parentExecutionId"u8, c.ParentExecutionId);
                break;
            case NodeStarted s:
                w.WriteString("node"u8, s.Node);
                w.WriteNumber("runIndex"u8, s.RunIndex);
                break;
            case NodeCompleted c:
                w.WriteString("node"u8, c.Node);
                w.WriteNumber("runIndex"u8, c.RunIndex);
                OptionalRaw(w, "outputsJson"u8, c.OutputsJson);
                Optional(w, "stateJson"u8, c.StateJson);
                w.WriteNumber("durationMs"u8, c.DurationMs);
                Optional(w, "errorJson"u8, c.ErrorJson);
                break;
            case NodeFailed f:
                w.WriteString("node"u8, f.Node);
                w.WriteNumber("runIndex"u8, f.RunIndex);
                w.WriteString("errorJson"u8, f.ErrorJson);
                break;
            case NodeRetried r:
                w.WriteString("node"u8, r.Node);
                w.WriteNumber("runIndex"u8, r.RunIndex);
                w.WriteNumber("attempt"u8, r.Attempt);
                w.WriteString("error"u8, r.Error);
                break;
            case ExecutionWaiting wt:
                w.WriteString("node"u8, wt.Node);
                w.WriteNumber("runIndex"u8, wt.RunIndex);
                w.WriteString("kind"u8, wt.Kind);
                OptionalRaw(w, "outputsJson"u8, wt.OutputsJson);
                if (wt.Until is { } until)
                {
                    w.WriteString("until"u8, until);
                }

                Optional(w, "detailsJson"u8, wt.DetailsJson);
                break;
            case ExecutionResumed r:
                w.WriteString("reason"u8, r.Reason);
                OptionalRaw(w, "dataJson"u8, r.DataJson);
                break;
            case ApprovalRequested a:
                w.WriteString("node"u8, a.Node);
                w.WriteString("approvalId"u8, a.ApprovalId);
                Optional(w, "summary"u8, a.Summary);
                break;
            case ApprovalDecided d:
                w.WriteString("approvalId"u8, d.ApprovalId);
                w.WriteBoolean("approved"u8, d.Approved);
                Optional(w, "decidedBy"u8, d.DecidedBy);
                Optional(w, "comment"u8, d.Comment);
                break;
            case ExecutionFinished f:
                w.WriteString("status"u8, f.Status);
                Optional(w, "errorJson"u8, f.ErrorJson);
                Optional(w, "failedNode"u8, f.FailedNode);
                break;
            case ExecutionCancelled c:
                w.WriteString("reason"u8, c.Reason);
                break;
            default:
                throw new NotSupportedException($"Journal event type {e.GetType().Name} has no JSON writer; add it to {nameof(JournalEventWriter)}.");
        }

        w.WriteString("executionId"u8, e.ExecutionId);
        w.WriteNumber("sequence"u8, e.Sequence);
        w.WriteString("timestamp"u8, e.Timestamp);
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    // Item JSON (RawJsonConverter): embedded as the JSON it is, not as a string.
    private static void OptionalRaw(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? json)
    {
        if (json is not null)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(json, skipInputValidation: !Validate);
        }
    }

#if DEBUG
    private const bool Validate = true;
#else
    private const bool Validate = false;
#endif
}
