using System.Data.Common;
using Tessera.Storage.Sql;
using Tessera.Storage.Workflows;

namespace Tessera.Storage.Identity;

/// <summary>Projects and memberships over portable SQL.</summary>
internal sealed class SqlProjectStore(SqlDatabase db) : IProjectStore
{
    public async Task<StoredProject> CreateAsync(string name, string? id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var project = new StoredProject(id ?? SqlWorkflowStore.NewId(), name.Trim(), db.Now());
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                "INSERT INTO projects (id, name, created_at) VALUES (@id, @name, @created_at)",
                null,
                cancellationToken,
                ("id", project.Id),
                ("name", project.Name),
                ("created_at", db.TimeValue(project.CreatedAt))).ConfigureAwait(false);
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            throw new IdentityConflictException($"A project with id '{project.Id}' already exists; choose another id.");
        }

        return project;
    }

    public async Task<StoredProject?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT id, name, created_at FROM projects WHERE id = @id").With("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadProject(reader, 0) : null;
    }

    public async Task<IReadOnlyList<StoredProject>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT id, name, created_at FROM projects ORDER BY name, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var projects = new List<StoredProject>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            projects.Add(ReadProject(reader, 0));
        }

        return projects;
    }

    public async Task<StoredProject?> RenameAsync(string id, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using (var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            var changed = await connection.ExecuteAsync("UPDATE projects SET name = @name WHERE id = @id", null, cancellationToken, ("id", id), ("name", name.Trim())).ConfigureAwait(false);
            if (changed == 0)
            {
                return null;
            }
        }

        return await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("DELETE FROM projects WHERE id = @id", null, cancellationToken, ("id", id)).ConfigureAwait(false) > 0;
    }

    public async Task<bool> SetMemberAsync(string projectId, string userId, ProjectRole role, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO project_members (project_id, user_id, role, added_at) VALUES (@project_id, @user_id, @role, @added_at)
                ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role
                """,
                null,
                cancellationToken,
                ("project_id", projectId),
                ("user_id", userId),
                ("role", role.ToName()),
                ("added_at", db.TimeValue(db.Now()))).ConfigureAwait(false);
            return true;
        }
        catch (DbException e) when (db.IsForeignKeyViolation(e))
        {
            return false;
        }
    }

    public async Task<bool> RemoveMemberAsync(string projectId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "DELETE FROM project_members WHERE project_id = @project_id AND user_id = @user_id",
            null,
            cancellationToken,
            ("project_id", projectId),
            ("user_id", userId)).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<ProjectMember>> ListMembersAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT u.id, u.email, u.name, m.role FROM project_members m JOIN users u ON u.id = m.user_id WHERE m.project_id = @project_id ORDER BY u.email")
            .With("project_id", projectId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var members = new List<ProjectMember>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            members.Add(new ProjectMember(reader.GetString(0), reader.GetString(1), reader.GetString(2), ProjectRoles.Parse(reader.GetString(3))));
        }

        return members;
    }

    public async Task<IReadOnlyList<ProjectMembership>> ListMembershipsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT p.id, p.name, p.created_at, m.role FROM project_members m JOIN projects p ON p.id = m.project_id WHERE m.user_id = @user_id ORDER BY p.name, p.id")
            .With("user_id", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var memberships = new List<ProjectMembership>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            memberships.Add(new ProjectMembership(ReadProject(reader, 0), ProjectRoles.Parse(reader.GetString(3))));
        }

        return memberships;
    }

    private StoredProject ReadProject(DbDataReader reader, int first) =>
        new(reader.GetString(first), reader.GetString(first + 1), db.ReadTime(reader, first + 2));
}
