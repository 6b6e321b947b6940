using System.Data.Common;
using Tessera.Storage.Sql;
using Tessera.Storage.Workflows;

namespace Tessera.Storage.Identity;

/// <summary>Users over portable SQL (the same statements run on SQLite and PostgreSQL).</summary>
internal sealed class SqlUserStore(SqlDatabase db) : IUserStore
{
    private const string Columns = "id, email, name, password_hash, is_owner, failed_logins, locked_until, created_at, updated_at";

    public async Task<StoredUser> CreateAsync(NewUser user, CancellationToken cancellationToken)
    {
        var stored = ToStored(user);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await InsertAsync(connection, null, stored, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<StoredUser?> CreateFirstAsync(NewUser user, CancellationToken cancellationToken)
    {
        var stored = ToStored(user);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

        // PostgreSQL: the table lock makes two concurrent set-ups queue; the second then sees the first user.
        if (db.Provider == StorageProvider.Postgres)
        {
            await connection.ExecuteAsync("LOCK TABLE users IN EXCLUSIVE MODE", transaction, cancellationToken).ConfigureAwait(false);
        }

        await using (var count = connection.Command("SELECT COUNT(*) FROM users", transaction))
        {
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return null;
            }
        }

        await InsertAsync(connection, transaction, stored, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<StoredUser?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return await ReadOneAsync("id = @value", id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredUser?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(email);
        return await ReadOneAsync("email = @value", NormalizeEmail(email), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredUser>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM users ORDER BY email");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var users = new List<StoredUser>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            users.Add(Read(reader));
        }

        return users;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT COUNT(*) FROM users");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<StoredUser?> UpdateAsync(string id, UserUpdate update, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(update);
        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return null;
        }

        var updated = current with
        {
            Email = update.Email is null ? current.Email : NormalizeEmail(update.Email),
            Name = update.Name ?? current.Name,
            PasswordHash = update.PasswordHash ?? current.PasswordHash,
            IsOwner = update.IsOwner ?? current.IsOwner,
            UpdatedAt = db.Now(),
        };
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changed = await connection.ExecuteAsync(
                "UPDATE users SET email = @email, name = @name, password_hash = @password_hash, is_owner = @is_owner, updated_at = @updated_at WHERE id = @id",
                null,
                cancellationToken,
                ("id", id),
                ("email", updated.Email),
                ("name", updated.Name),
                ("password_hash", updated.PasswordHash),
                ("is_owner", updated.IsOwner),
                ("updated_at", db.TimeValue(updated.UpdatedAt))).ConfigureAwait(false);
            return changed == 0 ? null : updated;
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            throw new IdentityConflictException($"Another user already has the email '{updated.Email}'; choose another.");
        }
    }

    public async Task RecordFailedLoginAsync(string id, DateTimeOffset? lockUntil, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE users SET failed_logins = failed_logins + 1, locked_until = @locked_until WHERE id = @id",
            null,
            cancellationToken,
            ("id", id),
            ("locked_until", db.NullableTimeValue(lockUntil))).ConfigureAwait(false);
    }

    public async Task ResetFailedLoginsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @id", null, cancellationToken, ("id", id)).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM users WHERE id = @id", null, cancellationToken, ("id", id)).ConfigureAwait(false) > 0;
    }

    internal static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private StoredUser ToStored(NewUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(user.Email);
        ArgumentException.ThrowIfNullOrWhiteSpace(user.PasswordHash);
        var now = db.Now();
        return new StoredUser
        {
            Id = user.Id ?? SqlWorkflowStore.NewId(),
            Email = NormalizeEmail(user.Email),
            Name = user.Name,
            PasswordHash = user.PasswordHash,
            IsOwner = user.IsOwner,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private async Task InsertAsync(DbConnection connection, DbTransaction? transaction, StoredUser user, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync(
                $"INSERT INTO users ({Columns}) VALUES (@id, @email, @name, @password_hash, @is_owner, 0, NULL, @created_at, @updated_at)",
                transaction,
                cancellationToken,
                ("id", user.Id),
                ("email", user.Email),
                ("name", user.Name),
                ("password_hash", user.PasswordHash),
                ("is_owner", user.IsOwner),
                ("created_at", db.TimeValue(user.CreatedAt)),
                ("updated_at", db.TimeValue(user.UpdatedAt))).ConfigureAwait(false);
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            throw new IdentityConflictException($"A user with the email '{user.Email}' (or id '{user.Id}') already exists; choose another.");
        }
    }

    private async Task<StoredUser?> ReadOneAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM users WHERE {where}").With("value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private StoredUser Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Email = reader.GetString(1),
        Name = reader.GetString(2),
        PasswordHash = reader.GetString(3),
        IsOwner = reader.GetBoolean(4),
        FailedLogins = reader.GetInt32(5),
        LockedUntil = db.ReadNullableTime(reader, 6),
        CreatedAt = db.ReadTime(reader, 7),
        UpdatedAt = db.ReadTime(reader, 8),
    };
}
