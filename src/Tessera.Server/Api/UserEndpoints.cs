using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary><c>/users</c>: the instance owner manages accounts.</summary>
internal static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthenticatedUser();
        users.MapGet("/", ListAsync);
        users.MapPost("/", CreateAsync);
        users.MapGet("/{id}", GetAsync);
        users.MapPatch("/{id}", UpdateAsync);
        users.MapDelete("/{id}", DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(ICaller caller, TesseraStorage storage, CancellationToken ct) =>
        caller.DemandOwner() ?? Results.Ok((await storage.Users.ListAsync(ct)).Select(UserResponse.From));

    private static async Task<IResult> GetAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct) =>
        caller.DemandOwner() ?? (await storage.Users.GetAsync(id, ct) is { } user ? Results.Ok(UserResponse.From(user)) : ProblemResults.NotFound("user", id));

    private static async Task<IResult> CreateAsync(CreateUserRequest body, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (caller.DemandOwner() is { } denied)
        {
            return denied;
        }

        var errors = new FieldErrors().Email(body.Email, "email").Required(body.Name, "name").MaxLength(body.Name, 200, "name").Password(body.Password, "password");
        if (!errors.Ok)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        try
        {
            var user = await storage.Users.CreateAsync(
                new NewUser { Email = body.Email!, Name = body.Name!.Trim(), PasswordHash = PasswordHasher.Hash(body.Password!), IsOwner = body.IsOwner ?? false },
                ct);
            await storage.RecordAsync(caller, AuditActions.UserCreated, user.Id, null, new { email = user.Email, isOwner = user.IsOwner });
            return Results.Created($"/api/v1/users/{user.Id}", UserResponse.From(user));
        }
        catch (IdentityConflictException e)
        {
            return ProblemResults.Conflict(e.Message);
        }
    }

    private static async Task<IResult> UpdateAsync(string id, UpdateUserRequest body, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (caller.DemandOwner() is { } denied)
        {
            return denied;
        }

        var errors = new FieldErrors().Email(body.Email, "email", required: false).Password(body.Password, "password", required: false).MaxLength(body.Name, 200, "name");
        if (body.Name is not null && string.IsNullOrWhiteSpace(body.Name))
        {
            errors.Add(new FieldError("name", "cannot be empty."));
        }

        if (!errors.Ok)
        {
            return ProblemResults.ValidationFailed(errors);
        }

        if (body.IsOwner == false && id == caller.User?.Id)
        {
            return ProblemResults.Conflict("You cannot remove your own owner rights; make another user owner and ask them to do it.");
        }

        var before = await storage.Users.GetAsync(id, ct);
        try
        {
            var user = await storage.Users.UpdateAsync(
                id,
                new UserUpdate { Email = body.Email, Name = body.Name?.Trim(), PasswordHash = body.Password is null ? null : PasswordHasher.Hash(body.Password), IsOwner = body.IsOwner },
                ct);
            if (user is null)
            {
                return ProblemResults.NotFound("user", id);
            }

            if (body.Password is not null)
            {
                // A new password ends every session, so a stolen cookie stops working too.
                await storage.Sessions.DeleteForUserAsync(id, ct);
            }

            await AuditUpdateAsync(before, user, body.Password is not null, caller, storage);

            return Results.Ok(UserResponse.From(user));
        }
        catch (IdentityConflictException e)
        {
            return ProblemResults.Conflict(e.Message);
        }
    }

    private static async Task<IResult> DeleteAsync(string id, ICaller caller, TesseraStorage storage, CancellationToken ct)
    {
        if (caller.DemandOwner() is { } denied)
        {
            return denied;
        }

        if (id == caller.User?.Id)
        {
            return ProblemResults.Conflict("You cannot delete your own account; another owner can.");
        }

        var user = await storage.Users.GetAsync(id, ct);
        if (user is null || !await storage.Users.DeleteAsync(id, ct))
        {
            return ProblemResults.NotFound("user", id);
        }

        await storage.RecordAsync(caller, AuditActions.UserDeleted, id, null, new { email = user.Email });
        return Results.NoContent();
    }

    private static async Task AuditUpdateAsync(StoredUser? before, StoredUser after, bool passwordChanged, ICaller caller, TesseraStorage storage)
    {
        var emailChanged = before is not null && before.Email != after.Email;
        var nameChanged = before is not null && before.Name != after.Name;
        if (emailChanged || nameChanged || passwordChanged)
        {
            await storage.RecordAsync(
                caller,
                AuditActions.UserUpdated,
                after.Id,
                null,
                new { email = after.Email, previousEmail = emailChanged ? before!.Email : null, nameChanged, passwordChanged });
        }

        if (before is not null && before.IsOwner != after.IsOwner)
        {
            await storage.RecordAsync(caller, AuditActions.UserRoleChanged, after.Id, null, new { email = after.Email, isOwner = after.IsOwner });
        }
    }

    private sealed record CreateUserRequest(string? Email, string? Name, string? Password, bool? IsOwner);

    private sealed record UpdateUserRequest(string? Email, string? Name, string? Password, bool? IsOwner);
}
