using System.CommandLine;
using Spectre.Console;
using Tessera.Engine.Data;
using Tessera.Engine.Workflows;
using Tessera.Storage.Workflows;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera import</c> and <c>tessera export</c>: workflows in and out of the store as n8n JSON.</summary>
internal static class ImportExportCommands
{
    public static Command Import()
    {
        var source = new Argument<string>("path") { Description = "An n8n workflow JSON file, or a folder of them (*.json)." };
        var command = new Command("import", "Import n8n workflow JSON into the store (a workflow with an id already stored is updated).") { source };
        command.SetAction((parse, ct) =>
        {
            var error = WorkflowLoader.StandardError();
            var path = parse.GetValue(source)!;
            string[] files;
            if (Directory.Exists(path))
            {
                files = Directory.GetFiles(path, "*.json");
                Array.Sort(files, StringComparer.Ordinal);
            }
            else if (File.Exists(path))
            {
                files = [path];
            }
            else
            {
                error.MarkupLineInterpolated($"[red]error:[/] {path}: no such file or folder. Pass an n8n workflow JSON file or a folder of them.");
                return Task.FromResult(ExitCodes.BadInput);
            }

            // Read everything first: one bad file imports nothing, so a folder is never half imported.
            var workflows = new List<(string File, Workflow Workflow, string Json)>();
            foreach (var file in files)
            {
                if (!WorkflowLoader.TryLoad(file, error, out var workflow))
                {
                    return Task.FromResult(ExitCodes.BadInput);
                }

                workflows.Add((file, workflow, File.ReadAllText(file)));
            }

            return StorageAccess.WithStorageAsync(error, async storage =>
            {
                foreach (var (file, workflow, json) in workflows)
                {
                    var draft = new WorkflowDraft { Id = workflow.Id, Name = workflow.Name, Json = json, Active = workflow.Active ?? false, Tags = Tags(workflow) };
                    var existing = workflow.Id is null ? null : await storage.Workflows.GetAsync(workflow.Id, ct);
                    var stored = existing is null
                        ? await storage.Workflows.CreateAsync(draft, ct)
                        : await storage.Workflows.UpdateAsync(existing.Id, draft, existing.VersionId, ct) ?? existing;
                    Console.Out.WriteLine($"{(existing is null ? "imported" : "updated")} {stored.Id} \"{stored.Name}\" from {file}");
                }

                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    public static Command Export()
    {
        var id = new Argument<string?>("workflowId") { Description = "The workflow to export (omit with --all).", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Export every stored workflow." };
        var output = new Option<string?>("--output") { Description = "Folder to write <id>.json files into (default: print a single workflow to standard output)." };
        var command = new Command("export", "Export stored workflows as n8n JSON.") { id, all, output };
        command.SetAction((parse, ct) =>
        {
            var error = WorkflowLoader.StandardError();
            var workflowId = parse.GetValue(id);
            var folder = parse.GetValue(output);
            if (workflowId is null == !parse.GetValue(all))
            {
                error.MarkupLine("[red]error:[/] pass either a workflow id or --all.");
                return Task.FromResult(ExitCodes.BadInput);
            }

            if (parse.GetValue(all) && folder is null)
            {
                error.MarkupLine("[red]error:[/] --all needs --output <folder> (one file per workflow).");
                return Task.FromResult(ExitCodes.BadInput);
            }

            return StorageAccess.WithStorageAsync(error, async storage =>
            {
                var selected = new List<StoredWorkflow>();
                if (workflowId is not null)
                {
                    selected.Add(await storage.Workflows.GetAsync(workflowId, ct)
                        ?? throw new ArgumentException($"There is no stored workflow '{workflowId}'; import it first or check the id."));
                }
                else
                {
                    for (var offset = 0; ; offset += 100)
                    {
                        var page = await storage.Workflows.ListAsync(new WorkflowQuery { Limit = 100, Offset = offset }, ct);
                        selected.AddRange(page);
                        if (page.Count < 100)
                        {
                            break;
                        }
                    }
                }

                foreach (var w in selected)
                {
                    var json = ExportJson(w);
                    if (folder is null)
                    {
                        Console.Out.WriteLine(json);
                        continue;
                    }

                    Directory.CreateDirectory(folder);
                    var file = Path.Combine(folder, w.Id + ".json");
                    await File.WriteAllTextAsync(file, json, ct);
                    Console.Error.WriteLine($"exported {w.Id} \"{w.Name}\" to {file}");
                }

                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    // The stored JSON is what was imported or saved; id and name follow the store, which is the source of truth.
    private static string ExportJson(StoredWorkflow w)
    {
        var json = JsonCodec.Parse(w.Json).AsObject();
        json["id"] = w.Id;
        json["name"] = w.Name;
        json["active"] = w.Active;
        return JsonCodec.Serialize(json, indented: true);
    }

    private static IReadOnlyList<string> Tags(Workflow workflow) =>
        workflow.Tags.TryGetArray() is { } tags
            ? [.. tags.Select(t => t.TryGetString() ?? t.TryGetObject()?["name"].TryGetString()).OfType<string>()]
            : [];
}
