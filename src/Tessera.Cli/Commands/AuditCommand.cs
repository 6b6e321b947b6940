using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tessera.Storage.Audit;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera audit verify|list</c>: check the audit log's hash chain and read it.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Read and verify the tamper-evident audit log.");
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateVerify()
    {
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var verify = new Command("verify", "Walk the hash chain; exit 0 when intact, 1 naming the first edited, deleted or reordered entry.") { json };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            await using var storage = await VaultAccess.OpenAsync(Console.Error, cancellationToken).ConfigureAwait(false);
            if (storage is null)
            {
                return ExitCodes.BadInput;
            }

            var result = await storage.Audit.VerifyAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { ok = result.Ok, @checked = result.Checked, firstBadSeq = result.FirstBadSeq, problem = result.Problem }));
            }
            else if (result.Ok)
            {
                Console.WriteLine($"ok: the audit log is intact ({result.Checked} entries checked)");
            }
            else
            {
                await Console.Error.WriteLineAsync(
                    $"TAMPERED: audit log entry {result.FirstBadSeq} fails verification: {result.Problem}. "
                    + $"Entries 1–{result.Checked} are intact; restore the audit_log table from a backup and investigate who had database access.").ConfigureAwait(false);
            }

            return result.Ok ? ExitCodes.Success : ExitCodes.WorkflowFailed;
        });
        return verify;
    }

    private static Command CreateList()
    {
        var limit = new Option<int>("--limit") { Description = "How many entries (1–1000).", DefaultValueFactory = _ => 50 };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after a previous page (its next cursor)." };
        var action = new Option<string?>("--action") { Description = "Only this action, e.g. credential.used." };
        var actor = new Option<string?>("--actor") { Description = "Only this actor, e.g. user:<id>." };
        var project = new Option<string?>("--project") { Description = "Only this project id." };
        var target = new Option<string?>("--target") { Description = "Only entries about this id (workflow, user, API key…)." };
        var json = new Option<bool>("--json") { Description = "Print JSON: { items, nextCursor }." };
        var list = new Command("list", "List audit entries, newest first.") { limit, cursor, action, actor, project, target, json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var size = parse.GetValue(limit);
            if (size is < 1 or > 1000)
            {
                await Console.Error.WriteLineAsync($"error: --limit {size} is out of range; use 1–1000.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await using var storage = await VaultAccess.OpenAsync(Console.Error, cancellationToken).ConfigureAwait(false);
            if (storage is null)
            {
                return ExitCodes.BadInput;
            }

            AuditPage page;
            try
            {
                page = await storage.Audit.ListAsync(
                    new AuditQuery { Limit = size, Cursor = parse.GetValue(cursor), Action = parse.GetValue(action), Actor = parse.GetValue(actor), ProjectId = parse.GetValue(project), Target = parse.GetValue(target) },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    items = page.Items.Select(e => new { seq = e.Seq, at = e.At, actor = e.Actor, action = e.Action, target = e.Target, projectId = e.ProjectId, details = JsonDocument.Parse(e.DetailsJson).RootElement, hash = e.Hash }),
                    nextCursor = page.NextCursor,
                }));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("seq", "at (UTC)", "actor", "action", "target", "project", "details");
            foreach (var e in page.Items)
            {
                table.AddRow(
                    Markup.Escape(e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    Markup.Escape(e.At.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)),
                    Markup.Escape(e.Actor),
                    Markup.Escape(e.Action),
                    Markup.Escape(e.Target ?? ""),
                    Markup.Escape(e.ProjectId ?? ""),
                    Markup.Escape(e.DetailsJson));
            }

            AnsiConsole.Write(table);
            if (page.NextCursor is not null)
            {
                Console.WriteLine($"more: --cursor {page.NextCursor}");
            }

            return ExitCodes.Success;
        });
        return list;
    }
}
