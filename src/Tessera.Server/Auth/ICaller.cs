using Microsoft.AspNetCore.Http;
using Tessera.Storage.Identity;

namespace Tessera.Server.Auth;

/// <summary>
/// Who is calling: a signed-in user or an API key. Inject it into any endpoint behind
/// <see cref="AuthEndpointExtensions.RequireAuthenticatedUser{TBuilder}"/>; see Auth/README.md.
/// </summary>
public interface ICaller
{
    /// <summary>True once a session cookie or API key was accepted.</summary>
    bool IsAuthenticated { get; }

    /// <summary>The signed-in user; for an API key, the user who created it (null when that user was deleted).</summary>
    StoredUser? User { get; }

    /// <summary>The API key used, or null for a session.</summary>
    StoredApiKey? ApiKey { get; }

    /// <summary>True for the instance owner (signed in with a session; API keys are never owner).</summary>
    bool IsOwner { get; }

    /// <summary>Who to name in the audit log: <c>user:&lt;id&gt;</c>, <c>apikey:&lt;id&gt;</c> or <c>anonymous</c>.</summary>
    string Actor { get; }

    /// <summary>The projects the caller can see, with its role in each; null for the owner (every project, as admin).</summary>
    IReadOnlyDictionary<string, ProjectRole>? Roles { get; }

    /// <summary>The caller's role in a project, or null when it cannot see it. The owner is admin everywhere; a null project id is the owner's alone.</summary>
    ProjectRole? RoleIn(string? projectId);

    /// <summary>Like <see cref="RoleIn"/>, but also null (for the owner too) when the project does not exist.</summary>
    Task<ProjectRole?> RoleInAsync(string? projectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Null when the caller has at least <paramref name="minimum"/> in the project; otherwise the response to return:
    /// 404 when it cannot see the project (ids must not leak), 403 when its role is too weak. Use it once the resource is loaded.
    /// </summary>
    IResult? Demand(ProjectRole minimum, string? projectId);

    /// <summary>Like <see cref="Demand"/>, but 404 also when the project does not exist (use it before creating in a project).</summary>
    Task<IResult?> DemandAsync(ProjectRole minimum, string? projectId, CancellationToken cancellationToken = default);

    /// <summary>Null for the instance owner; 403 for everyone else.</summary>
    IResult? DemandOwner();
}
