using System.Data.Common;
using System.Text.Json;
using Tessera.Engine.Journal;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Waits;

/// <summary>SQL for the <c>waits</c> table shared by the wait store and the journal (which parks in its own transaction).</summary>
internal static class WaitRows
{
    public const string Columns = "execution_id, workflow_id, node, kind, wake_at, resume_token, details, parked_at, claimed_by, claimed_until";

    private const string UpsertSql = """
        INSERT INTO waits (execution_id, workflow_id, node, kind, wake_at, resume_token, details, parked_at, claimed_by, claimed_until)
        VALUES (@execution_id, @workflow_id, @node, @kind, @wake_at, @resume_token, @details, @parked_at, NULL, NULL)
        ON CONFLICT (execution_id) DO UPDATE SET
            workflow_id = excluded.workflow_id, node = excluded.node, kind = excluded.kind, wake_at = excluded.wake_at,
            resume_token = excluded.resume_token, details = excluded.details, parked_at = excluded.parked_at,
            claimed_by = NULL, claimed_until = NULL
        """;

    /// <summary>The registration an <see cref="ExecutionWaiting"/> event implies; the resume token comes from <c>DetailsJson.resumeToken</c>.</summary>
    public static WaitRegistration FromEvent(ExecutionWaiting e, string? workflowId) => new()
    {
        ExecutionId = e.ExecutionId,
        WorkflowId = workflowId,
        Node = e.Node,
        Kind = e.Kind,
        WakeAt = e.Until,
        ResumeToken = ResumeTokenOf(e.DetailsJson),
        DetailsJson = e.DetailsJson,
    };

    /// <summary>Reads <c>resumeToken</c> from a details object; null when absent or not JSON.</summary>
    public static string? ResumeTokenOf(string? detailsJson)
    {
        if (string.IsNullOrWhiteSpace(detailsJson))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(detailsJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("resumeToken", out var token)
                && token.ValueKind == JsonValueKind.String
                ? token.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static async Task UpsertAsync(SqlDatabase db, DbConnection connection, DbTransaction? transaction, WaitRegistration wait, DateTimeOffset parkedAt, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync(
                UpsertSql,
                transaction,
                cancellationToken,
                ("execution_id", wait.ExecutionId),
                ("workflow_id", wait.WorkflowId),
                ("node", wait.Node),
                ("kind", wait.Kind),
                ("wake_at", db.NullableTimeValue(wait.WakeAt)),
                ("resume_token", wait.ResumeToken),
                ("details", wait.DetailsJson),
                ("parked_at", db.TimeValue(parkedAt))).ConfigureAwait(false);
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            throw new InvalidOperationException(
                $"Execution {wait.ExecutionId}: resume token '{wait.ResumeToken}' is already used by another parked execution; resume tokens must be unique (use a random GUID).", e);
        }
    }

    public static Task DeleteAsync(DbConnection connection, DbTransaction transaction, string executionId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync("DELETE FROM waits WHERE execution_id = @id", transaction, cancellationToken, ("id", executionId));

    public static ParkedExecution Read(SqlDatabase db, DbDataReader reader) => new()
    {
        ExecutionId = reader.GetString(0),
        WorkflowId = reader.GetNullableString(1),
        Node = reader.GetString(2),
        Kind = reader.GetString(3),
        WakeAt = db.ReadNullableTime(reader, 4),
        ResumeToken = reader.GetNullableString(5),
        DetailsJson = reader.GetNullableString(6),
        ParkedAt = db.ReadTime(reader, 7),
        ClaimedBy = reader.GetNullableString(8),
        ClaimedUntil = db.ReadNullableTime(reader, 9),
    };
}
