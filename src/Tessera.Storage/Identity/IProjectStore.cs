namespace Tessera.Storage.Identity;

/// <summary>Projects (the tenant boundary) and who belongs to them with which role.</summary>
public interface IProjectStore
{
    /// <summary>Creates a project; its id is <paramref name="id"/> or a new one.</summary>
    Task<StoredProject> CreateAsync(string name, string? id, CancellationToken cancellationToken);

    /// <summary>The project, or null.</summary>
    Task<StoredProject?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every project, by name.</summary>
    Task<IReadOnlyList<StoredProject>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Renames the project; null when there is no such project.</summary>
    Task<StoredProject?> RenameAsync(string id, string name, CancellationToken cancellationToken);

    /// <summary>Deletes the project with its memberships and API keys. False when there was no such project.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Adds the user to the project or changes their role. False when the project or user does not exist.</summary>
    Task<bool> SetMemberAsync(string projectId, string userId, ProjectRole role, CancellationToken cancellationToken);

    /// <summary>Removes the user from the project. False when they were not a member.</summary>
    Task<bool> RemoveMemberAsync(string projectId, string userId, CancellationToken cancellationToken);

    /// <summary>The project's members, by email.</summary>
    Task<IReadOnlyList<ProjectMember>> ListMembersAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>The projects the user belongs to, with their role in each.</summary>
    Task<IReadOnlyList<ProjectMembership>> ListMembershipsAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>A stored project.</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The name.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record StoredProject(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>A member of a project.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Email">Their email.</param>
/// <param name="Name">Their name.</param>
/// <param name="Role">Their role in the project.</param>
public sealed record ProjectMember(string UserId, string Email, string Name, ProjectRole Role);

/// <summary>A project a user belongs to.</summary>
/// <param name="Project">The project.</param>
/// <param name="Role">The user's role in it.</param>
public sealed record ProjectMembership(StoredProject Project, ProjectRole Role);
