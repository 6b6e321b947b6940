using System.Text.Json;
using Spectre.Console;
using Tessera.Server.Auth;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Identity;

namespace Tessera.Cli.Commands;

/// <summary>Shared pieces of <c>tessera user</c> and <c>tessera apikey</c>: roles, projects by name or id, the piped password, audit entries.</summary>
internal static class IdentityAccess
{
    /// <summary>The audit actor for changes made from the command line.</summary>
    public const string Actor = "cli";

    /// <summary>The instance-wide role; every other role is a project role.</summary>
    public const string OwnerRole = "owner";

    public static readonly string ProjectRoleNames = string.Join(", ", ProjectRoles.All.Select(r => r.ToName()));

    /// <summary>A refusal the command prints as one line and exits with <see cref="ExitCode"/>.</summary>
    public sealed class CliError(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
    {
        public int ExitCode { get; } = exitCode;
    }

    /// <summary>Runs an identity command over the environment's storage; refusals become one <c>error:</c> line and their exit code.</summary>
    public static async Task<int> RunAsync(Func<TesseraStorage, Task<int>> action, CancellationToken ct)
    {
        var error = WorkflowLoader.StandardError();
        try
        {
            return await StorageAccess.WithStorageAsync(error, action, ct).ConfigureAwait(false);
        }
        catch (CliError e)
        {
            error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return e.ExitCode;
        }
        catch (IdentityConflictException e)
        {
            error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Conflict;
        }
    }

    /// <summary>A project role by name, or a clear refusal naming the option.</summary>
    public static ProjectRole ParseProjectRole(string? name, string option) =>
        ProjectRoles.TryParse(name, out var role)
            ? role
            : throw new CliError($"{option} {name}: not a role; use one of {ProjectRoleNames}.");

    /// <summary>
    /// The project named by <paramref name="nameOrId"/> (an id, else an exact then case-insensitive name); the Default
    /// project when none is given, created the way the server's first start creates it.
    /// </summary>
    public static async Task<StoredProject> ResolveProjectAsync(TesseraStorage storage, string? nameOrId, CancellationToken ct)
    {
        var isDefault = string.IsNullOrWhiteSpace(nameOrId) || string.Equals(nameOrId, IdentitySetup.DefaultProjectName, StringComparison.OrdinalIgnoreCase);
        if (isDefault)
        {
            return await IdentitySetup.EnsureDefaultProjectAsync(storage, ct).ConfigureAwait(false);
        }

        if (await storage.Projects.GetAsync(nameOrId!, ct).ConfigureAwait(false) is { } byId)
        {
            return byId;
        }

        var all = await storage.Projects.ListAsync(ct).ConfigureAwait(false);
        var matches = all.Where(p => p.Name == nameOrId).ToList();
        if (matches.Count == 0)
        {
            matches = [.. all.Where(p => string.Equals(p.Name, nameOrId, StringComparison.OrdinalIgnoreCase))];
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliError($"--project {nameOrId}: no project has this name or id. Projects: {string.Join(", ", all.Select(p => $"{p.Name} ({p.Id})"))}."),
            _ => throw new CliError($"--project {nameOrId}: {matches.Count} projects have this name ({string.Join(", ", matches.Select(p => p.Id))}); pass the id instead."),
        };
    }

    /// <summary>Reads the password piped to standard input (one trailing line break removed) and checks it like the API does.</summary>
    public static async Task<string> ReadPasswordAsync(bool passwordStdin)
    {
        if (!passwordStdin)
        {
            throw new CliError("pass --password-stdin and pipe the password in, e.g. printf '%s' \"$PASSWORD\" | tessera user create … --password-stdin (passwords are never taken from arguments, which other users can see in the process list).");
        }

        if (!Console.IsInputRedirected)
        {
            throw new CliError("--password-stdin: standard input is a terminal; pipe the password in, e.g. printf '%s' \"$PASSWORD\" | tessera user create ….");
        }

        var text = await Console.In.ReadToEndAsync().ConfigureAwait(false);
        var password = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        return IdentitySetup.PasswordProblem(password) is { } problem
            ? throw new CliError($"--password-stdin: {problem}; pipe a stronger password.")
            : password;
    }

    /// <summary>An email the API would accept (same rule), trimmed.</summary>
    public static string CheckEmail(string? email)
    {
        return IdentitySetup.NormalizedEmail(email) ?? throw new CliError($"--email {email}: not an email address; use one such as ada@example.com.");
    }

    /// <summary>Appends an audit entry with the <c>cli</c> actor; details hold names and ids only.</summary>
    public static Task AuditAsync(TesseraStorage storage, string action, string? target, string? projectId, object details, CancellationToken ct) =>
        storage.Audit.AppendAsync(new AuditRecord(Actor, action, target, projectId, JsonSerializer.Serialize(details, JsonOptions)), ct);

    /// <summary>The project of an execution's workflow (as the API's audit entries name it); null for ad-hoc runs.</summary>
    public static async Task<string?> ProjectOfExecutionAsync(TesseraStorage storage, string executionId, CancellationToken ct) =>
        (await storage.Executions.GetAsync(executionId, ct).ConfigureAwait(false))?.WorkflowId is { } workflowId
            ? (await storage.Workflows.GetAsync(workflowId, ct).ConfigureAwait(false))?.ProjectId
            : null;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
