using System.Text.Json;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Audit;

namespace Tessera.Server.Api;

/// <summary>Appends an audit entry for a change an API handler just committed, naming the caller as the actor.</summary>
internal static class AuditTrail
{
    private static readonly JsonSerializerOptions DetailsOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Records <paramref name="action"/> on <paramref name="target"/>. <paramref name="details"/> is serialised as a JSON
    /// object and must hold names and ids only, never secrets or item data.
    /// </summary>
    public static Task RecordAsync(this TesseraStorage storage, ICaller caller, string action, string? target, string? projectId, object? details = null) =>
        storage.RecordAsync(caller.Actor, action, target, projectId, details);

    /// <summary>Like the caller overload, for requests without an authenticated caller (failed sign-ins).</summary>
    public static Task RecordAsync(this TesseraStorage storage, string actor, string action, string? target, string? projectId, object? details = null) =>
        // The change already committed: a client that hangs up now must not leave it unrecorded, so no request token.
        storage.Audit.AppendAsync(
            new AuditRecord(actor, action, target, projectId, details is null ? "{}" : JsonSerializer.Serialize(details, DetailsOptions)),
            CancellationToken.None);
}
