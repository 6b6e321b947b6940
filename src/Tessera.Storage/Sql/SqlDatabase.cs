using System.Data.Common;

namespace Tessera.Storage.Sql;

/// <summary>
/// The few things that differ between SQLite and PostgreSQL for the stores: connections, write transactions,
/// how times are stored and how a duplicate key is reported. The stores write portable SQL around it.
/// </summary>
internal abstract class SqlDatabase : IAsyncDisposable
{
    protected SqlDatabase(StorageOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
    }

    /// <summary>The options the database was opened with.</summary>
    public StorageOptions Options { get; }

    /// <summary>The clock for stamps and leases.</summary>
    public TimeProvider Time { get; }

    /// <summary>The backend.</summary>
    public abstract StorageProvider Provider { get; }

    /// <summary>Appended to a SELECT that must lock the rows it reads until the transaction ends (empty for SQLite, whose write transactions already hold the database lock).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Opens a connection ready for use.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Opens the long-lived connection of the journal's group-commit writer.</summary>
    public virtual ValueTask<DbConnection> OpenWriterAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>Called by the journal writer after each commit with roughly how many bytes it wrote.</summary>
    public virtual void AfterWriterCommit(long bytes)
    {
    }

    /// <summary>Begins a transaction that will write; SQLite takes its write lock now so two writers never deadlock upgrading.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The parameter value for a point in time.</summary>
    public abstract object TimeValue(DateTimeOffset value);

    /// <summary>Reads a point in time stored by <see cref="TimeValue"/>.</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>True when the exception is a unique or primary key violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>True when the exception is a foreign key violation.</summary>
    public abstract bool IsForeignKeyViolation(DbException exception);

    /// <summary>Applies pending migrations and returns the schema version now in force.</summary>
    public abstract Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Reads a nullable time.</summary>
    public DateTimeOffset? ReadNullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    /// <summary>The parameter value for a nullable time.</summary>
    public object NullableTimeValue(DateTimeOffset? value) => value is { } v ? TimeValue(v) : DBNull.Value;

    /// <summary>Both backends keep microseconds; trimming here makes values round-trip exactly.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    /// <summary>Now, as stored.</summary>
    public DateTimeOffset Now() => TruncateToMicroseconds(Time.GetUtcNow());
}
