using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Workflows;

/// <summary>Workflows over portable SQL; backends differ only in how a tag filter reads the JSON tag list.</summary>
internal abstract class SqlWorkflowStore(SqlDatabase db) : IWorkflowStore
{
    private const string Columns = "id, name, definition, active, version_id, tags, project_id, created_at, updated_at";
    private const string IdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>SQL true when the workflow's tags contain <c>@tag</c>.</summary>
    protected abstract string HasTagSql { get; }

    /// <summary>How the tags parameter is written (<c>@tags</c>, or cast to jsonb).</summary>
    protected abstract string TagsValueSql { get; }

    public async Task<StoredWorkflow> CreateAsync(WorkflowDraft draft, CancellationToken cancellationToken)
    {
        Validate(draft);
        var now = db.Now();
        var workflow = new StoredWorkflow
        {
            Id = draft.Id ?? NewId(),
            Name = draft.Name,
            Json = draft.Json,
            Active = draft.Active,
            VersionId = Guid.NewGuid().ToString(),
            Tags = [.. draft.Tags],
            ProjectId = draft.ProjectId,
            CreatedAt = now,
            UpdatedAt = now,
        };

        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                $"INSERT INTO workflows ({Columns}) VALUES (@id, @name, @definition, @active, @version_id, {TagsValueSql}, @project_id, @created_at, @updated_at)",
                null,
                cancellationToken,
                Parameters(workflow)).ConfigureAwait(false);
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            throw new WorkflowConflictException($"A workflow with id '{workflow.Id}' already exists; choose another id or update that workflow.");
        }

        return workflow;
    }

    public async Task<StoredWorkflow?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadOneAsync(connection, null, id, string.Empty, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredWorkflow>> ListAsync(WorkflowQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "WorkflowQuery.Limit must be between 1 and 1000.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Active is { } active)
        {
            where.Add("active = @active");
            command.With("active", active);
        }

        if (query.ProjectId is not null)
        {
            where.Add("project_id = @project_id");
            command.With("project_id", query.ProjectId);
        }

        if (query.Tag is not null)
        {
            where.Add(HasTagSql);
            command.With("tag", query.Tag);
        }

        if (!string.IsNullOrEmpty(query.NameContains))
        {
            where.Add(@"LOWER(name) LIKE @name ESCAPE '\'");
            command.With("name", "%" + EscapeLike(query.NameContains.ToLowerInvariant()) + "%");
        }

        command.CommandText = $"SELECT {Columns} FROM workflows"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty)
            + " ORDER BY name, id LIMIT @limit OFFSET @offset";
        command.With("limit", query.Limit).With("offset", query.Offset);

        var items = new List<StoredWorkflow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    public async Task<StoredWorkflow?> UpdateAsync(string id, WorkflowDraft draft, string expectedVersionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(expectedVersionId);
        Validate(draft);

        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var current = await ReadOneAsync(connection, transaction, id, db.ForUpdate, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return null;
        }

        if (!string.Equals(current.VersionId, expectedVersionId, StringComparison.Ordinal))
        {
            throw new WorkflowConflictException(
                $"Workflow '{id}' was changed by someone else (version {current.VersionId}, you edited {expectedVersionId}); reload it and apply your changes again.");
        }

        var updated = current with
        {
            Name = draft.Name,
            Json = draft.Json,
            Active = draft.Active,
            Tags = [.. draft.Tags],
            ProjectId = draft.ProjectId,
            VersionId = Guid.NewGuid().ToString(),
            UpdatedAt = db.Now(),
        };

        // The version check in WHERE is what makes this safe on SQLite too, where the SELECT takes no row lock.
        var changed = await connection.ExecuteAsync(
            $"""
            UPDATE workflows SET name = @name, definition = @definition, active = @active, version_id = @version_id,
                tags = {TagsValueSql}, project_id = @project_id, updated_at = @updated_at
            WHERE id = @id AND version_id = @expected_version_id
            """,
            transaction,
            cancellationToken,
            [.. Parameters(updated), ("expected_version_id", expectedVersionId)]).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new WorkflowConflictException($"Workflow '{id}' was changed by someone else while saving; reload it and apply your changes again.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return updated;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM static_data WHERE workflow_id = @id", transaction, cancellationToken, ("id", id)).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync("DELETE FROM workflows WHERE id = @id", transaction, cancellationToken, ("id", id)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    /// <summary>A 16-character alphanumeric id, like n8n's.</summary>
    internal static string NewId()
    {
        var id = new StringBuilder(16);
        for (var i = 0; i < 16; i++)
        {
            id.Append(IdAlphabet[RandomNumberGenerator.GetInt32(IdAlphabet.Length)]);
        }

        return id.ToString();
    }

    private static void Validate(WorkflowDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            throw new ArgumentException("A workflow needs a name.", nameof(draft));
        }

        if (draft.Id is { Length: 0 })
        {
            throw new ArgumentException("A workflow id cannot be empty; pass null to generate one.", nameof(draft));
        }

        try
        {
            using var doc = JsonDocument.Parse(draft.Json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Workflow '{draft.Name}' JSON is not valid: {e.Message}", nameof(draft), e);
        }
    }

    private static string EscapeLike(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private (string, object?)[] Parameters(StoredWorkflow w) =>
    [
        ("id", w.Id),
        ("name", w.Name),
        ("definition", w.Json),
        ("active", w.Active),
        ("version_id", w.VersionId),
        ("tags", JsonSerializer.Serialize(w.Tags)),
        ("project_id", w.ProjectId),
        ("created_at", db.TimeValue(w.CreatedAt)),
        ("updated_at", db.TimeValue(w.UpdatedAt)),
    ];

    private async Task<StoredWorkflow?> ReadOneAsync(DbConnection connection, DbTransaction? transaction, string id, string lockClause, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {Columns} FROM workflows WHERE id = @id{lockClause}", transaction).With("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private StoredWorkflow Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Json = reader.GetString(2),
        Active = reader.GetBoolean(3),
        VersionId = reader.GetString(4),
        Tags = JsonSerializer.Deserialize<string[]>(reader.GetString(5)) ?? [],
        ProjectId = reader.GetNullableString(6),
        CreatedAt = db.ReadTime(reader, 7),
        UpdatedAt = db.ReadTime(reader, 8),
    };
}

/// <summary>SQLite workflows: tags are a JSON text column read with json_each.</summary>
internal sealed class SqliteWorkflowStore(SqliteDatabase db) : SqlWorkflowStore(db)
{
    protected override string HasTagSql => "EXISTS (SELECT 1 FROM json_each(workflows.tags) WHERE json_each.value = @tag)";

    protected override string TagsValueSql => "@tags";
}

/// <summary>PostgreSQL workflows: tags are jsonb, so the tag filter is a containment test.</summary>
internal sealed class PostgresWorkflowStore(PostgresDatabase db) : SqlWorkflowStore(db)
{
    protected override string HasTagSql => "tags @> jsonb_build_array(@tag::text)";

    protected override string TagsValueSql => "CAST(@tags AS jsonb)";
}
