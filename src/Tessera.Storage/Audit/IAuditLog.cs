namespace Tessera.Storage.Audit;

/// <summary>
/// The append-only, hash-chained audit log. Every state change and every credential use is appended here; see
/// README.md in this folder for what to record and how. Appends are serialised so the chain never forks.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends an entry and returns it with its sequence, time and hash.</summary>
    /// <exception cref="ArgumentException">The record is incomplete or its details are not a JSON object.</exception>
    Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Lists entries newest first with keyset paging.</summary>
    Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Walks the whole chain from the first entry and reports the first entry that was edited, removed or reordered.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);
}
