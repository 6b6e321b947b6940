using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary>A user as the API shows it (never the password hash).</summary>
internal sealed record UserResponse(string Id, string Email, string Name, bool IsOwner, DateTimeOffset CreatedAt)
{
    public static UserResponse From(StoredUser user) => new(user.Id, user.Email, user.Name, user.IsOwner, user.CreatedAt);
}

/// <summary>A project with the caller's role in it.</summary>
internal sealed record ProjectResponse(string Id, string Name, ProjectRole Role, DateTimeOffset CreatedAt)
{
    public static ProjectResponse From(StoredProject project, ProjectRole role) => new(project.Id, project.Name, role, project.CreatedAt);
}

/// <summary>A project in <c>/me</c>.</summary>
internal sealed record MeProject(string Id, string Name, ProjectRole Role);

/// <summary><c>GET /me</c>: the caller and the projects it can use.</summary>
internal sealed record MeResponse(string Id, string Email, string Name, bool IsOwner, DateTimeOffset CreatedAt, IReadOnlyList<MeProject> Projects, string? ApiKeyId);

/// <summary><c>GET /auth/status</c>.</summary>
internal sealed record AuthStatusResponse(bool SetupRequired, UserResponse? User);
