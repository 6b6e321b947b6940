using System.CommandLine;
using Spectre.Console;
using Tessera.Nodes;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera validate &lt;workflow.json&gt;</c>: prints every problem, exit 0 when valid, 2 otherwise.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("workflow") { Description = "Path of an n8n workflow JSON file." };
        var command = new Command("validate", "Check a workflow without running it; lists every problem with its location.") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var error = WorkflowLoader.StandardError();
            if (!WorkflowLoader.TryLoad(path, error, out var workflow))
            {
                return ExitCodes.BadInput;
            }

            var problems = TesseraEngineFactory.Create().Validate(workflow);
            if (problems.Count > 0)
            {
                WorkflowLoader.ReportProblems(path, problems, error);
                return ExitCodes.BadInput;
            }

            AnsiConsole.MarkupLineInterpolated($"[green]valid:[/] {path} ({workflow.Nodes.Count} nodes, {workflow.Connections.Count} connections)");
            return ExitCodes.Success;
        });
        return command;
    }
}
