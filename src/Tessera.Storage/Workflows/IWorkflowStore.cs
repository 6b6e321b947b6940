namespace Tessera.Storage.Workflows;

/// <summary>
/// Saved workflows (n8n workflow JSON plus the metadata lists and the editor need). Updates use optimistic
/// concurrency: every save gets a new <see cref="StoredWorkflow.VersionId"/>, and an update must name the version it edited.
/// </summary>
public interface IWorkflowStore
{
    /// <summary>Saves a new workflow; its id is <see cref="WorkflowDraft.Id"/> or a new 16-character id. Fails with <see cref="WorkflowConflictException"/> when the id is taken.</summary>
    Task<StoredWorkflow> CreateAsync(WorkflowDraft draft, CancellationToken cancellationToken);

    /// <summary>The workflow, or null.</summary>
    Task<StoredWorkflow?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Workflows matching the query, by name then id.</summary>
    Task<IReadOnlyList<StoredWorkflow>> ListAsync(WorkflowQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the workflow's name, JSON, active flag, tags and project when its version is still
    /// <paramref name="expectedVersionId"/>. Returns null when the workflow does not exist; fails with
    /// <see cref="WorkflowConflictException"/> when someone saved it since.
    /// </summary>
    Task<StoredWorkflow?> UpdateAsync(string id, WorkflowDraft draft, string expectedVersionId, CancellationToken cancellationToken);

    /// <summary>Deletes the workflow and its static data. False when it did not exist.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

/// <summary>What a caller saves.</summary>
public sealed record WorkflowDraft
{
    /// <summary>The id to create with; null to generate one. Ignored by updates.</summary>
    public string? Id { get; init; }

    /// <summary>The workflow name.</summary>
    public required string Name { get; init; }

    /// <summary>The n8n workflow JSON.</summary>
    public required string Json { get; init; }

    /// <summary>True when its triggers should run.</summary>
    public bool Active { get; init; }

    /// <summary>Tag names.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The owning project.</summary>
    public string? ProjectId { get; init; }
}

/// <summary>A saved workflow.</summary>
public sealed record StoredWorkflow
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The n8n workflow JSON.</summary>
    public required string Json { get; init; }

    /// <summary>True when its triggers should run.</summary>
    public bool Active { get; init; }

    /// <summary>Changes on every save; pass it to <see cref="IWorkflowStore.UpdateAsync"/>.</summary>
    public required string VersionId { get; init; }

    /// <summary>Tag names.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The owning project.</summary>
    public string? ProjectId { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last saved.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Which workflows to list; filters combine with AND.</summary>
public sealed record WorkflowQuery
{
    /// <summary>Only active (true) or inactive (false) workflows.</summary>
    public bool? Active { get; init; }

    /// <summary>Only workflows with this tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Only this project's workflows.</summary>
    public string? ProjectId { get; init; }

    /// <summary>Only names containing this text (case-insensitive).</summary>
    public string? NameContains { get; init; }

    /// <summary>Page size (1–1000). Default 100.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }
}

/// <summary>A workflow save collided with another: the id is taken, or the workflow changed since it was read.</summary>
public sealed class WorkflowConflictException(string message) : Exception(message);
