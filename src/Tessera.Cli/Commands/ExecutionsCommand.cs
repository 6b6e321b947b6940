using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Items;
using Tessera.Engine.Journal;
using Tessera.Engine.Workflows;
using Tessera.Storage;
using Tessera.Storage.Audit;
using Tessera.Storage.Durable;
using Tessera.Storage.Executions;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera executions list|show|resume|replay|fork|prune</c>: recorded executions in the store.</summary>
internal static class ExecutionsCommand
{
    public static Command Create() => new("executions", "List, inspect, resume, replay, fork and prune recorded executions.")
    {
        List(), Show(), Resume(), Replay(), Fork(), Prune(),
    };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table." };

    private static Command List()
    {
        var workflow = new Option<string?>("--workflow") { Description = "Only this workflow id's executions." };
        var status = new Option<string[]>("--status") { Description = "Only these statuses: running, waiting, success, error, canceled.", AllowMultipleArgumentsPerToken = true };
        var limit = new Option<int>("--limit") { Description = "Page size (1-1000).", DefaultValueFactory = _ => 50 };
        var cursor = new Option<string?>("--cursor") { Description = "Cursor printed by the previous page." };
        var json = JsonOption();
        var command = new Command("list", "List executions, newest first, a page at a time.") { workflow, status, limit, cursor, json };
        command.SetAction((parse, ct) =>
        {
            var error = WorkflowLoader.StandardError();
            var states = new List<ExecutionState>();
            foreach (var s in parse.GetValue(status) ?? [])
            {
                if (!Enum.TryParse<ExecutionState>(s, ignoreCase: true, out var state) || !Enum.IsDefined(state))
                {
                    error.MarkupLineInterpolated($"[red]error:[/] --status {s}: not a status; use running, waiting, success, error or canceled.");
                    return Task.FromResult(ExitCodes.BadInput);
                }

                states.Add(state);
            }

            return StorageAccess.WithStorageAsync(error, async storage =>
            {
                var page = await storage.Executions.ListAsync(new ExecutionQuery
                {
                    WorkflowId = parse.GetValue(workflow),
                    Statuses = states.Count > 0 ? states : null,
                    Limit = parse.GetValue(limit),
                    Cursor = parse.GetValue(cursor),
                }, ct);
                if (parse.GetValue(json))
                {
                    var items = new JsArray();
                    foreach (var s in page.Items)
                    {
                        items.Add(SummaryJson(s));
                    }

                    Console.Out.WriteLine(JsonCodec.Serialize(new JsObject { ["items"] = items, ["nextCursor"] = page.NextCursor is null ? JsValue.Null : page.NextCursor }, indented: true));
                    return ExitCodes.Success;
                }

                var table = new Table().AddColumns("Id", "Workflow", "Status", "Mode", "Started", "Finished", "Last node");
                foreach (var s in page.Items)
                {
                    table.AddRow(s.Id, Markup.Escape(s.WorkflowId ?? "-"), StorageAccess.StatusName(s.Status), s.Mode, Time(s.StartedAt), s.FinishedAt is { } f ? Time(f) : "-", Markup.Escape(s.LastNode ?? "-"));
                }

                AnsiConsole.Write(table);
                if (page.NextCursor is not null)
                {
                    Console.Out.WriteLine($"more: --cursor {page.NextCursor}");
                }

                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("executionId") { Description = "The execution to show." };
        var json = JsonOption();
        var command = new Command("show", "Show an execution's summary and each node run recorded in its journal.") { id, json };
        command.SetAction((parse, ct) => StorageAccess.WithStorageAsync(WorkflowLoader.StandardError(), async storage =>
        {
            var executionId = parse.GetValue(id)!;
            var summary = await storage.Executions.GetAsync(executionId, ct) ?? throw new ExecutionNotFoundException(executionId);
            var runs = new List<NodeCompleted>();
            var failed = new List<NodeFailed>();
            await foreach (var e in storage.Executions.ReadAsync(executionId, ct))
            {
                if (e is NodeCompleted c)
                {
                    runs.Add(c);
                }
                else if (e is NodeFailed f)
                {
                    failed.Add(f);
                }
            }

            if (parse.GetValue(json))
            {
                var nodes = new JsArray();
                foreach (var c in runs)
                {
                    nodes.Add(new JsObject { ["node"] = c.Node, ["runIndex"] = c.RunIndex, ["durationMs"] = c.DurationMs, ["outputs"] = JsonCodec.Parse(c.OutputsJson) });
                }

                var result = SummaryJson(summary);
                result["nodes"] = nodes;
                Console.Out.WriteLine(JsonCodec.Serialize(result, indented: true));
                return ExitCodes.Success;
            }

            AnsiConsole.MarkupLineInterpolated($"execution [bold]{summary.Id}[/] — {StorageAccess.StatusName(summary.Status)} ({summary.Mode}), started {Time(summary.StartedAt)}{(summary.ParentExecutionId is { } p ? $", from {p}" : "")}");
            var table = new Table().AddColumns("Node", "Run", "Items out", "Duration");
            foreach (var c in runs)
            {
                var outputs = JsonCodec.Parse(c.OutputsJson).AsArray();
                table.AddRow(Markup.Escape(c.Node), c.RunIndex.ToString(CultureInfo.InvariantCulture), string.Join(" | ", outputs.Select(o => o.AsArray().Count)), $"{c.DurationMs:0.##} ms");
            }

            foreach (var f in failed)
            {
                table.AddRow(Markup.Escape(f.Node), f.RunIndex.ToString(CultureInfo.InvariantCulture), "[red]failed[/]", "-");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command Resume()
    {
        var command = new Command("resume", "Continue every execution a crashed or stopped process left running, and wake parked executions whose time has come.");
        command.SetAction((parse, ct) => StorageAccess.WithStorageAsync(WorkflowLoader.StandardError(), async storage =>
        {
            var service = StorageAccess.Service(storage);
            var results = await service.ResumeInterruptedAsync(ct);
            foreach (var r in results)
            {
                Console.Out.WriteLine($"resumed {r.ExecutionId}: {r.Status.ToString().ToLowerInvariant()}");
            }

            var woken = await service.WakeDueTimersAsync(ct);
            Console.Out.WriteLine($"{results.Count} interrupted execution(s) resumed, {woken} due wait(s) woken");
            return results.Any(r => r.Status is ExecutionStatus.Error or ExecutionStatus.Canceled) ? ExitCodes.WorkflowFailed : ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command Replay()
    {
        var id = new Argument<string>("executionId") { Description = "The execution to replay." };
        var from = new Option<string>("--from") { Description = "Node to re-run from (it gets its recorded inputs; everything after it runs again).", Required = true };
        var json = JsonOption();
        var command = new Command("replay", "Re-run a recorded execution from a node, as a new execution linked to it.") { id, from, json };
        command.SetAction((parse, ct) => StorageAccess.WithStorageAsync(WorkflowLoader.StandardError(), async storage =>
        {
            var result = await StorageAccess.Service(storage).ReplayAsync(parse.GetValue(id)!, parse.GetValue(from)!, ct);
            await IdentityAccess.AuditAsync(storage, AuditActions.ExecutionReplayed, parse.GetValue(id), await IdentityAccess.ProjectOfExecutionAsync(storage, parse.GetValue(id)!, ct), new { newExecutionId = result.ExecutionId, fromNode = parse.GetValue(from) }, ct);
            return await ReportAsync(storage, result, parse.GetValue(json), ct);
        }, ct));
        return command;
    }

    private static Command Fork()
    {
        var id = new Argument<string>("executionId") { Description = "The execution to fork." };
        var from = new Option<string>("--from") { Description = "Node whose output is replaced by the data.", Required = true };
        var data = new Option<string>("--set-data") { Description = "JSON file with the node's new output: an array of objects (or n8n items), or one object.", Required = true };
        var json = JsonOption();
        var command = new Command("fork", "Start a new execution from a recorded point with edited data.") { id, from, data, json };
        command.SetAction((parse, ct) =>
        {
            var error = WorkflowLoader.StandardError();
            var path = parse.GetValue(data)!;
            IReadOnlyList<Item> items;
            try
            {
                var value = JsonCodec.Parse(File.ReadAllText(path));
                items = value.TryGetArray() is { } array ? [.. array.Select(Item.FromJson)] : [Item.FromJson(value)];
            }
            catch (JsonFormatException e)
            {
                error.MarkupLineInterpolated($"[red]error:[/] {path}:{e.Line}:{e.Column}: {e.Reason}");
                return Task.FromResult(ExitCodes.BadInput);
            }
            catch (IOException e)
            {
                error.MarkupLineInterpolated($"[red]error:[/] --set-data {path}: {e.Message}");
                return Task.FromResult(ExitCodes.BadInput);
            }

            return StorageAccess.WithStorageAsync(error, async storage =>
            {
                var result = await StorageAccess.Service(storage).ForkAsync(parse.GetValue(id)!, parse.GetValue(from)!, items, ct);
                await IdentityAccess.AuditAsync(storage, AuditActions.ExecutionForked, parse.GetValue(id), await IdentityAccess.ProjectOfExecutionAsync(storage, parse.GetValue(id)!, ct), new { newExecutionId = result.ExecutionId, fromNode = parse.GetValue(from) }, ct);
                return await ReportAsync(storage, result, parse.GetValue(json), ct);
            }, ct);
        });
        return command;
    }

    private static Command Prune()
    {
        var maxAge = new Option<string?>("--max-age") { Description = $"Delete finished executions older than this (14d, 12h, 30m). Default: {RetentionPolicy.MaxAgeVariable}." };
        var maxCount = new Option<int?>("--max-count") { Description = $"Keep at most this many finished executions. Default: {RetentionPolicy.MaxCountVariable}." };
        var compact = new Option<string?>("--compact-after") { Description = "Also drop item data (keep summaries) of executions finished longer ago than this." };
        var command = new Command("prune", "Delete old finished executions by age and count, in small batches.") { maxAge, maxCount, compact };
        command.SetAction((parse, ct) => StorageAccess.WithStorageAsync(WorkflowLoader.StandardError(), async storage =>
        {
            var policy = RetentionPolicy.FromEnvironment();
            policy = policy with
            {
                MaxAge = parse.GetValue(maxAge) is { } age ? RetentionPolicy.ParseAge(age, "--max-age") : policy.MaxAge,
                MaxCount = parse.GetValue(maxCount) ?? policy.MaxCount,
                CompactAfter = parse.GetValue(compact) is { } c ? RetentionPolicy.ParseAge(c, "--compact-after") : null,
            };
            if (policy.MaxCount is < 0)
            {
                throw new ArgumentException("--max-count must be 0 or more.");
            }

            if (policy.IsEmpty)
            {
                throw new ArgumentException($"Nothing to prune by: pass --max-age and/or --max-count, or set {RetentionPolicy.MaxAgeVariable} / {RetentionPolicy.MaxCountVariable}.");
            }

            var result = await StorageAccess.Service(storage).PruneAsync(policy, ct);
            if (result.Deleted > 0 || result.Compacted > 0)
            {
                // One entry for the whole run: per-execution entries would let retention flood the log.
                await IdentityAccess.AuditAsync(storage, AuditActions.ExecutionsPruned, null, null, new { deleted = result.Deleted, byAge = result.DeletedByAge, byCount = result.DeletedByCount, compacted = result.Compacted }, ct);
            }

            Console.Out.WriteLine($"pruned {result.Deleted} execution(s) ({result.DeletedByAge} by age, {result.DeletedByCount} by count), compacted {result.Compacted}, in {result.Batches} batch(es)");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static async Task<int> ReportAsync(TesseraStorage storage, ExecutionResult result, bool json, CancellationToken ct)
    {
        Workflow workflow = new() { Name = "replay" };
        await foreach (var e in storage.Executions.ReadAsync(result.ExecutionId, ct))
        {
            if (e is ExecutionCreated created)
            {
                workflow = WorkflowJson.Parse(created.WorkflowJson);
            }

            break;
        }

        return RunCommand.Report(workflow, result, json, WorkflowLoader.StandardError(), saved: true);
    }

    private static JsObject SummaryJson(ExecutionSummary s) => new()
    {
        ["id"] = s.Id,
        ["workflowId"] = s.WorkflowId is null ? JsValue.Null : s.WorkflowId,
        ["status"] = StorageAccess.StatusName(s.Status),
        ["mode"] = s.Mode,
        ["startedAt"] = Time(s.StartedAt),
        ["finishedAt"] = s.FinishedAt is { } f ? Time(f) : JsValue.Null,
        ["lastNode"] = s.LastNode is null ? JsValue.Null : s.LastNode,
        ["failedNode"] = s.FailedNode is null ? JsValue.Null : s.FailedNode,
        ["parentExecutionId"] = s.ParentExecutionId is null ? JsValue.Null : s.ParentExecutionId,
        ["waitUntil"] = s.WaitUntil is { } w ? Time(w) : JsValue.Null,
    };

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
