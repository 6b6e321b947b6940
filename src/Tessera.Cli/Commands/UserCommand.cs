using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Identity;
using static Tessera.Cli.Commands.IdentityAccess;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera user create|list|set-role</c>: scriptable account set-up on the server's storage.</summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var command = new Command("user", "Create users, list them and set their role, on the storage `tessera serve` uses.");
        command.Subcommands.Add(CreateUser());
        command.Subcommands.Add(List());
        command.Subcommands.Add(SetRole());
        return command;
    }

    private static Option<string> RoleOption() =>
        new("--role") { Description = $"owner (the instance owner: users, projects, audit), or a project role: {ProjectRoleNames}.", Required = true };

    private static Option<string?> ProjectOption() =>
        new("--project") { Description = "The project (name or id) for a project role. Default: the Default project." };

    private static Command CreateUser()
    {
        var email = new Option<string>("--email") { Description = "The sign-in email.", Required = true };
        var name = new Option<string?>("--name") { Description = "The display name. Default: the part of the email before @." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (required: never pass it as an argument)." };
        var role = RoleOption();
        var project = ProjectOption();
        var command = new Command("create", "Create a user. The first user must be the owner; it is set up exactly as the server's first-run page does.")
        {
            email, name, passwordStdin, role, project,
        };
        command.SetAction((parse, ct) => RunAsync(async storage =>
        {
            var address = CheckEmail(parse.GetValue(email));
            var roleName = parse.GetValue(role)!;
            var isOwner = string.Equals(roleName, OwnerRole, StringComparison.OrdinalIgnoreCase);
            var projectRole = isOwner ? (ProjectRole?)null : ParseProjectRole(roleName, "--role");
            var displayName = parse.GetValue(name) is { } n && !string.IsNullOrWhiteSpace(n) ? n.Trim() : address.Split('@')[0];
            if (displayName.Length > 200)
            {
                throw new CliError("--name: must have at most 200 characters.");
            }

            var password = await ReadPasswordAsync(parse.GetValue(passwordStdin));
            if (await storage.Users.FindByEmailAsync(address, ct) is not null)
            {
                throw new CliError($"a user with email {address.ToLowerInvariant()} already exists; use `tessera user set-role` to change their role.", ExitCodes.Conflict);
            }

            StoredUser user;
            StoredProject? inProject = null;
            if (await storage.Users.CountAsync(ct) == 0)
            {
                if (!isOwner)
                {
                    throw new CliError($"there are no users yet, so the first one must be the owner: pass --role owner (then add {roleName} users).");
                }

                // The same path as the first-run page and TESSERA_ADMIN_EMAIL: owner, and admin of the Default project.
                user = await IdentitySetup.CreateOwnerAsync(storage, address, displayName, password, ct)
                    ?? throw new CliError("another process created the first user at the same time; run the command again.", ExitCodes.Conflict);
                inProject = await IdentitySetup.EnsureDefaultProjectAsync(storage, ct);
                await AuditAsync(storage, AuditActions.UserCreated, user.Id, null, new { email = user.Email, isOwner = true, via = "setup" }, ct);
                await AuditAsync(storage, AuditActions.ProjectMemberSet, user.Id, inProject.Id, new { email = user.Email, role = ProjectRole.Admin.ToName() }, ct);
            }
            else
            {
                inProject = projectRole is null ? null : await ResolveProjectAsync(storage, parse.GetValue(project), ct);
                user = await storage.Users.CreateAsync(new NewUser { Email = address, Name = displayName, PasswordHash = PasswordHasher.Hash(password), IsOwner = isOwner }, ct);
                await AuditAsync(storage, AuditActions.UserCreated, user.Id, null, new { email = user.Email, isOwner }, ct);
                if (inProject is not null)
                {
                    await storage.Projects.SetMemberAsync(inProject.Id, user.Id, projectRole!.Value, ct);
                    await AuditAsync(storage, AuditActions.ProjectMemberSet, user.Id, inProject.Id, new { email = user.Email, role = projectRole.Value.ToName() }, ct);
                }
            }

            var what = isOwner ? "owner" : $"{projectRole!.Value.ToName()} in project {inProject!.Name} ({inProject.Id})";
            Console.Out.WriteLine($"Created user {user.Email} ({user.Id}) as {what}.");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List users with their owner flag and project roles (never password hashes).") { json };
        command.SetAction((parse, ct) => RunAsync(async storage =>
        {
            var rows = new List<(StoredUser User, IReadOnlyList<ProjectMembership> Memberships)>();
            foreach (var user in await storage.Users.ListAsync(ct))
            {
                rows.Add((user, await storage.Projects.ListMembershipsAsync(user.Id, ct)));
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(
                    rows.Select(r => new
                    {
                        id = r.User.Id,
                        email = r.User.Email,
                        name = r.User.Name,
                        isOwner = r.User.IsOwner,
                        projects = r.Memberships.Select(m => new { id = m.Project.Id, name = m.Project.Name, role = m.Role.ToName() }),
                        lockedUntil = r.User.LockedUntil,
                        createdAt = r.User.CreatedAt,
                    }),
                    JsonOptions));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("id", "email", "name", "owner", "projects", "created (UTC)");
            foreach (var (user, memberships) in rows)
            {
                table.AddRow(
                    Markup.Escape(user.Id),
                    Markup.Escape(user.Email),
                    Markup.Escape(user.Name),
                    user.IsOwner ? "yes" : "",
                    Markup.Escape(string.Join(", ", memberships.Select(m => $"{m.Project.Name}: {m.Role.ToName()}"))),
                    Time(user.CreatedAt));
            }

            AnsiConsole.Write(table);
            Console.Out.WriteLine($"{rows.Count} user(s)");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command SetRole()
    {
        var email = new Option<string>("--email") { Description = "The user's email (or id).", Required = true };
        var role = RoleOption();
        var project = ProjectOption();
        var command = new Command(
            "set-role",
            "Make a user owner, or give them a project role; a project role also takes away owner rights (never from the last owner).")
        {
            email, role, project,
        };
        command.SetAction((parse, ct) => RunAsync(async storage =>
        {
            var who = parse.GetValue(email)!;
            var user = await storage.Users.FindByEmailAsync(who, ct) ?? await storage.Users.GetAsync(who, ct)
                ?? throw new CliError($"--email {who}: no such user; see `tessera user list`.");
            var roleName = parse.GetValue(role)!;
            if (string.Equals(roleName, OwnerRole, StringComparison.OrdinalIgnoreCase))
            {
                if (!user.IsOwner)
                {
                    await storage.Users.UpdateAsync(user.Id, new UserUpdate { IsOwner = true }, ct);
                    await AuditAsync(storage, AuditActions.UserRoleChanged, user.Id, null, new { email = user.Email, isOwner = true }, ct);
                }

                Console.Out.WriteLine($"{user.Email} is owner.");
                return ExitCodes.Success;
            }

            var projectRole = ParseProjectRole(roleName, "--role");
            var target = await ResolveProjectAsync(storage, parse.GetValue(project), ct);
            if (user.IsOwner)
            {
                var owners = (await storage.Users.ListAsync(ct)).Count(u => u.IsOwner);
                if (owners <= 1)
                {
                    throw new CliError($"{user.Email} is the only owner; make another user owner first (tessera user set-role --email OTHER --role owner).");
                }

                await storage.Users.UpdateAsync(user.Id, new UserUpdate { IsOwner = false }, ct);
                await AuditAsync(storage, AuditActions.UserRoleChanged, user.Id, null, new { email = user.Email, isOwner = false }, ct);
            }

            await storage.Projects.SetMemberAsync(target.Id, user.Id, projectRole, ct);
            await AuditAsync(storage, AuditActions.ProjectMemberSet, user.Id, target.Id, new { email = user.Email, role = projectRole.ToName() }, ct);
            Console.Out.WriteLine($"{user.Email} is {projectRole.ToName()} in project {target.Name} ({target.Id}).");
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
