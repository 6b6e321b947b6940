using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Engine.Journal;

/// <summary>
/// Writes a property that holds JSON text (a node's items) into the event as that JSON itself, not as a string: no
/// escaping of every quote on the way in and no unescaping on the way out, and a smaller row. Reads both forms, so
/// events stored as strings (before 2026-11) still read.
/// </summary>
public sealed class RawJsonConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Every producer hands it JSON it serialised itself (items, <c>[]</c>), so release builds skip re-validating it:
    /// that check cost ~10 % of a durable 100-item run (docs/benchmarks.md). Debug builds, which the tests run,
    /// validate, so a caller passing anything else fails there instead of storing an unreadable event.
    /// </remarks>
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value, skipInputValidation: !Validate);
    }

#if DEBUG
    private const bool Validate = true;
#else
    private const bool Validate = false;
#endif
}
