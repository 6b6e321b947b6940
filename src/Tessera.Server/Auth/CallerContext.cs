using Microsoft.AspNetCore.Http;
using Tessera.Server.Api;
using Tessera.Storage;
using Tessera.Storage.Identity;

namespace Tessera.Server.Auth;

/// <summary>The per-request <see cref="ICaller"/>: authenticates once, from an API key header or the session cookie.</summary>
internal sealed class CallerContext(TesseraStorage storage, TimeProvider time) : ICaller
{
    /// <summary>The API key headers: Tessera's own and n8n's, so n8n API clients work unchanged.</summary>
    public static readonly string[] ApiKeyHeaders = ["X-Tessera-Api-Key", "X-N8N-API-KEY"];

    // Stamping last use on every request would make every API call a database write; once a minute is enough to read.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private Dictionary<string, ProjectRole>? _roles;
    private bool _authenticated;
    private bool _attempted;

    public bool IsAuthenticated => _authenticated;

    public StoredUser? User { get; private set; }

    public StoredApiKey? ApiKey { get; private set; }

    /// <summary>The hash of the session token used, to end it on logout.</summary>
    public string? SessionTokenHash { get; private set; }

    public bool IsOwner => _authenticated && ApiKey is null && User is { IsOwner: true };

    public string Actor => ApiKey is not null ? "apikey:" + ApiKey.Id : User is not null ? "user:" + User.Id : "anonymous";

    public IReadOnlyDictionary<string, ProjectRole>? Roles => IsOwner ? null : _roles ?? [];

    /// <summary>Authenticates the request (once); false when it carries no valid credentials.</summary>
    public async Task<bool> AuthenticateAsync(HttpContext context)
    {
        if (_attempted)
        {
            return _authenticated;
        }

        _attempted = true;
        var cancellationToken = context.RequestAborted;
        if (ReadApiKey(context.Request) is { } key)
        {
            // A request that names a key stands or falls by it: no fallback to the cookie.
            var stored = await storage.ApiKeys.FindByHashAsync(SecretTokens.Hash(key), cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return false;
            }

            var now = time.GetUtcNow();
            if (stored.LastUsedAt is not { } last || now - last > TouchInterval)
            {
                await storage.ApiKeys.TouchAsync(stored.Id, now, cancellationToken).ConfigureAwait(false);
            }

            ApiKey = stored;
            User = stored.CreatedBy is null ? null : await storage.Users.GetAsync(stored.CreatedBy, cancellationToken).ConfigureAwait(false);
            _roles = new Dictionary<string, ProjectRole>(StringComparer.Ordinal) { [stored.ProjectId] = stored.Role };
            return _authenticated = true;
        }

        if (context.Request.Cookies.TryGetValue(SessionCookie.Name, out var token) && !string.IsNullOrEmpty(token))
        {
            var hash = SecretTokens.Hash(token);
            var session = await storage.Sessions.FindAsync(hash, cancellationToken).ConfigureAwait(false);
            if (session is null || session.ExpiresAt <= time.GetUtcNow())
            {
                return false;
            }

            var user = await storage.Users.GetAsync(session.UserId, cancellationToken).ConfigureAwait(false);
            if (user is null)
            {
                return false;
            }

            await SignInAsync(user, hash, cancellationToken).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>Makes this request act as the user (after login or set-up, or from a session).</summary>
    public async Task SignInAsync(StoredUser user, string? sessionTokenHash, CancellationToken cancellationToken)
    {
        User = user;
        SessionTokenHash = sessionTokenHash;
        var memberships = await storage.Projects.ListMembershipsAsync(user.Id, cancellationToken).ConfigureAwait(false);
        _roles = memberships.ToDictionary(m => m.Project.Id, m => m.Role, StringComparer.Ordinal);
        _attempted = _authenticated = true;
    }

    public ProjectRole? RoleIn(string? projectId)
    {
        if (!_authenticated)
        {
            return null;
        }

        if (IsOwner)
        {
            return ProjectRole.Admin;
        }

        return projectId is not null && _roles is not null && _roles.TryGetValue(projectId, out var role) ? role : null;
    }

    public async Task<ProjectRole?> RoleInAsync(string? projectId, CancellationToken cancellationToken = default)
    {
        var role = RoleIn(projectId);
        if (role is null || projectId is null)
        {
            return role;
        }

        return await storage.Projects.GetAsync(projectId, cancellationToken).ConfigureAwait(false) is null ? null : role;
    }

    public IResult? Demand(ProjectRole minimum, string? projectId) => Judge(RoleIn(projectId), minimum, projectId);

    public async Task<IResult?> DemandAsync(ProjectRole minimum, string? projectId, CancellationToken cancellationToken = default) =>
        Judge(await RoleInAsync(projectId, cancellationToken).ConfigureAwait(false), minimum, projectId);

    public IResult? DemandOwner() =>
        IsOwner ? null : ProblemResults.Forbidden("Only the instance owner can do this; ask the owner, or sign in as the owner.");

    private static IResult? Judge(ProjectRole? role, ProjectRole minimum, string? projectId) => role switch
    {
        null => ProblemResults.NotFound("project", projectId ?? "(none)"),
        { } r when r < minimum => ProblemResults.Forbidden($"This needs the {minimum.ToName()} role in project '{projectId}'; you are {r.ToName()}. Ask a project admin for a stronger role."),
        _ => null,
    };

    private static string? ReadApiKey(HttpRequest request)
    {
        foreach (var header in ApiKeyHeaders)
        {
            if (request.Headers.TryGetValue(header, out var values) && !string.IsNullOrWhiteSpace(values.ToString()))
            {
                return values.ToString().Trim();
            }
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}
