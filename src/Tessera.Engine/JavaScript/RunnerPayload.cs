using System.Buffers;
using System.Text.Json;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;

namespace Tessera.Engine.JavaScript;

/// <summary>Writes a task's data as the JSON payload the runner parses inside its sandbox.</summary>
internal static class RunnerPayload
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static byte[] Write(JavaScriptTaskData data)
    {
        var context = data.Context;
        var execution = context.Execution;
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("mode", data.Mode);
            w.WriteBoolean("continueOnFail", data.ContinueOnFail);
            w.WriteNumber("itemIndex", context.ItemIndex);
            w.WriteNumber("runIndex", context.RunIndex);
            w.WriteString("timezone", ZoneId(execution.TimeZone));
            w.WriteNumber("nowMs", execution.Time.GetUtcNow().ToUnixTimeMilliseconds());

            w.WriteStartObject("node");
            w.WriteString("name", context.Node.Name);
            w.WriteString("type", context.Node.Type);
            w.WriteNumber("typeVersion", context.Node.TypeVersion);
            w.WritePropertyName("parameters");
            JsonCodec.Write(w, context.Node.Parameters);
            w.WriteEndObject();

            w.WriteStartObject("workflow");
            WriteNullableString(w, "id", execution.Workflow.Id);
            w.WriteString("name", execution.Workflow.Name);
            w.WriteBoolean("active", execution.Workflow.Active == true);
            w.WriteEndObject();

            w.WriteStartObject("execution");
            w.WriteString("id", execution.Id);
            w.WriteString("mode", execution.Mode);
            WriteNullableString(w, "resumeUrl", execution.ResumeUrl);
            w.WriteEndObject();

            WriteDictionary(w, "env", execution.Environment);
            WriteDictionary(w, "vars", execution.Variables);

            w.WritePropertyName("source");
            WriteSources(w, context.Source);

            w.WriteStartArray("workflowNodes");
            foreach (var node in execution.Workflow.Nodes)
            {
                w.WriteStringValue(node.Name);
            }

            w.WriteEndArray();

            w.WritePropertyName("items");
            WriteItems(w, data.Items ?? context.InputItems);

            if (data.IncludeRunData)
            {
                WriteRunData(w, context.RunData, execution.Workflow);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string ZoneId(TimeZoneInfo zone)
    {
        if (zone == TimeZoneInfo.Utc || zone.Id is "UTC" or "Etc/UTC")
        {
            return "UTC";
        }

        return zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : "UTC";
    }

    private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteDictionary(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    private static void WriteSources(Utf8JsonWriter w, IReadOnlyList<NodeRunSource?> sources)
    {
        w.WriteStartArray();
        foreach (var s in sources)
        {
            if (s is null)
            {
                w.WriteNullValue();
                continue;
            }

            w.WriteStartObject();
            w.WriteString("previousNode", s.PreviousNode);
            w.WriteNumber("previousNodeOutput", s.PreviousNodeOutput);
            w.WriteNumber("previousNodeRun", s.PreviousNodeRun);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static void WriteItems(Utf8JsonWriter w, IReadOnlyList<Item> items)
    {
        w.WriteStartArray();
        foreach (var item in items)
        {
            WriteValue(w, item.ToJson(), 0);
        }

        w.WriteEndArray();
    }

    // JSON.stringify rules, except that -0 stays -0: in n8n items live in memory between nodes, so code sees the sign.
    private static void WriteValue(Utf8JsonWriter w, JsValue value, int depth)
    {
        switch (value.Kind)
        {
            case JsKind.Number when value.AsNumber() == 0 && double.IsNegative(value.AsNumber()):
                w.WriteRawValue("-0", skipInputValidation: true);
                break;
            case JsKind.Object when depth < 256:
                w.WriteStartObject();
                foreach (var (key, child) in value.AsObject())
                {
                    if (child.IsUndefined || (child.Kind == JsKind.Host && child.Reference is not IJsonConvertible))
                    {
                        continue;
                    }

                    w.WritePropertyName(key);
                    WriteValue(w, child, depth + 1);
                }

                w.WriteEndObject();
                break;
            case JsKind.Array when depth < 256:
                w.WriteStartArray();
                foreach (var child in value.AsArray())
                {
                    WriteValue(w, child, depth + 1);
                }

                w.WriteEndArray();
                break;
            default:
                JsonCodec.Write(w, value);
                break;
        }
    }

    private static void WriteRunData(Utf8JsonWriter w, RunData runData, Workflows.Workflow workflow)
    {
        w.WriteStartObject("nodes");
        foreach (var name in runData.Nodes)
        {
            var node = workflow.FindNode(name);
            w.WriteStartObject(name);
            if (node is not null)
            {
                w.WriteString("type", node.Type);
                w.WritePropertyName("parameters");
                JsonCodec.Write(w, node.Parameters);
            }

            w.WriteStartArray("runs");
            foreach (var run in runData[name])
            {
                w.WriteStartObject();
                w.WritePropertyName("source");
                WriteSources(w, run.Source);
                w.WriteStartArray("data");
                foreach (var output in run.Outputs)
                {
                    WriteItems(w, output);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
