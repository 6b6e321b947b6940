using System.CommandLine;
using Spectre.Console;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Workflows;
using Tessera.Nodes;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera run &lt;workflow.json&gt;</c>: runs a workflow from its trigger and prints per-node results.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("workflow") { Description = "Path of an n8n workflow JSON file." };
        var input = new Option<string?>("--input") { Description = "JSON items for the trigger: a file path, '-' for standard input, or inline JSON (an object or an array)." };
        var pinData = new Option<bool>("--pin-data") { Description = "Use the workflow's pinned data as node outputs, as n8n's editor does (default true; --pin-data false to ignore).", DefaultValueFactory = _ => true };
        var json = new Option<bool>("--json") { Description = "Print the full run data as JSON instead of a table." };
        var start = new Option<string?>("--start") { Description = "Start from this node instead of the trigger." };
        var to = new Option<string?>("--to") { Description = "Run only up to this node: it and the nodes it depends on, nothing after it (n8n's execute to node)." };
        var noSave = new Option<bool>("--no-save") { Description = "Run without recording the execution (nothing is written; a waiting run cannot be resumed)." };
        var executionId = new Option<string?>("--execution-id") { Description = "Id for the new execution (default: the next id from the database's counter, or a clock-based id with --no-save)." };
        var command = new Command("run", "Run a workflow and print each node's result. Exit code 0 success, 1 workflow failed, 2 bad input.")
        {
            file, input, pinData, json, start, to, noSave, executionId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = WorkflowLoader.StandardError();
            var path = parse.GetValue(file)!;
            if (!WorkflowLoader.TryLoad(path, error, out var workflow))
            {
                return ExitCodes.BadInput;
            }

            IReadOnlyList<Item>? triggerItems = null;
            if (parse.GetValue(input) is { } inputText && !TryReadItems(inputText, error, out triggerItems))
            {
                return ExitCodes.BadInput;
            }

            var options = new RunOptions
            {
                ExecutionId = parse.GetValue(executionId),
                Mode = ExecutionModes.Manual,
                UsePinData = parse.GetValue(pinData),
                TriggerItems = triggerItems,
                StartNode = parse.GetValue(start),
                DestinationNode = parse.GetValue(to),
                WorkflowId = workflow.Id,
            };
            if (parse.GetValue(noSave))
            {
                ExecutionResult unsaved;
                try
                {
                    unsaved = await TesseraEngineFactory.Create().RunAsync(workflow, options, cancellationToken);
                }
                catch (WorkflowValidationException e)
                {
                    WorkflowLoader.ReportProblems(path, e.Problems, error);
                    return ExitCodes.BadInput;
                }

                return Report(workflow, unsaved, parse.GetValue(json), error, saved: false);
            }

            return await StorageAccess.WithStorageAsync(error, async storage =>
            {
                ExecutionResult saved;
                try
                {
                    saved = await StorageAccess.Service(storage).RunAsync(workflow, options, cancellationToken);
                }
                catch (WorkflowValidationException e)
                {
                    WorkflowLoader.ReportProblems(path, e.Problems, error);
                    return ExitCodes.BadInput;
                }

                return Report(workflow, saved, parse.GetValue(json), error, saved: true);
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>Prints a result (table or JSON) and returns the exit code for it.</summary>
    public static int Report(Workflow workflow, ExecutionResult result, bool asJson, IAnsiConsole error, bool saved)
    {
        {
            if (asJson)
            {
                Console.Out.WriteLine(JsonCodec.Serialize(RunDataJson.ToJson(result), indented: true));
            }
            else
            {
                PrintTable(workflow, result);
            }

            // The id on its own line (stderr with --json, so standard output stays one JSON document).
            var idLine = saved ? $"execution {result.ExecutionId}" : $"execution {result.ExecutionId} (not saved)";
            (asJson ? Console.Error : Console.Out).WriteLine(result.Status == ExecutionStatus.Waiting && saved
                ? $"{idLine} is waiting at \"{result.WaitingNode}\"; `tessera executions resume` wakes it when due"
                : idLine);

            if (result.Status is ExecutionStatus.Success or ExecutionStatus.Waiting)
            {
                return ExitCodes.Success;
            }

            error.MarkupLineInterpolated($"[red]{(result.Status == ExecutionStatus.Canceled ? "cancelled" : "failed")}:[/] {(result.FailedNode is null ? "" : $"node \"{result.FailedNode}\": ")}{result.Error?.Message}");
            if (result.Error?.Description is { } description)
            {
                error.MarkupLineInterpolated($"  {description}");
            }

            return ExitCodes.WorkflowFailed;
        }
    }

    private static bool TryReadItems(string text, IAnsiConsole error, out IReadOnlyList<Item>? items)
    {
        items = null;
        string source;
        string json;
        try
        {
            (source, json) = text switch
            {
                "-" => ("standard input", Console.In.ReadToEnd()),
                _ when text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[') => ("--input", text),
                _ => (text, File.ReadAllText(text)),
            };
        }
        catch (IOException e)
        {
            error.MarkupLineInterpolated($"[red]error:[/] --input {text}: {e.Message}");
            return false;
        }

        try
        {
            var value = JsonCodec.Parse(json);
            items = value.TryGetArray() is { } array ? [.. array.Select(Item.FromJson)] : [Item.FromJson(value)];
            return true;
        }
        catch (JsonFormatException e)
        {
            error.MarkupLineInterpolated($"[red]error:[/] {source}:{e.Line}:{e.Column}: {e.Reason}");
            return false;
        }
    }

    private static void PrintTable(Workflow workflow, ExecutionResult result)
    {
        var table = new Table().Title($"{Markup.Escape(workflow.Name)} — {result.Status.ToString().ToLowerInvariant()}")
            .AddColumns("Node", "Status", "Items in", "Items out", "Duration");
        foreach (var (node, run) in result.RunData.InOrder)
        {
            var status = run.Status switch
            {
                NodeRunStatus.Success when run.Error is not null => "[yellow]error (continued)[/]",
                NodeRunStatus.Success when run.FromPinData => "[green]pinned[/]",
                NodeRunStatus.Success => "[green]success[/]",
                NodeRunStatus.Error => "[red]error[/]",
                NodeRunStatus.Waiting => "[blue]waiting[/]",
                _ => "cancelled",
            };
            var outputs = run.Outputs.Count <= 1
                ? run.Outputs.Sum(o => o.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : string.Join(" | ", run.Outputs.Select(o => o.Count));
            table.AddRow(
                Markup.Escape(node),
                status,
                run.Inputs.Sum(i => i.Count).ToString(System.Globalization.CultureInfo.InvariantCulture),
                outputs,
                $"{run.ExecutionTime.TotalMilliseconds:0.##} ms");
        }

        AnsiConsole.Write(table);
    }
}
