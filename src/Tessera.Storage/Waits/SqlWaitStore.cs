using Tessera.Storage.Sql;

namespace Tessera.Storage.Waits;

/// <summary>The wait store over portable SQL; backends differ only in how the due-timer claim locks rows.</summary>
internal abstract class SqlWaitStore(SqlDatabase db) : IWaitStore
{
    /// <summary>Appended to the claim's inner SELECT to lock the rows it picks.</summary>
    protected abstract string ClaimLock { get; }

    public async Task ParkAsync(WaitRegistration wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wait);
        ArgumentException.ThrowIfNullOrEmpty(wait.ExecutionId);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            await WaitRows.UpsertAsync(db, connection, transaction, wait, db.Now(), cancellationToken).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e) when (db.IsForeignKeyViolation(e))
        {
            throw new InvalidOperationException($"Cannot park execution {wait.ExecutionId}: it does not exist; create it in the execution store first.", e);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ParkedExecution>> ClaimDueAsync(string claimant, int maxCount, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);

        var now = db.Now();
        var sql = $"""
            UPDATE waits SET claimed_by = @claimant, claimed_until = @claimed_until
            WHERE execution_id IN (
                SELECT execution_id FROM waits
                WHERE wake_at IS NOT NULL AND wake_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                ORDER BY wake_at, execution_id
                LIMIT @max{ClaimLock})
            RETURNING {WaitRows.Columns}
            """;

        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var claimed = new List<ParkedExecution>();
        await using (var command = connection.Command(sql, transaction)
            .With("claimant", claimant)
            .With("claimed_until", db.TimeValue(now + lease))
            .With("now", db.TimeValue(now))
            .With("max", maxCount))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add(WaitRows.Read(db, reader));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        claimed.Sort((a, b) => Nullable.Compare(a.WakeAt, b.WakeAt));
        return claimed;
    }

    public Task<ParkedExecution?> FindByResumeTokenAsync(string resumeToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resumeToken);
        return ReadOneAsync("resume_token", resumeToken, cancellationToken);
    }

    public Task<ParkedExecution?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        return ReadOneAsync("execution_id", executionId, cancellationToken);
    }

    public async Task<bool> RemoveAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var removed = await connection.ExecuteAsync("DELETE FROM waits WHERE execution_id = @id", transaction, cancellationToken, ("id", executionId)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed > 0;
    }

    private async Task<ParkedExecution?> ReadOneAsync(string column, string value, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {WaitRows.Columns} FROM waits WHERE {column} = @value").With("value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? WaitRows.Read(db, reader) : null;
    }
}

/// <summary>SQLite waits: the write transaction already holds the database lock, so the claim needs no row locks.</summary>
internal sealed class SqliteWaitStore(SqliteDatabase db) : SqlWaitStore(db)
{
    protected override string ClaimLock => string.Empty;
}

/// <summary>PostgreSQL waits: concurrent pollers skip rows another poller is claiming instead of queueing behind it.</summary>
internal sealed class PostgresWaitStore(PostgresDatabase db) : SqlWaitStore(db)
{
    protected override string ClaimLock => " FOR UPDATE SKIP LOCKED";
}
