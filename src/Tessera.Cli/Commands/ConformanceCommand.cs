using System.CommandLine;
using Spectre.Console;
using Tessera.Cli.Conformance;
using Tessera.Engine.Expressions;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera conformance &lt;dir&gt;</c>: runs n8n's node-test workflows and compares every pinned node's output.</summary>
internal static class ConformanceCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("directory") { Description = "Folder searched recursively for workflow JSON files with pinData (e.g. ../shared/conformance)." };
        var command = new Command("conformance", "Run n8n test workflows and compare every pinned node's output. Exit 0 when none failed, 1 otherwise, 2 for a bad directory.") { dir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(dir)!;
            if (!Directory.Exists(directory))
            {
                WorkflowLoader.StandardError().MarkupLineInterpolated($"[red]error:[/] {directory}: no such directory.");
                return ExitCodes.BadInput;
            }

            var runner = new ConformanceRunner(new ExpressionEvaluator());
            var report = await runner.RunAsync(directory, cancellationToken);
            ConformanceRenderer.Render(report, AnsiConsole.Console);
            return report.Failed == 0 ? ExitCodes.Success : ExitCodes.WorkflowFailed;
        });
        return command;
    }
}
