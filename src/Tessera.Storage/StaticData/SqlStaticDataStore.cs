using System.Text.Json;
using Tessera.Storage.Sql;

namespace Tessera.Storage.StaticData;

/// <summary>Static data over portable SQL (an upsert keyed by workflow and scope).</summary>
internal abstract class SqlStaticDataStore(SqlDatabase db) : IStaticDataStore
{
    public async Task<string?> GetAsync(string workflowId, string scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        ArgumentException.ThrowIfNullOrEmpty(scope);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT data FROM static_data WHERE workflow_id = @workflow_id AND scope = @scope")
            .With("workflow_id", workflowId)
            .With("scope", scope);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task SetAsync(string workflowId, string scope, string json, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Static data for workflow {workflowId} ({scope}) is not valid JSON: {e.Message}", nameof(json), e);
        }

        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO static_data (workflow_id, scope, data, updated_at) VALUES (@workflow_id, @scope, @data, @updated_at)
            ON CONFLICT (workflow_id, scope) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
            """,
            null,
            cancellationToken,
            ("workflow_id", workflowId),
            ("scope", scope),
            ("data", json),
            ("updated_at", db.TimeValue(db.Now()))).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, string>> GetAllAsync(string workflowId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT scope, data FROM static_data WHERE workflow_id = @workflow_id ORDER BY scope")
            .With("workflow_id", workflowId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            all[reader.GetString(0)] = reader.GetString(1);
        }

        return all;
    }

    public async Task<int> DeleteAsync(string workflowId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM static_data WHERE workflow_id = @workflow_id", null, cancellationToken, ("workflow_id", workflowId)).ConfigureAwait(false);
    }
}

/// <summary>SQLite static data.</summary>
internal sealed class SqliteStaticDataStore(SqliteDatabase db) : SqlStaticDataStore(db);

/// <summary>PostgreSQL static data.</summary>
internal sealed class PostgresStaticDataStore(PostgresDatabase db) : SqlStaticDataStore(db);
