using System.Text;
using System.Text.Json;

namespace Tessera.Engine.Data;

/// <summary>Reads and writes JSON as <see cref="JsValue"/> (JSON.parse / JSON.stringify semantics).</summary>
public static class JsonCodec
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 256,
    };

    /// <summary>Parses JSON text; throws <see cref="JsonFormatException"/> with line and column when malformed.</summary>
    public static JsValue Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = Encoding.UTF8.GetBytes(json);
        return Parse(bytes);
    }

    /// <summary>Parses UTF-8 JSON; throws <see cref="JsonFormatException"/> with line and column when malformed.</summary>
    public static JsValue Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
        {
            utf8 = utf8[3..];
        }

        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                throw new JsonFormatException("The JSON text is empty.", 1, 1);
            }

            var value = ReadValue(ref reader);
            if (reader.Read())
            {
                var (line, column) = Position(utf8, reader.TokenStartIndex);
                throw new JsonFormatException("Malformed JSON: unexpected content after the end of the JSON value.", line, column);
            }

            return value;
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut].TrimEnd();
            }

            throw new JsonFormatException($"Malformed JSON: {Plain(message)}", line, column, e);
        }
    }

    /// <summary>Parses a UTF-8 JSON stream.</summary>
    public static async Task<JsValue> ParseAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    // System.Text.Json's wording for the common cases, in the terms a person editing the file uses.
    private static string Plain(string message) => message switch
    {
        _ when message.Contains("Expected depth to be zero", StringComparison.Ordinal) =>
            "the text ends before every object or array is closed; the file may be truncated.",
        _ when message.Contains("end of data", StringComparison.OrdinalIgnoreCase) =>
            "the text ends in the middle of a value; the file may be truncated.",
        _ => message,
    };

    private static (long Line, long Column) Position(ReadOnlySpan<byte> utf8, long offset)
    {
        long line = 1, column = 1;
        for (var i = 0; i < offset && i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }

    private static JsValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    obj.Set(key, ReadValue(ref reader));
                }

                return obj;
            case JsonTokenType.StartArray:
                var arr = new JsArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    arr.Add(ReadValue(ref reader));
                }

                return arr;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return reader.GetDouble();
            case JsonTokenType.True:
                return JsValue.True;
            case JsonTokenType.False:
                return JsValue.False;
            case JsonTokenType.Null:
                return JsValue.Null;
            default:
                throw new JsonException($"Unexpected token {reader.TokenType}.");
        }
    }

    /// <summary>Serialises a value as JSON.stringify would (undefined → "undefined" at the top level).</summary>
    public static string Serialize(JsValue value, bool indented = false)
    {
        if (value.IsUndefined)
        {
            return "undefined";
        }

        var builder = new StringBuilder(256);
        JsonTextWriter.Write(builder, value, indented);
        return builder.ToString();
    }

    /// <summary>Writes a value with JSON.stringify's rules (the same text as <see cref="Serialize"/>) into a System.Text.Json writer.</summary>
    public static void Write(Utf8JsonWriter writer, JsValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value.IsUndefined ? "null" : Serialize(value), skipInputValidation: true);
    }

    /// <summary>A deep copy of JSON data; host values are shared.</summary>
    public static JsValue DeepClone(JsValue value) => value.Kind switch
    {
        JsKind.Object => value.AsObject().DeepClone(),
        JsKind.Array => value.AsArray().DeepClone(),
        _ => value,
    };

    /// <summary>Converts a JSON value to a value <see cref="JsValue"/> (for callers holding System.Text.Json data).</summary>
    public static JsValue FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ObjectFromElement(element),
        JsonValueKind.Array => new JsArray(element.EnumerateArray().Select(FromElement)),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => JsValue.True,
        JsonValueKind.False => JsValue.False,
        JsonValueKind.Null => JsValue.Null,
        _ => JsValue.Undefined,
    };

    private static JsObject ObjectFromElement(JsonElement element)
    {
        var obj = new JsObject();
        foreach (var property in element.EnumerateObject())
        {
            obj.Set(property.Name, FromElement(property.Value));
        }

        return obj;
    }
}
