using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tessera.Server.Auth;
using Tessera.Storage.Audit;
using Tessera.Storage.Identity;
using static Tessera.Cli.Commands.IdentityAccess;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera apikey create|list|revoke</c>: project-scoped API keys for automation. A key is printed once, at creation.</summary>
internal static class ApiKeyCommand
{
    public static Command Create()
    {
        var command = new Command("apikey", "Create, list and revoke API keys (each acts in one project with one role).");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command CreateKey()
    {
        var project = new Option<string?>("--project") { Description = "The project the key acts in (name or id). Default: the Default project." };
        var role = new Option<string>("--role") { Description = $"The key's role in that project: {ProjectRoleNames}.", Required = true };
        var name = new Option<string?>("--name") { Description = "A label to tell keys apart. Default: cli." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the key (for $(…) in scripts)." };
        var command = new Command("create", "Create an API key and print it once; only its hash is stored.") { project, role, name, quiet };
        command.SetAction((parse, ct) => RunAsync(async storage =>
        {
            var keyRole = ParseProjectRole(parse.GetValue(role), "--role");
            var label = parse.GetValue(name) is { } n && !string.IsNullOrWhiteSpace(n) ? n.Trim() : "cli";
            if (label.Length > 200)
            {
                throw new CliError("--name: must have at most 200 characters.");
            }

            var target = await ResolveProjectAsync(storage, parse.GetValue(project), ct);
            var (stored, key) = await IdentitySetup.CreateApiKeyAsync(storage, label, target.Id, keyRole, createdBy: null, ct);
            await AuditAsync(storage, AuditActions.ApiKeyCreated, stored.Id, stored.ProjectId, new { name = stored.Name, role = keyRole.ToName(), prefix = stored.Prefix }, ct);
            if (parse.GetValue(quiet))
            {
                Console.Out.WriteLine(key);
                return ExitCodes.Success;
            }

            Console.Out.WriteLine($"Created API key {stored.Id} \"{stored.Name}\": {keyRole.ToName()} in project {target.Name} ({target.Id}).");
            Console.Out.WriteLine("Store it now; it cannot be shown again. Send it as `Authorization: Bearer KEY` or `X-Tessera-Api-Key: KEY`.");
            Console.Out.WriteLine(key);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command List()
    {
        var project = new Option<string?>("--project") { Description = "Only this project's keys (name or id)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List API keys: id, name, prefix, project, role and last use (never the keys).") { project, json };
        command.SetAction((parse, ct) => RunAsync(async storage =>
        {
            var projectId = parse.GetValue(project) is { } p ? (await ResolveProjectAsync(storage, p, ct)).Id : null;
            var keys = await storage.ApiKeys.ListAsync(projectId, ct);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(
                    keys.Select(k => new { id = k.Id, name = k.Name, prefix = k.Prefix, projectId = k.ProjectId, role = k.Role.ToName(), createdBy = k.CreatedBy, createdAt = k.CreatedAt, lastUsedAt = k.LastUsedAt }),
                    JsonOptions));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("id", "name", "prefix", "project", "role", "created (UTC)", "last used (UTC)");
            foreach (var k in keys)
            {
                table.AddRow(Markup.Escape(k.Id), Markup.Escape(k.Name), Markup.Escape(k.Prefix + "…"), Markup.Escape(k.ProjectId), k.Role.ToName(), Time(k.CreatedAt), Time(k.LastUsedAt));
            }

            AnsiConsole.Write(table);
            Console.Out.WriteLine($"{keys.Count} key(s)");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "The key's id (see `tessera apikey list`)." };
        var command = new Command("revoke", "Revoke an API key: requests with it get 401 from now on.") { id };
        command.SetAction((parse, ct) => RunAsync(async storage =>
        {
            var keyId = parse.GetValue(id)!;
            var key = await storage.ApiKeys.GetAsync(keyId, ct) ?? throw new CliError($"API key {keyId} does not exist; see `tessera apikey list`.");
            await storage.ApiKeys.DeleteAsync(keyId, ct);
            await AuditAsync(storage, AuditActions.ApiKeyRevoked, key.Id, key.ProjectId, new { name = key.Name, role = key.Role.ToName(), prefix = key.Prefix }, ct);
            Console.Out.WriteLine($"Revoked API key {key.Id} \"{key.Name}\".");
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
