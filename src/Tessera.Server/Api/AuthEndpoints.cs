using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary>First-run set-up, sign-in and sign-out, and <c>/me</c>.</summary>
internal static class AuthEndpoints
{
    /// <summary>Failed sign-ins before the account is locked for <see cref="LockDuration"/>.</summary>
    internal const int MaxFailedLogins = 5;

    internal static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(1);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapGet("/status", StatusAsync);
        auth.MapPost("/setup", SetupAsync);
        auth.MapPost("/login", LoginAsync);
        auth.MapPost("/logout", LogoutAsync);
        api.MapGet("/me", MeAsync).WithTags("Auth").RequireAuthenticatedUser();
        return api;
    }

    private static async Task<IResult> StatusAsync(HttpContext context, CallerContext caller, TesseraStorage storage, CancellationToken ct)
    {
        var setupRequired = await storage.Users.CountAsync(ct) == 0;
        var signedIn = !setupRequired && await caller.AuthenticateAsync(context) && caller.User is not null && caller.ApiKey is null;
        return Results.Ok(new AuthStatusResponse(setupRequired, signedIn ? UserResponse.From(caller.User!) : null));
    }

    private static async Task<IResult> SetupAsync(SetupRequest body, HttpContext context, CallerContext caller, TesseraStorage storage, ServerOptions options, CancellationToken ct)
    {
        var errors = new FieldErrors().Email(body.Email, "email").Required(body.Name, "name").MaxLength(body.Name, 200, "name").Password(body.Password, "password");
        if (!errors.Ok)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        var user = await IdentitySetup.CreateOwnerAsync(storage, body.Email!, body.Name!, body.Password!, ct);
        if (user is null)
        {
            return ProblemResults.Conflict("Tessera is already set up; sign in with POST /api/v1/auth/login (the owner can add users).");
        }

        await StartSessionAsync(context, caller, storage, options, user, ct);
        await storage.RecordAsync(caller, AuditActions.UserCreated, user.Id, null, new { email = user.Email, isOwner = true, via = "setup" });
        return Results.Ok(UserResponse.From(user));
    }

    private static async Task<IResult> LoginAsync(LoginRequest body, HttpContext context, CallerContext caller, TesseraStorage storage, ServerOptions options, CancellationToken ct)
    {
        var errors = new FieldErrors().Required(body.Email, "email").Required(body.Password, "password");
        if (!errors.Ok)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        var now = options.Time.GetUtcNow();
        var user = await storage.Users.FindByEmailAsync(body.Email!, ct);
        if (user?.LockedUntil is { } until && until > now)
        {
            return ProblemResults.RateLimited("Too many failed sign-ins for this account; wait and try again.", until - now);
        }

        // Verify against a decoy hash for unknown emails so the response time does not reveal which accounts exist.
        var valid = PasswordHasher.Verify(body.Password!, user?.PasswordHash ?? PasswordHasher.DecoyHash) && user is not null;
        if (!valid)
        {
            if (user is not null)
            {
                var lockUntil = user.FailedLogins + 1 >= MaxFailedLogins ? now + LockDuration : (DateTimeOffset?)null;
                await storage.Users.RecordFailedLoginAsync(user.Id, lockUntil, ct);

                // Only for existing accounts: unknown emails would let anyone fill the log with made-up names.
                var remote = context.Connection.RemoteIpAddress?.ToString();
                await storage.RecordAsync("anonymous", AuditActions.UserLoginFailed, user.Id, null, new { email = user.Email, failedLogins = user.FailedLogins + 1, remote });
                if (lockUntil is not null)
                {
                    await storage.RecordAsync("system", AuditActions.UserLocked, user.Id, null, new { email = user.Email, until = lockUntil, remote });
                }
            }

            return ProblemResults.Unauthorized("The email or password is wrong.");
        }

        if (user!.FailedLogins > 0)
        {
            await storage.Users.ResetFailedLoginsAsync(user.Id, ct);
        }

        await StartSessionAsync(context, caller, storage, options, user, ct);
        return Results.Ok(UserResponse.From(user));
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, CallerContext caller, TesseraStorage storage, CancellationToken ct)
    {
        if (await caller.AuthenticateAsync(context) && caller.SessionTokenHash is { } hash)
        {
            await storage.Sessions.DeleteAsync(hash, ct);
        }

        SessionCookie.Clear(context);
        return Results.NoContent();
    }

    private static async Task<IResult> MeAsync(ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        IReadOnlyList<MeProject> projects;
        if (caller.IsOwner)
        {
            projects = [.. (await storage.Projects.ListAsync(ct)).Select(p => new MeProject(p.Id, p.Name, ProjectRole.Admin))];
        }
        else
        {
            var list = new List<MeProject>();
            foreach (var (projectId, role) in caller.Roles!)
            {
                if (await storage.Projects.GetAsync(projectId, ct) is { } project)
                {
                    list.Add(new MeProject(project.Id, project.Name, role));
                }
            }

            projects = [.. list.OrderBy(p => p.Name, StringComparer.Ordinal)];
        }

        if (caller.ApiKey is { } key)
        {
            return Results.Ok(new MeResponse(caller.User?.Id ?? "apikey:" + key.Id, caller.User?.Email ?? string.Empty, key.Name, false, key.CreatedAt, projects, key.Id));
        }

        var user = caller.User!;
        return Results.Ok(new MeResponse(user.Id, user.Email, user.Name, user.IsOwner, user.CreatedAt, projects, null));
    }

    private static async Task StartSessionAsync(HttpContext context, CallerContext caller, TesseraStorage storage, ServerOptions options, StoredUser user, CancellationToken ct)
    {
        var token = SecretTokens.NewToken();
        var now = options.Time.GetUtcNow();
        var session = new StoredSession(SecretTokens.Hash(token), user.Id, now, now + options.SessionLifetime);
        await storage.Sessions.CreateAsync(session, ct);
        await storage.Sessions.DeleteExpiredAsync(now, ct);
        SessionCookie.Issue(context, token, session.ExpiresAt);
        await caller.SignInAsync(user, session.TokenHash, ct);
    }

    private sealed record SetupRequest(string? Email, string? Name, string? Password);

    private sealed record LoginRequest(string? Email, string? Password);
}
