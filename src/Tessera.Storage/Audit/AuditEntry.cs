namespace Tessera.Storage.Audit;

/// <summary>What a caller records: who did what to which target. Time, sequence and hashes are added by the log.</summary>
/// <param name="Actor">Who: <c>user:&lt;id&gt;</c>, <c>apikey:&lt;id&gt;</c>, <c>system</c>, <c>cli</c>, <c>execution:&lt;id&gt;</c>.</param>
/// <param name="Action">What, as <c>noun.verb</c> (see <see cref="AuditActions"/>).</param>
/// <param name="Target">The id of what it was done to (workflow, credential, user…), if any.</param>
/// <param name="ProjectId">The project it happened in, if any.</param>
/// <param name="DetailsJson">A JSON object with anything else worth keeping (never secrets). Default <c>{}</c>.</param>
public sealed record AuditRecord(string Actor, string Action, string? Target = null, string? ProjectId = null, string DetailsJson = "{}");

/// <summary>One stored audit entry. <see cref="Hash"/> is SHA-256 over the canonical entry and <see cref="PrevHash"/>.</summary>
public sealed record AuditEntry
{
    /// <summary>Position in the chain: 1, 2, 3… without gaps.</summary>
    public required long Seq { get; init; }

    /// <summary>When it was recorded (UTC, microseconds).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who.</summary>
    public required string Actor { get; init; }

    /// <summary>What.</summary>
    public required string Action { get; init; }

    /// <summary>The id of what it was done to.</summary>
    public string? Target { get; init; }

    /// <summary>The project it happened in.</summary>
    public string? ProjectId { get; init; }

    /// <summary>The details object, exactly as stored and hashed.</summary>
    public required string DetailsJson { get; init; }

    /// <summary>The previous entry's hash (64 zeros for the first entry).</summary>
    public required string PrevHash { get; init; }

    /// <summary>This entry's hash (lower-case hex).</summary>
    public required string Hash { get; init; }
}

/// <summary>Which entries to list, newest first. Filters combine with AND.</summary>
public sealed record AuditQuery
{
    /// <summary>Only this action.</summary>
    public string? Action { get; init; }

    /// <summary>Only this actor.</summary>
    public string? Actor { get; init; }

    /// <summary>Only this project.</summary>
    public string? ProjectId { get; init; }

    /// <summary>Only this target.</summary>
    public string? Target { get; init; }

    /// <summary>Page size (1–1000). Default 50.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>The <see cref="AuditPage.NextCursor"/> of the previous page.</summary>
    public string? Cursor { get; init; }
}

/// <summary>A page of entries, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, string? NextCursor);

/// <summary>The outcome of walking the chain.</summary>
/// <param name="Ok">True when every entry and the head agree.</param>
/// <param name="Checked">How many entries were checked.</param>
/// <param name="FirstBadSeq">The first entry that fails (or the first missing sequence number), when not ok.</param>
/// <param name="Problem">What differs, in words, when not ok.</param>
public sealed record AuditVerification(bool Ok, long Checked, long? FirstBadSeq, string? Problem);

/// <summary>The actions Tessera records. Other features may add their own <c>noun.verb</c> names.</summary>
public static class AuditActions
{
    /// <summary>A credential was created.</summary>
    public const string CredentialCreated = "credential.created";

    /// <summary>A credential's name or secrets changed.</summary>
    public const string CredentialUpdated = "credential.updated";

    /// <summary>A credential was deleted.</summary>
    public const string CredentialDeleted = "credential.deleted";

    /// <summary>A node used a credential during an execution.</summary>
    public const string CredentialUsed = "credential.used";

    /// <summary>Every credential was re-encrypted under a new key.</summary>
    public const string CredentialsKeyRotated = "credentials.key_rotated";

    /// <summary>A workflow was created (or duplicated: details name the source).</summary>
    public const string WorkflowCreated = "workflow.created";

    /// <summary>A workflow was saved with changes.</summary>
    public const string WorkflowUpdated = "workflow.updated";

    /// <summary>A workflow was deleted.</summary>
    public const string WorkflowDeleted = "workflow.deleted";

    /// <summary>A workflow's triggers went live.</summary>
    public const string WorkflowActivated = "workflow.activated";

    /// <summary>A workflow's triggers were stopped.</summary>
    public const string WorkflowDeactivated = "workflow.deactivated";

    /// <summary>A workflow was imported from n8n JSON (one entry per workflow).</summary>
    public const string WorkflowImported = "workflow.imported";

    /// <summary>An execution was deleted.</summary>
    public const string ExecutionDeleted = "execution.deleted";

    /// <summary>Retention deleted finished executions in bulk (one entry with the counts).</summary>
    public const string ExecutionsPruned = "executions.pruned";

    /// <summary>An execution was cancelled.</summary>
    public const string ExecutionCancelled = "execution.cancelled";

    /// <summary>A failed execution was retried as a new one (target: the source; details: the new id).</summary>
    public const string ExecutionRetried = "execution.retried";

    /// <summary>An execution was replayed from a node as a new one.</summary>
    public const string ExecutionReplayed = "execution.replayed";

    /// <summary>An execution was forked from a node with edited data as a new one.</summary>
    public const string ExecutionForked = "execution.forked";

    /// <summary>A user account was created.</summary>
    public const string UserCreated = "user.created";

    /// <summary>A user's email, name or password changed (details say which; never the values of secrets).</summary>
    public const string UserUpdated = "user.updated";

    /// <summary>A user gained or lost owner rights.</summary>
    public const string UserRoleChanged = "user.role_changed";

    /// <summary>A user account was deleted.</summary>
    public const string UserDeleted = "user.deleted";

    /// <summary>A sign-in to an existing account failed (wrong password).</summary>
    public const string UserLoginFailed = "user.login_failed";

    /// <summary>An account was locked after too many failed sign-ins.</summary>
    public const string UserLocked = "user.locked";

    /// <summary>A project was created.</summary>
    public const string ProjectCreated = "project.created";

    /// <summary>A project was renamed.</summary>
    public const string ProjectRenamed = "project.renamed";

    /// <summary>A project was deleted.</summary>
    public const string ProjectDeleted = "project.deleted";

    /// <summary>A user was added to a project or their role in it changed.</summary>
    public const string ProjectMemberSet = "project.member_set";

    /// <summary>A user was removed from a project.</summary>
    public const string ProjectMemberRemoved = "project.member_removed";

    /// <summary>An API key was created (never the key itself).</summary>
    public const string ApiKeyCreated = "apikey.created";

    /// <summary>An API key was revoked.</summary>
    public const string ApiKeyRevoked = "apikey.revoked";
}
