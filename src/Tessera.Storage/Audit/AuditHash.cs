using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Tessera.Storage.Audit;

/// <summary>
/// The chain hash: SHA-256 over the canonical form of an entry, which is a JSON array
/// <c>["tessera-audit/v1", seq, at, actor, action, target, projectId, details, prevHash]</c> written with
/// System.Text.Json's escaping (unambiguous, unlike joining with a separator), <c>at</c> as
/// <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> and <c>details</c> as the exact stored text.
/// </summary>
public static class AuditHash
{
    /// <summary>The <see cref="AuditEntry.PrevHash"/> of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Computes the hash an entry must carry.</summary>
    public static string Compute(long seq, DateTimeOffset at, string actor, string action, string? target, string? projectId, string detailsJson, string prevHash)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue("tessera-audit/v1");
            writer.WriteNumberValue(seq);
            writer.WriteStringValue(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteStringValue(actor);
            writer.WriteStringValue(action);
            WriteNullable(writer, target);
            WriteNullable(writer, projectId);
            writer.WriteStringValue(detailsJson);
            writer.WriteStringValue(prevHash);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Computes the hash <paramref name="entry"/> should carry given its own fields.</summary>
    public static string Compute(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Compute(entry.Seq, entry.At, entry.Actor, entry.Action, entry.Target, entry.ProjectId, entry.DetailsJson, entry.PrevHash);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
